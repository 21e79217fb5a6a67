using PromoScaler.Core.Engine;

namespace PromoScaler.Prometheus.Api;

/// <summary>A query that produced no result, typed by the engine's <see cref="ReadFailure"/> vocabulary.</summary>
public sealed class PrometheusQueryException : Exception
{
    public PrometheusQueryException()
    {
    }

    public PrometheusQueryException(string message)
        : base(message)
    {
    }

    public PrometheusQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates a typed failure of source <paramref name="source"/>.</summary>
    public PrometheusQueryException(string source, ReadFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Source = source;
        Failure = failure;
    }

    /// <summary>Why the query failed.</summary>
    public ReadFailure Failure { get; } = ReadFailure.ReadFailed;

    /// <summary>The configured source's name.</summary>
    public new string Source { get; } = "";
}
