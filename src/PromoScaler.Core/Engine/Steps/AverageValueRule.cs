using PromoScaler.Core.Policies;

namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// HPA's AverageValue rule with its tolerance (spec "Decision order", step 2), shared by the reactive and the
/// predictive proposal so that both read a value the same way.
/// </summary>
internal static class AverageValueRule
{
    /// <summary>
    /// Current when <c>value / (target x current)</c> is within 1 +/- tolerance (ratio returned), else
    /// <c>ceil(value / target)</c> (ratio null when current is 0: no ratio exists).
    /// </summary>
    public static int Proposal(double value, double targetPerReplica, int current, Tolerance tolerance, out double? ratio)
    {
        ratio = null;
        if (current > 0)
        {
            var r = value / (targetPerReplica * current);
            ratio = r;
            if (r >= 1 - tolerance.ScaleDown.Fraction && r <= 1 + tolerance.ScaleUp.Fraction)
            {
                return current;
            }
        }

        var proposal = ReplicaMath.Ceil(value / targetPerReplica);
        if (proposal == current)
        {
            ratio = null;
        }

        return proposal;
    }
}
