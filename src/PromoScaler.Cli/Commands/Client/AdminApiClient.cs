using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>One answer of the admin API: its status and body text.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, string Body)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;
}

/// <summary>
/// Calls the daemon's admin API and turns its answers into exit codes: 0 ok, 1 failed (invalid request, server
/// unreachable or unavailable), 3 unauthorised or forbidden, 4 not found, 5 conflict. Error text comes from the
/// API's problem details; the token is only ever sent, never written anywhere.
/// </summary>
internal sealed class AdminApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ClientConnection _connection;

    public AdminApiClient(ClientConnection connection)
    {
        _connection = connection;
        _http = new HttpClient { BaseAddress = connection.Server, Timeout = TimeSpan.FromSeconds(30) };
        if (connection.Token is { } token)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public ClientConnection Connection => _connection;

    public void Dispose() => _http.Dispose();

    /// <summary>Sends one request; null (after writing why to <paramref name="errors"/>) when the server could not be reached.</summary>
    public async Task<ApiAnswer?> SendAsync(HttpMethod method, string path, string? json, IAnsiConsole errors, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            return new ApiAnswer(response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            errors.WriteLine($"cannot reach {_connection.Server}: {ex.Message}");
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            errors.WriteLine($"{_connection.Server} did not answer within {_http.Timeout.TotalSeconds:0}s");
            return null;
        }
    }

    /// <summary>The exit code of a failed answer, after writing its problem to <paramref name="errors"/>.</summary>
    public int Fail(ApiAnswer answer, IAnsiConsole errors)
    {
        var (title, detail, field) = Problem(answer.Body);
        var code = (int)answer.Status switch
        {
            401 or 403 => ExitCodes.Unauthorized,
            404 => ExitCodes.NotFound,
            409 => ExitCodes.Conflict,
            _ => ExitCodes.Invalid,
        };
        var hint = answer.Status == HttpStatusCode.Unauthorized && _connection.Token is null
            ? $" (no token given: pass --token or set {ClientOptions.TokenVariable})"
            : "";
        var where = field is null ? "" : $" [{field}]";
        errors.WriteLine($"{(int)answer.Status} {title ?? answer.Status.ToString()}{where}: {detail ?? "no detail"}{hint}");
        return code;
    }

    /// <summary>Reads a success body as <typeparamref name="T"/>; null when the server sent something else.</summary>
    public static T? Read<T>(string body, JsonTypeInfo<T> type, IAnsiConsole errors)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException ex)
        {
            errors.WriteLine($"the server's answer is not what this promoscaler expects: {ex.Message}");
            return null;
        }
    }

    private static (string? Title, string? Detail, string? Field) Problem(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind != JsonValueKind.Object
                ? (null, null, null)
                : (Text(root, "title"), Text(root, "detail"), Text(root, "field"));
        }
        catch (JsonException)
        {
            return (null, body.Length == 0 ? null : body[..Math.Min(body.Length, 200)], null);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
