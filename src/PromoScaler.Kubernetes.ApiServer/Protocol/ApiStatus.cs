using System.Text.Json.Nodes;

namespace PromoScaler.Kubernetes.ApiServer.Protocol;

/// <summary>
/// The API server's failure answers: a <c>Status</c> object (<c>kind: Status</c>, <c>status: Failure</c>) with the
/// HTTP code repeated in <c>code</c>, a machine <c>reason</c> (<c>StatusReason</c> in k8s.io/apimachinery), a human
/// <c>message</c> worded as the real server words it, and <c>details</c> naming the object.
/// </summary>
public static class ApiStatus
{
    /// <summary><c>404 NotFound</c>: <c>deployments.apps "web" not found</c>.</summary>
    public static JsonObject NotFound(ApiPath path) =>
        Failure(404, "NotFound", $"{path.QualifiedResource} \"{path.Name}\" not found", Details(path));

    /// <summary><c>404 NotFound</c> for a path no resource serves.</summary>
    public static JsonObject UnknownResource() =>
        Failure(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    /// <summary><c>409 Conflict</c>: the write named a resourceVersion that is no longer current.</summary>
    public static JsonObject Conflict(ApiPath path) => Failure(
        409,
        "Conflict",
        $"Operation cannot be fulfilled on {path.QualifiedResource} \"{path.Name}\": the object has been modified; please apply your changes to the latest version and try again",
        Details(path));

    /// <summary><c>409 AlreadyExists</c>: a create for a name that is taken.</summary>
    public static JsonObject AlreadyExists(ApiPath path, string name) => Failure(
        409,
        "AlreadyExists",
        $"{path.QualifiedResource} \"{name}\" already exists",
        Details(path, name));

    /// <summary><c>403 Forbidden</c>, worded as RBAC denies: user, verb, resource (with subresource), group, namespace.</summary>
    public static JsonObject Forbidden(ApiPath path, string verb, string user)
    {
        var subject = path.Name is null ? path.QualifiedResource : $"{path.QualifiedResource} \"{path.Name}\"";
        var scope = path.Namespace is null ? "at the cluster scope" : $"in the namespace \"{path.Namespace}\"";
        return Failure(
            403,
            "Forbidden",
            $"{subject} is forbidden: User \"{user}\" cannot {verb} resource \"{path.RbacResource}\" in API group \"{path.Group}\" {scope}",
            Details(path));
    }

    /// <summary><c>429 TooManyRequests</c> (API priority and fairness), with <c>details.retryAfterSeconds</c>.</summary>
    public static JsonObject TooManyRequests(int retryAfterSeconds) => Failure(
        429,
        "TooManyRequests",
        "Too many requests, please try again later.",
        new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds });

    /// <summary><c>500 InternalError</c>.</summary>
    public static JsonObject InternalError(string cause) => Failure(
        500,
        "InternalError",
        $"Internal error occurred: {cause}",
        new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = cause }) });

    /// <summary>Any other code (e.g. <c>503 ServiceUnavailable</c>), with the reason Kubernetes uses for it.</summary>
    public static JsonObject ForCode(int code, ApiPath? path, string verb, string user, int retryAfterSeconds) => code switch
    {
        403 when path is not null => Forbidden(path, verb, user),
        404 when path is not null => path.Name is null ? UnknownResource() : NotFound(path),
        409 when path is not null => Conflict(path),
        429 => TooManyRequests(retryAfterSeconds),
        500 => InternalError("injected fault"),
        503 => Failure(503, "ServiceUnavailable", "the server is currently unable to handle the request", new JsonObject()),
        504 => Failure(504, "Timeout", "the server was unable to return a response in the time allotted", new JsonObject()),
        401 => Failure(401, "Unauthorized", "Unauthorized", new JsonObject()),
        _ => Failure(code, "Unknown", $"injected status {code}", new JsonObject()),
    };

    /// <summary><c>422 Invalid</c>: <c>Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...</c>, one cause per field.</summary>
    public static JsonObject Invalid(ResourceKindName kind, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = error.Reason,
                ["message"] = error.Message,
                ["field"] = error.Field,
            });
        }

        var qualifiedKind = kind.Group.Length == 0 ? kind.Kind : $"{kind.Kind}.{kind.Group}";
        var summary = errors.Count == 1
            ? $"{errors[0].Field}: {errors[0].Message}"
            : "[" + string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}")) + "]";
        return Failure(
            422,
            "Invalid",
            $"{qualifiedKind} \"{name}\" is invalid: {summary}",
            new JsonObject { ["name"] = name, ["group"] = kind.Group, ["kind"] = kind.Kind, ["causes"] = causes });
    }

    /// <summary><c>400 BadRequest</c>.</summary>
    public static JsonObject BadRequest(string message) => Failure(400, "BadRequest", message, null);

    /// <summary>
    /// <c>422 Invalid</c> for a JSON patch that cannot be applied: the API server answers its generic 422 (the
    /// operation's own error is not passed on), with empty details.
    /// </summary>
    public static JsonObject UnprocessablePatch() =>
        Failure(422, "Invalid", "the server rejected our request due to an error in our request", new JsonObject());

    /// <summary><c>415 UnsupportedMediaType</c> for a patch type the resource does not accept.</summary>
    public static JsonObject UnsupportedMediaType(string contentType, IEnumerable<string> accepted) => Failure(
        415,
        "UnsupportedMediaType",
        $"the body of the request was in an unknown format ({contentType}) - accepted media types include: {string.Join(", ", accepted)}",
        null);

    /// <summary><c>410 Expired</c>: a watch from a resourceVersion older than the history kept (the client relists).</summary>
    public static JsonObject Expired(string requested, string oldest) =>
        Failure(410, "Expired", $"too old resource version: {requested} ({oldest})", null);

    /// <summary><c>405 MethodNotAllowed</c>.</summary>
    public static JsonObject MethodNotAllowed(string method) =>
        Failure(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method})", null);

    private static JsonObject Details(ApiPath path, string? name = null)
    {
        var details = new JsonObject();
        if ((name ?? path.Name) is { } n)
        {
            details["name"] = n;
        }

        if (path.Group.Length > 0)
        {
            details["group"] = path.Group;
        }

        details["kind"] = path.Plural;
        return details;
    }

    private static JsonObject Failure(int code, string reason, string message, JsonObject? details)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
        };
        status["reason"] = reason;

        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }
}

/// <summary>A kind and its group, as an <c>Invalid</c> status names them.</summary>
public sealed record ResourceKindName(string Group, string Kind);

/// <summary>One field that failed validation (a <c>StatusCause</c>).</summary>
/// <param name="Field">The JSON path of the field (<c>spec.replicas</c>).</param>
/// <param name="Message">Worded as the real server does (<c>Invalid value: -1: must be greater than or equal to 0</c>).</param>
/// <param name="Reason">The cause type (<c>FieldValueInvalid</c>, <c>FieldValueTooLong</c>, <c>FieldValueRequired</c>).</param>
public sealed record FieldError(string Field, string Message, string Reason = "FieldValueInvalid");
