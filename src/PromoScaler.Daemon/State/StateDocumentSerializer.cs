using System.Text.Json;

namespace PromoScaler.Daemon.State;

/// <summary>
/// Reads and writes <see cref="StateDocument"/>. The stored text is untrusted (an edited file, a ConfigMap someone
/// changed): anything that does not parse or does not make sense is reported and dropped, never thrown.
/// </summary>
internal static class StateDocumentSerializer
{
    public static string Serialize(StateDocument document) =>
        JsonSerializer.Serialize(document, StateDocumentJsonContext.Default.StateDocument);

    /// <summary>Parses <paramref name="text"/> part by part (<see cref="StateDocumentReader"/>): a bad part costs only itself.</summary>
    public static StateDocument Deserialize(string text, List<string> problems) => StateDocumentReader.Read(text, problems);
}
