using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using PromoScaler.Admin.Configuration;

namespace PromoScaler.Admin.Http;

/// <summary>
/// Reads a JSON request body, refusing anything over <see cref="AdminApiConstants.MaxBodyBytes"/> before parsing it,
/// and turning every parse failure into a 400 that names the field (a JSON path) and the line and column.
/// The model binder of minimal APIs is not used: its errors do not say which field was wrong.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var limit = AdminApiConstants.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return (null, TooLarge());
        }

        if (request.ContentType is { } contentType
            && (!MediaTypeHeaderValue.TryParse(contentType, out var media) || media.MediaType is not { } m
                || !(m.Equals("application/json", StringComparison.OrdinalIgnoreCase) || m.EndsWith("+json", StringComparison.OrdinalIgnoreCase))))
        {
            return (null, ApiProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", "The body must be application/json.", "Content-Type"));
        }

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = 0;
            while (length <= limit)
            {
                var read = await request.Body.ReadAsync(buffer.AsMemory(length, limit + 1 - length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (length > limit)
            {
                return (null, TooLarge());
            }

            if (length == 0)
            {
                return (null, ApiProblem.BadRequest("body", "The request needs a JSON object body."));
            }

            try
            {
                var value = JsonSerializer.Deserialize(buffer.AsSpan(0, length), type);
                return value is null ? (null, ApiProblem.BadRequest("body", "The body must be a JSON object, not null.")) : (value, null);
            }
            catch (JsonException e)
            {
                return (null, ApiProblem.BadRequest(FieldOf(e), Describe(e)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge() =>
        ApiProblem.BadRequest("body", $"The body is larger than {AdminApiConstants.MaxBodyBytes / 1024} KiB.");

    /// <summary>The JSON path without its root (<c>$.replicas</c> is <c>replicas</c>); <c>body</c> for the document itself.</summary>
    private static string FieldOf(JsonException e) => e.Path switch
    {
        null or "$" or "" => "body",
        var path when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        var path => path.TrimStart('$'),
    };

    private static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        // The serializer's message names .NET types; the first sentence is what a caller needs.
        var message = e.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return $"Malformed JSON{where}: {(cut > 0 ? message[..cut] : message)}";
    }
}
