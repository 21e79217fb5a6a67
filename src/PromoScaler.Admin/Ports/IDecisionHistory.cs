using PromoScaler.Core.History;

namespace PromoScaler.Admin.Ports;

/// <summary>The recent decisions of every policy, as the API and the console read them. The daemon implements it (its decision log).</summary>
public interface IDecisionHistory
{
    /// <summary>The last decision of <paramref name="policy"/>; null before the first.</summary>
    DecisionRecord? Latest(string policy);

    /// <summary>Decisions of <paramref name="policy"/> with <paramref name="from"/> &lt;= at &lt;= <paramref name="until"/>, oldest first.</summary>
    IReadOnlyList<DecisionRecord> Range(string policy, DateTimeOffset? from, DateTimeOffset? until);
}
