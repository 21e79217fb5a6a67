using System.Text.Json.Serialization;
using PromoScaler.Admin.WebConsole.Chart;

namespace PromoScaler.Admin.WebConsole;

/// <summary>JSON metadata of the console's read endpoints, generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChartView))]
[JsonSerializable(typeof(SessionView))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
