using Microsoft.AspNetCore.Http;

namespace PromoScaler.Admin.Http;

/// <summary>RFC 9457 problem details for every error of the API, with a <c>field</c> member naming the input at fault.</summary>
internal static class ApiProblem
{
    public static IResult Of(int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal) { ["field"] = field };
        return Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }

    public static Task Write(HttpContext context, int status, string title, string detail, string? field = null) =>
        Of(status, title, detail, field).ExecuteAsync(context);

    public static IResult BadRequest(string field, string detail) => Of(StatusCodes.Status400BadRequest, "Invalid request", detail, field);

    public static IResult PolicyNotFound(string policy) =>
        Of(StatusCodes.Status404NotFound, "Not found", $"No policy named {RequestFields.Quote(policy)} is in force.", "policy");

    public static IResult NotFound(string field, string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail, field);

    public static IResult Conflict(string field, string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail, field);

    /// <summary>The change was not persisted (store failed, or this replica is a follower): nothing changed.</summary>
    public static IResult NotPersisted(string problem) =>
        Of(StatusCodes.Status503ServiceUnavailable, "Not persisted", $"Nothing was changed: {problem}");
}
