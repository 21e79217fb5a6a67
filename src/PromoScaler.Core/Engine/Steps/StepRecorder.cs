namespace PromoScaler.Core.Engine.Steps;

/// <summary>
/// Collects the explanation of one decision in a per-thread scratch buffer and hands out an exact-size array,
/// so that a complete explanation costs one allocation.
/// </summary>
internal struct StepRecorder
{
    [ThreadStatic]
    private static ExplanationStep[]? s_scratch;

    private ExplanationStep[] _buffer;
    private int _count;

    public StepRecorder()
    {
        _buffer = s_scratch ?? new ExplanationStep[32];
        s_scratch = null;
        _count = 0;
    }

    public readonly int Count => _count;

    public void Add(in ExplanationStep step)
    {
        if (_count == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_count++] = step;
    }

    public void Add(DecisionStage stage, ReasonCode code, string? subject = null, double? value = null, int? before = null, int? after = null, double? limit = null) =>
        Add(new ExplanationStep(stage, code, subject, value, before, after, limit));

    /// <summary>The steps in order; returns the scratch buffer for the next decision on this thread.</summary>
    public ExplanationStep[] ToArrayAndRelease()
    {
        var result = _buffer.AsSpan(0, _count).ToArray();
        Array.Clear(_buffer, 0, _count);
        s_scratch = _buffer;
        _count = 0;
        return result;
    }
}
