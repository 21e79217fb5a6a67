namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Step 4 (spec "Decision order"; "Pre-warm windows"): the active pre-warm occurrences (level-triggered, see
/// <see cref="PrewarmFloors"/>), the highest <c>floor</c> override, and on a VM group the nodes its hosted pod
/// policies need (<see cref="HostedNodeFloor"/>), each clamped to maxReplicas.
/// </summary>
internal static class Floors
{
    public static void Apply(ref DecisionContext c)
    {
        var floor = PrewarmFloors.Evaluate(c.Spec, c.Current, c.State.PrewarmBaselines, c.StateLost, c.Now, ref c.Steps, out c.Baselines, out var prewarmCode);
        if (floor is { } prewarmFloor)
        {
            c.Raise(prewarmFloor, prewarmCode);
        }

        if (c.Overrides.Floor is { Replicas: { } floorN } floorOverride)
        {
            var max = c.Guardrails.MaxReplicas;
            var level = Math.Min(floorN, max);
            c.Steps.Add(DecisionStage.Floors, ReasonCode.FloorOverride, floorOverride.Owner, floorN, after: level, limit: max);
            floor = Math.Max(floor ?? level, level);
            c.Raise(level, ReasonCode.FloorOverride);
        }

        c.Floor = floor;
        HostedNodeFloor.Apply(ref c);
    }
}
