namespace PromoScaler.Kubernetes.ApiServer.Resources;

/// <summary>One column of a resource's server-side Table, as a CRD's <c>additionalPrinterColumns</c> declares it.</summary>
/// <param name="Name">The header (<c>Current</c>; kubectl prints it upper-case).</param>
/// <param name="Type"><c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c> (shown as an age).</param>
/// <param name="JsonPath">A dotted path into the object (<c>.status.currentReplicas</c>).</param>
/// <param name="Description">What the column shows.</param>
/// <param name="Priority">0: shown by <c>kubectl get</c>; above 0: only with <c>-o wide</c>.</param>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string Description = "", int Priority = 0);
