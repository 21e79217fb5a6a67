using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace PromoScaler.Admin.Http;

/// <summary>
/// Describes a JSON request body in the OpenAPI document without <c>Accepts</c> metadata: that metadata makes
/// routing refuse other content types with a bare 415 before the handler, while the API answers every error with
/// problem details naming the field.
/// </summary>
internal static class OpenApiRequestBody
{
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { ["application/json"] = new() { Schema = schema } },
            };
        });
}
