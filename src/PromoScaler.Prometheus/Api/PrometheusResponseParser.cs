using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using PromoScaler.Core.Engine;

namespace PromoScaler.Prometheus.Api;

/// <summary>
/// Reads the HTTP API v1 envelope: <c>{"status":"success","data":{"resultType":..,"result":..},"warnings":[..]}</c> or
/// <c>{"status":"error","errorType":..,"error":..}</c>. Sample values are strings (<c>"NaN"</c>, <c>"+Inf"</c>,
/// <c>"-Inf"</c> included); sample times are Unix seconds with millisecond precision.
/// </summary>
internal static class PrometheusResponseParser
{
    private const int MaxQuotedBody = 200;

    public static PrometheusQueryResult Parse(string source, HttpStatusCode status, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"HTTP {(int)status}: not a Prometheus API answer: {Quote(body)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var statusElement))
            {
                throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"HTTP {(int)status}: not a Prometheus API answer: {Quote(body)}");
            }

            if (statusElement.GetString() != "success")
            {
                var errorType = root.TryGetProperty("errorType", out var t) ? t.GetString() ?? "" : "";
                var error = root.TryGetProperty("error", out var e) ? e.GetString() ?? "" : "";
                throw new PrometheusQueryException(source, FailureOf(errorType, status), $"{errorType}: {error}");
            }

            if ((int)status is < 200 or > 299)
            {
                throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"HTTP {(int)status} with a success body");
            }

            return ParseData(source, root);
        }
    }

    /// <summary>
    /// Prometheus' error types: <c>bad_data</c> (400, e.g. a PromQL syntax error) and <c>execution</c> (422) are the
    /// query's fault; <c>timeout</c> (503) is the server's own deadline, i.e. our <c>timeout</c> parameter;
    /// <c>canceled</c>, <c>internal</c>, <c>unavailable</c> and unknown types are failed reads.
    /// </summary>
    private static ReadFailure FailureOf(string errorType, HttpStatusCode status) => errorType switch
    {
        "bad_data" or "execution" => ReadFailure.QueryError,
        "timeout" => ReadFailure.Timeout,
        _ when status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ReadFailure.QueryError,
        _ => ReadFailure.ReadFailed,
    };

    private static PrometheusQueryResult ParseData(string source, JsonElement root)
    {
        var warnings = new List<string>();
        AddStrings(root, "warnings", "", warnings);
        AddStrings(root, "infos", "info: ", warnings);

        try
        {
            var data = root.GetProperty("data");
            var result = data.GetProperty("result");
            var type = data.GetProperty("resultType").GetString();
            var series = new List<PrometheusSeries>();
            switch (type)
            {
                case "vector":
                    foreach (var item in result.EnumerateArray())
                    {
                        series.Add(new PrometheusSeries(Labels(item), [Sample(item.GetProperty("value"))]));
                    }

                    return new PrometheusQueryResult(PrometheusResultType.Vector, series, warnings);
                case "matrix":
                    foreach (var item in result.EnumerateArray())
                    {
                        var samples = item.GetProperty("values").EnumerateArray().Select(Sample).ToList();
                        series.Add(new PrometheusSeries(Labels(item), samples));
                    }

                    return new PrometheusQueryResult(PrometheusResultType.Matrix, series, warnings);
                case "scalar":
                    series.Add(new PrometheusSeries(new Dictionary<string, string>(), [Sample(result)]));
                    return new PrometheusQueryResult(PrometheusResultType.Scalar, series, warnings);
                case "string":
                    return new PrometheusQueryResult(PrometheusResultType.Text, series, warnings);
                default:
                    throw new PrometheusQueryException(source, ReadFailure.ReadFailed, $"unknown resultType '{type}'");
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new PrometheusQueryException(source, ReadFailure.ReadFailed, "malformed Prometheus answer: " + ex.Message, ex);
        }
    }

    private static void AddStrings(JsonElement root, string property, string prefix, List<string> into)
    {
        if (root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            into.AddRange(array.EnumerateArray().Select(w => prefix + w.GetString()));
        }
    }

    private static Dictionary<string, string> Labels(JsonElement item)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("metric", out var metric))
        {
            foreach (var label in metric.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return labels;
    }

    private static PrometheusSample Sample(JsonElement pair)
    {
        // [ <unix seconds, up to ms>, "<value>" ]; decimal keeps the milliseconds exact.
        var seconds = pair[0].GetDecimal();
        var time = DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
        return new PrometheusSample(time, ParseValue(pair[1].GetString()));
    }

    internal static double ParseValue(string? text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        null => throw new FormatException("sample value is null"),
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static string Quote(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, MaxQuotedBody)).ReplaceLineEndings(" ");
        return body.Length > MaxQuotedBody ? text + "..." : text;
    }
}
