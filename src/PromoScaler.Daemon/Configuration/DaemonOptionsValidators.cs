using Microsoft.Extensions.Options;

namespace PromoScaler.Daemon.Configuration;

/// <summary>
/// The policy directory must exist at start (a typo would otherwise run an empty daemon); it is required unless the
/// policies come from Kubernetes alone. Watched namespaces must be namespace names.
/// </summary>
internal sealed class PolicyCatalogOptionsValidator : IValidateOptions<PolicyCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, PolicyCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = DaemonConstants.PoliciesSection;
        if (options.Directory is { Length: > 0 } directory && !Directory.Exists(directory))
        {
            errors.Add($"{section}:Directory: '{directory}' is not a directory");
        }
        else if (string.IsNullOrEmpty(options.Directory) && options.Source != PolicySourceKind.Kubernetes)
        {
            errors.Add("a policy directory is required (--policies DIR or Policies:Directory), unless --policy-source kubernetes");
        }

        foreach (var ns in options.WatchNamespaces.Where(n => !System.Text.RegularExpressions.Regex.IsMatch(n, "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")))
        {
            errors.Add($"{section}:WatchNamespaces: {Core.Policies.QuotedValue.Of(ns)} is not a namespace name (a DNS-1123 label)");
        }

        if (options.Source == PolicySourceKind.Files && options.WatchNamespaces.Count > 0)
        {
            errors.Add($"{section}:WatchNamespaces: needs --policy-source kubernetes or both (the policies come from files only)");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The lease timings must nest as in client-go: retry period &lt; renew deadline &lt; lease duration.</summary>
internal sealed class LeaderElectionOptionsValidator(IOptions<StateStoreOptions> state) : IValidateOptions<LeaderElectionOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var path = DaemonConstants.LeaderElectionSection;
        if (options.Shards > 1 && !options.Enabled)
        {
            errors.Add($"{path}:Shards: {options.Shards} shards need {path}:Enabled true (each shard is held through a Lease)");
        }

        if (options.Shards > 1 && state.Value.Kind != StateStoreKind.ConfigMap)
        {
            errors.Add($"{path}:Shards: {options.Shards} shards need {DaemonConstants.StateSection}:Kind configmap (one state ConfigMap per shard), not {state.Value.Kind.ToString().ToLowerInvariant()}");
        }

        if (options.RenewDeadline >= options.LeaseDuration)
        {
            errors.Add($"{path}:RenewDeadline: {options.RenewDeadline} must be shorter than LeaseDuration {options.LeaseDuration}");
        }

        if (options.RetryPeriod >= options.RenewDeadline)
        {
            errors.Add($"{path}:RetryPeriod: {options.RetryPeriod} must be shorter than RenewDeadline {options.RenewDeadline}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Every admin URL must be an absolute http or https URL on an address this machine has.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add($"{DaemonConstants.AdminSection}:Urls: {Core.Policies.QuotedValue.Of(url)} is not an http or https URL (e.g. http://127.0.0.1:9464)");
            }
            else if (AdminUrlCheck.Problem(uri) is { } problem)
            {
                errors.Add($"{DaemonConstants.AdminSection}:Urls: {problem}");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
