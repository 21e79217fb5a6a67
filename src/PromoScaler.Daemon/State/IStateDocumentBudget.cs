namespace PromoScaler.Daemon.State;

/// <summary>A store that keeps the state as several documents, each with a ConfigMap's room (per-shard state).</summary>
internal interface IStateDocumentBudget
{
    /// <summary>How many documents this replica writes now (the shards it holds); the state keeper's room is that many.</summary>
    int Documents { get; }
}
