using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using PromoScaler.Admin.Configuration;

namespace PromoScaler.Admin.Http;

/// <summary>
/// Reads a JSON request body: refuses a body without a JSON content type (415) and anything over
/// <see cref="AdminApiConstants.MaxBodyBytes"/> before parsing it, then checks every member against the request type
/// (<see cref="BodyMembers"/>) before binding, so each failure is a 400 that names the field in the API's words,
/// never a .NET type. The model binder of minimal APIs is not used: its errors do not say which field was wrong.
/// </summary>
internal static class JsonBody
{
    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        var limit = AdminApiConstants.MaxBodyBytes;
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblem.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "The body must be sent with Content-Type: application/json.", "Content-Type"));
        }

        if (request.ContentLength > limit)
        {
            return (null, TooLarge());
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

            return length > limit ? (null, TooLarge())
                : length == 0 ? (null, ApiProblem.BadRequest("body", "The request needs a JSON object body."))
                : Parse(buffer.AsMemory(0, length), type);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>application/json</c> or a <c>+json</c> type; a body without a Content-Type is not taken as JSON.</summary>
    private static bool IsJson(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType is { } m
        && (m.Equals("application/json", StringComparison.OrdinalIgnoreCase) || m.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static (T? Value, IResult? Problem) Parse<T>(ReadOnlyMemory<byte> utf8, JsonTypeInfo<T> type)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException e)
        {
            return (null, ApiProblem.BadRequest(SyntaxField(utf8.Span), Describe(e)));
        }

        using (document)
        {
            if (BodyMembers.Check(document.RootElement, type) is { } problem)
            {
                return (null, problem);
            }

            try
            {
                return document.RootElement.Deserialize(type) is { } value
                    ? (value, null)
                    : (null, ApiProblem.BadRequest("body", "The body must be a JSON object, not null."));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // BodyMembers has checked every member the type has, so this is a value the serializer still refuses
                // (text with a broken escape); its message names .NET types, so only the field is passed on.
                var field = e is JsonException { Path: { Length: > 2 } path } && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
                return (null, ApiProblem.BadRequest(field, $"'{field}' could not be read: it is not valid JSON text."));
            }
        }
    }

    /// <summary>
    /// The top-level member whose value holds a syntax error (<c>{"reason": oops}</c> is <c>reason</c>), or <c>body</c>
    /// when the error lies between members or outside the object: the reader is run again up to the error.
    /// </summary>
    private static string SyntaxField(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = Strict.MaxDepth });
        string? field = null;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1)
                {
                    continue;
                }

                // At depth 1 a name opens a member; any other token there (a value, or the end of a nested one) closes it.
                field = reader.TokenType == JsonTokenType.PropertyName ? reader.GetString()
                    : reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? field
                    : null;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return field is null ? "body" : BodyMembers.FieldName(field);
        }

        return "body";
    }

    private static IResult TooLarge() =>
        ApiProblem.BadRequest("body", $"The body is larger than {AdminApiConstants.MaxBodyBytes / 1024} KiB.");

    private static string Describe(JsonException e)
    {
        var where = e.LineNumber is { } line ? $" at line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1}" : "";
        // The reader's first sentence says what is wrong; the rest repeats the position.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        // The reader quotes the input it stopped at: escaped and clipped like any echoed input.
        var what = RequestFields.Printable(cut > 0 ? message[..cut] : message);
        return $"Malformed JSON{where}: {(what.Length <= 200 ? what : what[..200] + "...")}";
    }
}
