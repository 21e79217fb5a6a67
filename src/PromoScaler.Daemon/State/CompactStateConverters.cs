using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PromoScaler.Core.Engine;

namespace PromoScaler.Daemon.State;

/// <summary>
/// The stabilization history and the scale events, most of a policy's memory, as pairs <c>[unixSeconds, count]</c>
/// instead of objects with ISO timestamps: about a third of the size, and exact (the seconds carry every 100 ns tick,
/// so the instant reads back equal). The object form older versions wrote is still read.
/// </summary>
internal static class CompactInstant
{
    private const long TicksPerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Writes <paramref name="instant"/> as Unix seconds with up to seven decimals, as a JSON number.</summary>
    public static void Write(Utf8JsonWriter writer, DateTimeOffset instant)
    {
        var seconds = (decimal)(instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerSecond;
        var text = seconds.ToString("0.#######", CultureInfo.InvariantCulture);
        writer.WriteRawValue(text, skipInputValidation: true);
    }

    /// <summary>Reads Unix seconds (a number) or an ISO 8601 string.</summary>
    public static DateTimeOffset Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetDateTimeOffset();
        }

        var seconds = reader.GetDecimal();
        var ticks = decimal.Round(seconds * TicksPerSecond, 0);
        var max = DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var min = DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks > max || ticks < min)
        {
            throw new JsonException($"{seconds} is not an instant in Unix seconds");
        }

        return new DateTimeOffset((long)ticks + DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.Zero);
    }

    /// <summary>Reads <c>[instant, count]</c>, or the object form <c>{"timestamp": ..., countName: ...}</c>.</summary>
    public static (DateTimeOffset At, int Count) ReadPair(ref Utf8JsonReader reader, string countName)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ReadObject(ref reader, countName);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected [instant, {countName}], found {reader.TokenType}");
        }

        Next(ref reader);
        var at = Read(ref reader);
        Next(ref reader);
        var count = reader.GetInt32();
        Next(ref reader);
        return reader.TokenType == JsonTokenType.EndArray ? (at, count) : throw new JsonException($"expected [instant, {countName}], found more");
    }

    private static (DateTimeOffset At, int Count) ReadObject(ref Utf8JsonReader reader, string countName)
    {
        DateTimeOffset? at = null;
        int? count = null;
        while (true)
        {
            Next(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return at is { } a && count is { } c ? (a, c) : throw new JsonException($"expected timestamp and {countName}");
            }

            var name = reader.GetString();
            Next(ref reader);
            if (name == "timestamp")
            {
                at = Read(ref reader);
            }
            else if (name == countName)
            {
                count = reader.GetInt32();
            }
            else
            {
                reader.Skip(); // a member a newer version may have written
            }
        }
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("the document ends inside a pair");
        }
    }
}

/// <summary>A timestamped count as <c>[unixSeconds, count]</c>.</summary>
internal abstract class CompactPairConverter<T>(string countName) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (at, count) = CompactInstant.ReadPair(ref reader, countName);
        return Of(at, count);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var (at, count) = Parts(value);
        writer.WriteStartArray();
        CompactInstant.Write(writer, at);
        writer.WriteNumberValue(count);
        writer.WriteEndArray();
    }

    protected abstract T Of(DateTimeOffset at, int count);

    protected abstract (DateTimeOffset At, int Count) Parts(T value);
}

/// <summary><see cref="TimestampedRecommendation"/> as <c>[unixSeconds, replicas]</c>.</summary>
internal sealed class RecommendationConverter() : CompactPairConverter<TimestampedRecommendation>("replicas")
{
    protected override TimestampedRecommendation Of(DateTimeOffset at, int count) => new(at, count);

    protected override (DateTimeOffset At, int Count) Parts(TimestampedRecommendation value) => (value.Timestamp, value.Replicas);
}

/// <summary><see cref="ScaleEvent"/> as <c>[unixSeconds, change]</c>.</summary>
internal sealed class ScaleEventConverter() : CompactPairConverter<ScaleEvent>("change")
{
    protected override ScaleEvent Of(DateTimeOffset at, int count) => new(at, count);

    protected override (DateTimeOffset At, int Count) Parts(ScaleEvent value) => (value.Timestamp, value.Change);
}
