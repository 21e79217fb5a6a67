using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Handling;

/// <summary>
/// Fields a custom resource's schema does not declare, handled as the request's <c>fieldValidation</c> says:
/// <c>Strict</c> (what kubectl sends by default) refuses the write with 400 naming each unknown field; otherwise
/// they are pruned, as the real server prunes them.
/// </summary>
internal static class FieldValidation
{
    public static void Apply(ApiRequest request, JsonObject o)
    {
        if (request.Type.Schema is not { } schema)
        {
            return;
        }

        var unknown = OpenApiObjectValidator.UnknownFields(schema, o);
        if (unknown.Count == 0)
        {
            return;
        }

        if (request.Query.TryGetValue("fieldValidation", out var mode) && mode == "Strict")
        {
            var kind = request.Type.Kind;
            throw new ApiStatusException(400, ApiStatus.BadRequest(
                $"{kind} in version \"{request.Type.Version}\" cannot be handled as a {kind}: strict decoding error: " +
                string.Join(", ", unknown.Select(f => $"unknown field \"{f}\""))));
        }

        OpenApiObjectValidator.Prune(schema, o);
    }
}
