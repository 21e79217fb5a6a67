using Microsoft.Extensions.Options;

namespace PromoScaler.Daemon.Configuration;

// The data annotations of the daemon's own options, generated at build time ([OptionsValidator]); each runs under a
// ConfigurationKeyValidator so its messages name the key (Evaluation:MaxConcurrency). The rules across fields are
// the hand-written validators in DaemonOptionsValidators.cs. State:ConfigMap and Admin:Api are validated by the
// Kubernetes adapter and the admin API, and only when they are used, so the generator is not sent into them.

/// <summary>The data annotations of <see cref="PolicyCatalogOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class PolicyCatalogOptionsAnnotations : IValidateOptions<PolicyCatalogOptions>;

/// <summary>The data annotations of <see cref="EvaluationOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class EvaluationOptionsAnnotations : IValidateOptions<EvaluationOptions>;

/// <summary>The data annotations of <see cref="StateStoreOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class StateStoreOptionsAnnotations : IValidateOptions<StateStoreOptions>;

/// <summary>The data annotations of <see cref="AdminOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class AdminOptionsAnnotations : IValidateOptions<AdminOptions>;

/// <summary>The data annotations of <see cref="LeaderElectionOptions"/>.</summary>
[OptionsValidator]
internal sealed partial class LeaderElectionOptionsAnnotations : IValidateOptions<LeaderElectionOptions>;
