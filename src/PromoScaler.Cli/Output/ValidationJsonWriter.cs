using System.Text.Encodings.Web;
using System.Text.Json;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Policies.Loading;
using PromoScaler.Prometheus.Validation;

namespace PromoScaler.Cli.Output;

/// <summary>
/// The machine report of <c>validate --output json</c>. Stable shape (add fields, never rename):
/// <c>{ valid, policies[{name, file, line, column, target{kind, namespace, name, apiVersion, resource}, dryRun}],
/// errors[{file, line, column, path, message}], warnings[...same], windows[{policy, type, path, name, timeZone,
/// occurrences[{from, until, fromLocal, untilLocal}]}], prometheus? }</c>. Instants are ISO-8601: UTC with <c>Z</c>, local
/// with the offset. <c>prometheus</c> is present only after <c>--prometheus</c> on policies that loaded:
/// <c>{url, at, failed, metrics[{policy, metric, source, query, passed, seriesCount, value, freshAt, ageSeconds,
/// completeness, failure, problem, warnings[]}]}</c>; <c>value</c> is a number, or the string <c>NaN</c>, <c>+Inf</c>
/// or <c>-Inf</c>, or null without one; <c>failure</c> is the reason code of a failed read (<c>queryError</c>,
/// <c>readFailed</c>, <c>timeout</c>, <c>circuitOpen</c>) or null.
/// </summary>
internal static class ValidationJsonWriter
{
    public static void Write(ValidationReport report, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteBoolean("valid", report.Valid);

            WritePolicies(json, report);
            WriteDiagnostics(json, "errors", report.Errors);
            WriteDiagnostics(json, "warnings", report.Warnings);

            WriteWindows(json, report);
            if (report.Prometheus is { } prometheus)
            {
                WritePrometheus(json, prometheus);
            }

            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WritePrometheus(Utf8JsonWriter json, PrometheusCheckReport prometheus)
    {
        json.WriteStartObject("prometheus");
        json.WriteString("url", prometheus.Url.ToString());
        json.WriteString("at", prometheus.At.UtcDateTime);
        json.WriteNumber("failed", prometheus.Failed);
        json.WriteStartArray("metrics");
        foreach (var (metric, check) in prometheus.Metrics)
        {
            var reading = check.Reading;
            json.WriteStartObject();
            json.WriteString("policy", check.Policy);
            json.WriteString("metric", metric.Name);
            json.WriteString("source", metric.Source);
            json.WriteString("query", metric.Query);
            json.WriteBoolean("passed", check.Passed);
            json.WriteNumber("seriesCount", reading.SeriesCount);
            WriteValue(json, "value", reading.Value);
            if (reading.FreshAt is { } fresh)
            {
                json.WriteString("freshAt", fresh.UtcDateTime);
                json.WriteNumber("ageSeconds", (prometheus.At - fresh).TotalSeconds);
            }
            else
            {
                json.WriteNull("freshAt");
                json.WriteNull("ageSeconds");
            }

            WriteValue(json, "completeness", reading.Completeness);
            if (reading.Failure is { } failure)
            {
                json.WriteString("failure", PrometheusPolicyChecker.ReasonOf(failure).ToCode());
            }
            else
            {
                json.WriteNull("failure");
            }

            json.WriteString("problem", check.Problem);
            json.WriteStartArray("warnings");
            foreach (var warning in reading.Warnings ?? [])
            {
                json.WriteStringValue(warning);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>JSON has no NaN or infinity: those are written as the strings PromQL prints.</summary>
    private static void WriteValue(Utf8JsonWriter json, string name, double? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(name);
                break;
            case { } v when double.IsFinite(v):
                json.WriteNumber(name, v);
                break;
            case { } v:
                json.WriteString(name, double.IsNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf");
                break;
        }
    }

    private static void WriteDiagnostics(Utf8JsonWriter json, string name, IReadOnlyList<PolicyDiagnostic> diagnostics)
    {
        json.WriteStartArray(name);
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("file", d.Location.File);
            json.WriteNumber("line", d.Location.Line);
            json.WriteNumber("column", d.Location.Column);
            json.WriteString("path", d.Path);
            json.WriteString("message", d.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WritePolicies(Utf8JsonWriter json, ValidationReport report)
    {
        json.WriteStartArray("policies");
        foreach (var policy in report.Policies)
        {
            json.WriteStartObject();
            json.WriteString("name", policy.Name);
            json.WriteString("file", policy.Origin.File);
            json.WriteNumber("line", policy.Origin.Line);
            json.WriteNumber("column", policy.Origin.Column);
            json.WriteStartObject("target");
            json.WriteString("kind", policy.Spec.Target.Kind.ToString());
            json.WriteString("namespace", policy.Spec.Target.Namespace);
            json.WriteString("name", policy.Spec.Target.Name);
            json.WriteString("apiVersion", policy.Spec.Target.ApiVersion);
            json.WriteString("resource", policy.Spec.Target.Resource);
            json.WriteEndObject();
            json.WriteBoolean("dryRun", policy.Spec.DryRun);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteWindows(Utf8JsonWriter json, ValidationReport report)
    {
        json.WriteStartArray("windows");
        foreach (var window in report.Windows)
        {
            json.WriteStartObject();
            json.WriteString("policy", window.Policy);
            json.WriteString("type", window.Type);
            json.WriteString("path", window.Path);
            json.WriteString("name", window.Name);
            json.WriteString("timeZone", window.TimeZone);
            json.WriteStartArray("occurrences");
            foreach (var o in window.Occurrences)
            {
                json.WriteStartObject();
                json.WriteString("from", o.From.UtcDateTime);
                json.WriteString("until", o.Until.UtcDateTime);
                json.WriteString("fromLocal", o.FromLocal);
                json.WriteString("untilLocal", o.UntilLocal);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
