using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PromoScaler.Admin.Tests.Infrastructure;

/// <summary>Small helpers for calling the API and reading its answers.</summary>
public static class ApiCalls
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string path, string json) => client.PostAsync(path, Json(json));

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string path, string json) => client.PutAsync(path, Json(json));

    public static async Task<JsonElement> Body(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The problem-details <c>field</c> member.</summary>
    public static async Task<string?> ProblemField(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Body();
        return body.TryGetProperty("field", out var field) ? field.GetString() : null;
    }

    public static Task<T?> Read<T>(this HttpResponseMessage response) => response.Content.ReadFromJsonAsync<T>();
}
