namespace PromoScaler.Kubernetes.ApiServer.Storage;

/// <summary>Where one object is stored: its resource (by group and plural) and its namespaced name.</summary>
internal readonly record struct ObjectKey(string Group, string Plural, string Namespace, string Name);
