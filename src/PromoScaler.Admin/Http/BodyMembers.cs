using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Http;

/// <summary>
/// Checks a request body against its type before it is bound: a JSON object whose every member is a known field
/// (an unknown one is named with the closest known field), given once (a repeated key is refused rather than the
/// last one winning), with a value of the field's JSON type (a string, a whole number that fits, true or false).
/// </summary>
internal static class BodyMembers
{
    public static IResult? Check(JsonElement root, JsonTypeInfo type)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ApiProblem.BadRequest("body", $"The body must be a JSON object, not {Describe(root.ValueKind)}.");
        }

        var known = type.Properties.ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (NameOf(member) is not { } name)
            {
                return ApiProblem.BadRequest("body", "A member name is not valid text (a broken \\u escape).");
            }

            if (!known.TryGetValue(name, out var clrType))
            {
                var hint = NearestName.Of(name, known.Keys) is { } nearest ? $" (did you mean \"{nearest}\"?)" : "";
                return ApiProblem.BadRequest(FieldName(name),
                    $"Unknown field {RequestFields.Quote(name)}{hint}; this body takes {string.Join(", ", known.Keys)}.");
            }

            if (!seen.Add(name))
            {
                return ApiProblem.BadRequest(name, $"'{name}' is given more than once; send each field once.");
            }

            if (Value(name, member.Value, clrType) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>The member's name; null when it cannot be text (an escaped lone surrogate, on which reading it throws).</summary>
    private static string? NameOf(JsonProperty member)
    {
        try
        {
            return RequestFields.IsWellFormed(member.Name) ? member.Name : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static IResult? Value(string name, JsonElement value, Type clrType)
    {
        var kind = value.ValueKind;
        var nullable = Nullable.GetUnderlyingType(clrType) is not null || !clrType.IsValueType;
        if (kind == JsonValueKind.Null)
        {
            return nullable ? null : ApiProblem.BadRequest(name, $"'{name}' must not be null.");
        }

        var target = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (target == typeof(string))
        {
            return kind != JsonValueKind.String ? WrongType(name, "a string", kind)
                : IsReadable(value) ? null
                : ApiProblem.BadRequest(name, $"'{name}' is not valid text (a broken \\u escape).");
        }

        if (target == typeof(bool))
        {
            return kind is JsonValueKind.True or JsonValueKind.False ? null : WrongType(name, "true or false", kind);
        }

        if (target == typeof(int))
        {
            return kind != JsonValueKind.Number ? WrongType(name, "a whole number", kind)
                : value.TryGetInt32(out _) ? null
                : Number.ParseInteger(value.GetRawText(), out _) == ParseOutcome.Malformed
                    ? ApiProblem.BadRequest(name, $"'{name}': {RequestFields.Quote(value.GetRawText())} is not a whole number.")
                    : ApiProblem.BadRequest(name, $"'{name}': {RequestFields.Quote(value.GetRawText())} is out of range: a whole number from {int.MinValue.ToString(CultureInfo.InvariantCulture)} to {int.MaxValue.ToString(CultureInfo.InvariantCulture)}.");
        }

        return null;
    }

    private static IResult WrongType(string name, string expected, JsonValueKind kind) =>
        ApiProblem.BadRequest(name, $"'{name}' must be {expected}, not {Describe(kind)}.");

    /// <summary>A string a serializer can turn into text: escapes of lone surrogates (<c>"\ud800"</c>) cannot be.</summary>
    private static bool IsReadable(JsonElement value)
    {
        try
        {
            return RequestFields.IsWellFormed(value.GetString()!);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    /// <summary>An unknown member as the <c>field</c> of the problem: as sent when short and printable, else quoted and clipped.</summary>
    public static string FieldName(string name) =>
        name.Length is > 0 and <= QuotedValue.MaxLength && !name.Any(char.IsControl) ? name : RequestFields.Quote(name);
}
