using System.Text.Json.Serialization;
using PromoScaler.Core.Intent;

namespace PromoScaler.Admin.Contracts;

/// <summary>
/// JSON metadata of the API, generated at build time. Unknown request members are refused (a misspelt
/// <c>reson</c> must not silently drop the reason).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(OverrideRequest))]
[JsonSerializable(typeof(PauseRequest))]
[JsonSerializable(typeof(ResumeRequest))]
[JsonSerializable(typeof(PrewarmRequest))]
[JsonSerializable(typeof(HealthView))]
[JsonSerializable(typeof(PolicyView))]
[JsonSerializable(typeof(IReadOnlyList<PolicyView>))]
[JsonSerializable(typeof(HistoryView))]
[JsonSerializable(typeof(OverrideView))]
[JsonSerializable(typeof(IReadOnlyList<OverrideView>))]
[JsonSerializable(typeof(PauseView))]
[JsonSerializable(typeof(ResumeView))]
[JsonSerializable(typeof(PrewarmView))]
[JsonSerializable(typeof(IReadOnlyList<PrewarmView>))]
[JsonSerializable(typeof(PrewarmStatusView))]
[JsonSerializable(typeof(AuditEntry))]
[JsonSerializable(typeof(IReadOnlyList<AuditEntry>))]
public sealed partial class AdminJsonContext : JsonSerializerContext;
