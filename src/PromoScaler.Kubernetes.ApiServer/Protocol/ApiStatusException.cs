using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Protocol;

/// <summary>Ends a request with a <c>Status</c> answer (see <see cref="ApiStatus"/>).</summary>
internal sealed class ApiStatusException(int code, JsonObject status) : Exception((string?)status["message"])
{
    public int Code { get; } = code;

    public JsonObject Status { get; } = status;
}
