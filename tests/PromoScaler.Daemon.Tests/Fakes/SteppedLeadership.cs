using System.Diagnostics.CodeAnalysis;
using PromoScaler.Daemon.Leadership;

namespace PromoScaler.Daemon.Tests.Fakes;

/// <summary>A leadership whose answers to <see cref="MayWrite"/> a test scripts, one per call; then the last one holds.</summary>
internal sealed class SteppedLeadership(params bool[] answers) : ILeadership
{
    private int _calls;

    public bool? IsLeader => true;

    public int Term { get; private set; } = 1;

    public List<string> EndedTerms { get; } = [];

    public bool MayWrite([NotNullWhen(false)] out string? refusal)
    {
        var answer = answers[Math.Min(_calls++, answers.Length - 1)];
        refusal = answer ? null : "the lease was last renewed too long ago";
        return answer;
    }

    public void EndTerm(string reason)
    {
        EndedTerms.Add(reason);
        Term++;
    }
}
