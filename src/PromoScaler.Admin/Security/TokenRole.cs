namespace PromoScaler.Admin.Security;

/// <summary>What a token may do.</summary>
public enum TokenRole
{
    /// <summary>Reads: policies, explanations, history, overrides, pre-warms, audit.</summary>
    Viewer,
    /// <summary>Runtime pre-warms only (create, read, delete): what a CI pipeline needs before a sale.</summary>
    Ci,
    /// <summary>Everything.</summary>
    Operator,
}
