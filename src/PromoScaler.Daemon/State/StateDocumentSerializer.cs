using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromoScaler.Daemon.State;

/// <summary>
/// Reads and writes <see cref="StateDocument"/>. The stored text is untrusted (an edited file, a ConfigMap someone
/// changed): anything that does not parse or does not make sense is reported and dropped, never thrown.
/// </summary>
internal static class StateDocumentSerializer
{
    // A member equal to its constructor parameter's default (no history, no zero memory, no gate) is left out, and so
    // is a derived one: it reads back the same, and the document of a shard holds thousands of policies.
    private static readonly JsonTypeInfo<StateDocument> Compact = (JsonTypeInfo<StateDocument>)new JsonSerializerOptions(StateDocumentJsonContext.Default.Options)
    {
        TypeInfoResolver = StateDocumentJsonContext.Default.WithAddedModifier(OmitDefaults),
    }.GetTypeInfo(typeof(StateDocument));

    public static string Serialize(StateDocument document) => JsonSerializer.Serialize(document, Compact);

    /// <summary>Parses <paramref name="text"/> part by part (<see cref="StateDocumentReader"/>): a bad part costs only itself.</summary>
    public static StateDocument Deserialize(string text, List<string> problems) => StateDocumentReader.Read(text, problems);

    private static void OmitDefaults(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.Set is null && property.AssociatedParameter is null)
            {
                property.ShouldSerialize = static (_, _) => false; // derived (isEmpty): nothing is read from it
            }
            else if (property.AssociatedParameter is { HasDefaultValue: true } parameter)
            {
                var fallback = parameter.DefaultValue;
                property.ShouldSerialize = (_, value) => !Equals(value, fallback);
            }
        }
    }
}
