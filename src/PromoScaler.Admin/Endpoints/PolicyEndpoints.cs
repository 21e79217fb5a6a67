using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Contracts;
using PromoScaler.Admin.Forwarding;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;
using PromoScaler.Core.Intent;

namespace PromoScaler.Admin.Endpoints;

/// <summary>Reads of policies: status, the last decision explained, and decision history.</summary>
internal static class PolicyEndpoints
{
    // Long on purpose: the route table of the policy reads, one endpoint with its OpenAPI metadata per block.
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/policies", (IPolicySource source, IOperatorIntent book, IDecisionHistory log, TimeProvider time) =>
            {
                var now = time.GetUtcNow();
                IReadOnlyList<PolicyView> views = source.Policies()
                    .Select(p => ViewMapping.Policy(p, book.IntentOf(p.Policy.Name), log.Latest(p.Policy.Name), now))
                    .ToList();
                return Results.Json(views, AdminJsonContext.Default.IReadOnlyListPolicyView);
            })
            .WithName("listPolicies")
            .WithSummary("Every policy in force: target, current, desired, components, windows, overrides, pause, health.")
            .Produces<IReadOnlyList<PolicyView>>()
            .RequireRole(AdminRoles.Read);

        api.MapGet("/policies/{policy}", (string policy, IPolicySource source, IOperatorIntent book, IDecisionHistory log, TimeProvider time) =>
                source.Find(policy) is not { } entry
                    ? ApiProblem.PolicyNotFound(policy)
                    : Results.Json(ViewMapping.Policy(entry, book.IntentOf(policy), log.Latest(policy), time.GetUtcNow()), AdminJsonContext.Default.PolicyView))
            .WithName("getPolicy")
            .WithSummary("One policy with its last decision and the complete, ordered explanation.")
            .Produces<PolicyView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ReadsFromWriter()
            .RequireRole(AdminRoles.Read);

        api.MapGet("/policies/{policy}/history", (string policy, string? since, string? until, IPolicySource source, IDecisionHistory log, TimeProvider time) =>
            {
                if (source.Find(policy) is null)
                {
                    return ApiProblem.PolicyNotFound(policy);
                }

                var now = time.GetUtcNow();
                if (RequestFields.Instant(since, "since", now, out var from) is { } badSince)
                {
                    return badSince;
                }

                if (RequestFields.Instant(until, "until", now, out var to) is { } badUntil)
                {
                    return badUntil;
                }

                var decisions = log.Range(policy, from, to).Select(ViewMapping.Decision).ToList();
                return Results.Json(new HistoryView(policy, from, to, decisions), AdminJsonContext.Default.HistoryView);
            })
            .WithName("getPolicyHistory")
            .WithSummary("Decisions of one policy, oldest first; since and until take a duration back from now (2h) or a timestamp.")
            .Produces<HistoryView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ReadsFromWriter()
            .RequireRole(AdminRoles.Read);

        api.MapGet("/audit", (string? since, IOperatorIntent book, TimeProvider time) =>
                RequestFields.Instant(since, "since", time.GetUtcNow(), out var from) is { } bad
                    ? bad
                    : Results.Json(book.Audit(from), AdminJsonContext.Default.IReadOnlyListAuditEntry))
            .WithName("listAudit")
            .WithSummary("Every change of operator intent, oldest first: who, what, when, why, before and after.")
            .Produces<IReadOnlyList<AuditEntry>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireRole(AdminRoles.Read);
    }
}
