using System.Net;

namespace PromoScaler.Prometheus.Resilience;

/// <summary>One attempt's answer, body already read, so the body read is inside the attempt's timeout.</summary>
internal sealed record PrometheusHttpResponse(HttpStatusCode Status, byte[] Body);
