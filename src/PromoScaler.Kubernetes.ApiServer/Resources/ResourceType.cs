using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Protocol;

namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>One resource the server serves: where it lives in the REST layout and how it behaves.</summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">The one version served.</param>
/// <param name="Plural">Lower-case plural (<c>deployments</c>).</param>
/// <param name="Kind">The kind (<c>Deployment</c>).</param>
public sealed record ResourceType(string Group, string Version, string Plural, string Kind)
{
    /// <summary>The <c>/scale</c> subresource, when the resource has one.</summary>
    public ScaleSubresource? Scale { get; init; }

    /// <summary>True when <c>status</c> is a subresource: writes to the object itself leave the stored status as it is.</summary>
    public bool HasStatusSubresource { get; init; }

    /// <summary>True for built-in kinds, which accept <c>application/strategic-merge-patch+json</c>; custom resources do not.</summary>
    public bool AcceptsStrategicMergePatch { get; init; }

    /// <summary>The kind's validation: every field error of an object about to be stored.</summary>
    public Func<JsonObject, IReadOnlyList<FieldError>> Validate { get; init; } = _ => [];

    /// <summary>False for a cluster-scoped resource (addressed without <c>namespaces/NS</c>). Default true.</summary>
    public bool Namespaced { get; init; } = true;

    /// <summary>The short names discovery announces (<c>sp</c>), so <c>kubectl get sp</c> resolves.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>The categories discovery announces (<c>kubectl get promoscaler</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The columns of the server-side Table (a CRD's <c>additionalPrinterColumns</c>); empty: NAME and AGE.</summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>A custom resource's structural OpenAPI v3 schema: unknown fields are refused or pruned by it.</summary>
    public JsonObject? Schema { get; init; }

    /// <summary>The lower-case singular (<c>deployment</c>).</summary>
    public string Singular => Kind.ToLowerInvariant();

    /// <summary><c>GROUP/VERSION</c>, or <c>VERSION</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The kind and its group, for <c>Invalid</c> answers.</summary>
    public ResourceKindName KindName => new(Group, Kind);
}
