namespace PromoScaler.Kubernetes.ApiServer.Patching;

/// <summary>A JSON patch that cannot be read (<see cref="IsMalformed"/>) or cannot be applied to the document.</summary>
public sealed class JsonPatchException(string message, bool isMalformed) : Exception(message)
{
    /// <summary>True when the patch document itself is wrong (the API server answers 400), false when an operation failed (422).</summary>
    public bool IsMalformed { get; } = isMalformed;
}
