using System.Diagnostics.CodeAnalysis;
using PromoScaler.Daemon.Leadership;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>A leadership a test deposes at a moment of its choosing (<see cref="Leading"/>), from any thread.</summary>
internal sealed class ToggledLeadership : ILeadership
{
    private volatile bool _leading = true;

    public bool Leading
    {
        get => _leading;
        set => _leading = value;
    }

    public bool? IsLeader => Leading;

    public int Term => 1;

    public bool MayWrite([NotNullWhen(false)] out string? refusal)
    {
        refusal = Leading ? null : "deposed by the test";
        return refusal is null;
    }

    public void EndTerm(string reason) => Leading = false;
}
