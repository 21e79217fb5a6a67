using PromoScaler.Core.Engine;
using PromoScaler.Core.History;

namespace PromoScaler.Daemon.History;

/// <summary>
/// One decision as a dozen bytes instead of a hundred-byte object (and its explanation steps at 3 to 20 bytes each
/// instead of 64): the instant as the ticks since the previous entry, counts as differences from each other, codes
/// as bytes, subjects as indexes into the policy's own table. Decoding gives back an equal record (the instant in
/// UTC), so <c>history</c> and <c>explain</c> read exactly what was recorded.
/// </summary>
/// <remarks>
/// Layout: flags (action in bits 0-1, then reactive, predictive, floor present, steps present), reason, instant
/// delta, current, desired - current, raw - desired, each present part - raw; then the step count and the steps:
/// code, stage, flags (subject, value, value integral, before, after, limit, limit integral) and the fields present.
/// </remarks>
internal static class DecisionCodec
{
    private const int HasReactive = 1 << 2, HasPredictive = 1 << 3, HasFloor = 1 << 4, HasSteps = 1 << 5;
    private const int StepSubject = 1, StepValue = 1 << 1, StepValueIntegral = 1 << 2, StepBefore = 1 << 3, StepAfter = 1 << 4, StepLimit = 1 << 5, StepLimitIntegral = 1 << 6;

    /// <summary>Writes <paramref name="record"/> with <paramref name="steps"/> as its explanation, its instant relative to <paramref name="previousTicks"/>.</summary>
    public static void Encode(EntryWriter writer, DecisionRecord record, IReadOnlyList<ExplanationStep> steps, long previousTicks, SubjectTable subjects)
    {
        var c = record.Components;
        var flags = (int)record.Action & 3;
        flags |= (c.Reactive.HasValue ? HasReactive : 0) | (c.Predictive.HasValue ? HasPredictive : 0) | (c.Floor.HasValue ? HasFloor : 0) | (steps.Count > 0 ? HasSteps : 0);
        writer.Byte((byte)flags);
        writer.Byte((byte)record.Reason);
        writer.Signed(record.At.UtcTicks - previousTicks);
        writer.Signed(record.Current);
        writer.Signed((long)record.Desired - record.Current);
        writer.Signed((long)c.Raw - record.Desired);
        Part(writer, c.Reactive, c.Raw);
        Part(writer, c.Predictive, c.Raw);
        Part(writer, c.Floor, c.Raw);

        if (steps.Count > 0)
        {
            writer.Varint((ulong)steps.Count);
            foreach (var step in steps)
            {
                EncodeStep(writer, step, subjects);
            }
        }
    }

    /// <summary>The instant delta of the entry <paramref name="reader"/> stands at, leaving it there.</summary>
    public static long PeekDelta(EntryReader reader)
    {
        reader.Position += 2;
        return reader.Signed();
    }

    /// <summary>Reads the entry <paramref name="reader"/> stands at; its instant is <paramref name="ticks"/> (UTC).</summary>
    public static DecisionRecord Decode(ref EntryReader reader, long ticks, SubjectTable subjects)
    {
        var flags = reader.Byte();
        var reason = (ReasonCode)reader.Byte();
        reader.Signed();
        var current = reader.Int();
        var desired = (int)(current + reader.Signed());
        var raw = (int)(desired + reader.Signed());
        int? reactive = (flags & HasReactive) != 0 ? (int)(raw + reader.Signed()) : null;
        int? predictive = (flags & HasPredictive) != 0 ? (int)(raw + reader.Signed()) : null;
        int? floor = (flags & HasFloor) != 0 ? (int)(raw + reader.Signed()) : null;
        IReadOnlyList<ExplanationStep> steps = [];
        if ((flags & HasSteps) != 0)
        {
            var read = new ExplanationStep[(int)reader.Varint()];
            for (var i = 0; i < read.Length; i++)
            {
                read[i] = DecodeStep(ref reader, subjects);
            }

            steps = read;
        }

        return new DecisionRecord(
            new DateTimeOffset(ticks, TimeSpan.Zero), (DecisionAction)(flags & 3), current, desired, reason, new DecisionComponents(reactive, predictive, floor, raw), steps);
    }

    private static void Part(EntryWriter writer, int? part, int raw)
    {
        if (part is { } value)
        {
            writer.Signed((long)value - raw);
        }
    }

    private static void EncodeStep(EntryWriter writer, ExplanationStep step, SubjectTable subjects)
    {
        var flags = (step.Subject is null ? 0 : StepSubject) | (step.Value.HasValue ? StepValue : 0) | (step.Before.HasValue ? StepBefore : 0)
            | (step.After.HasValue ? StepAfter : 0) | (step.Limit.HasValue ? StepLimit : 0);
        flags |= step.Value is { } v && EntryWriter.IsIntegral(v) ? StepValueIntegral : 0;
        flags |= step.Limit is { } l && EntryWriter.IsIntegral(l) ? StepLimitIntegral : 0;
        writer.Byte((byte)step.Code);
        writer.Byte((byte)step.Stage);
        writer.Byte((byte)flags);
        if (step.Subject is { } subject)
        {
            subjects.Write(writer, subject);
        }

        if (step.Value is { } value)
        {
            writer.Double(value);
        }

        if (step.Before is { } before)
        {
            writer.Signed(before);
        }

        if (step.After is { } after)
        {
            writer.Signed(after);
        }

        if (step.Limit is { } limit)
        {
            writer.Double(limit);
        }
    }

    private static ExplanationStep DecodeStep(ref EntryReader reader, SubjectTable subjects)
    {
        var code = (ReasonCode)reader.Byte();
        var stage = (DecisionStage)reader.Byte();
        var flags = reader.Byte();
        var subject = (flags & StepSubject) != 0 ? subjects.Read(ref reader) : null;
        double? value = (flags & StepValue) != 0 ? reader.Double((flags & StepValueIntegral) != 0) : null;
        int? before = (flags & StepBefore) != 0 ? reader.Int() : null;
        int? after = (flags & StepAfter) != 0 ? reader.Int() : null;
        double? limit = (flags & StepLimit) != 0 ? reader.Double((flags & StepLimitIntegral) != 0) : null;
        return new ExplanationStep(stage, code, subject, value, before, after, limit);
    }
}

/// <summary>
/// The subjects one policy's steps name (its metrics, windows, overrides' owners): each kept once and referred to by
/// index. Past <see cref="Size"/> distinct subjects the rest are written out in full, so a subject that changes on
/// every decision cannot grow the table without bound.
/// </summary>
internal sealed class SubjectTable
{
    /// <summary>Distinct subjects kept by index: 32.</summary>
    public const int Size = 32;

    private readonly List<string> _subjects = [];

    public void Write(EntryWriter writer, string subject)
    {
        var index = _subjects.IndexOf(subject);
        if (index < 0 && _subjects.Count < Size)
        {
            _subjects.Add(subject);
            index = _subjects.Count - 1;
        }

        // 0: written out; i + 1: the table's entry i.
        writer.Varint((ulong)(index + 1));
        if (index < 0)
        {
            writer.Text(subject);
        }
    }

    public string Read(ref EntryReader reader)
    {
        var index = (int)reader.Varint();
        return index == 0 ? reader.Text() : _subjects[index - 1];
    }
}
