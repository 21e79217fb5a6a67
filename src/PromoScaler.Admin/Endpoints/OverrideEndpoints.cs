using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Contracts;
using PromoScaler.Admin.Forwarding;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;
using PromoScaler.Core.Engine;
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Endpoints;

/// <summary>Operator overrides: at most one per kind and policy; setting a kind again replaces it.</summary>
internal static class OverrideEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/overrides", (IPolicySource source, IOperatorIntent book, TimeProvider time) =>
            {
                var now = time.GetUtcNow();
                IReadOnlyList<OverrideView> views = book.Snapshot.Policies
                    .Where(p => source.Find(p.Key) is not null)
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .SelectMany(p => p.Value.ActiveOverrides(now).Select(o => ViewMapping.Override(p.Key, o, now)))
                    .ToList();
                return Results.Json(views, AdminJsonContext.Default.IReadOnlyListOverrideView);
            })
            .WithName("listOverrides")
            .WithSummary("Every override in force, by policy.")
            .Produces<IReadOnlyList<OverrideView>>()
            .RequireRole(AdminRoles.Read);

        api.MapPost("/policies/{policy}/overrides", SetAsync)
            .WithName("setOverride")
            .WithSummary("Sets an override (pin, floor, ceiling, freezeScaleDown, freezeScaleUp) with a reason and a TTL; the owner is the token's name.")
            .JsonBody<OverrideRequest>()
            .Produces<OverrideView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Operate);

        api.MapDelete("/policies/{policy}/overrides", ClearAsync)
            .WithName("clearOverrides")
            .WithSummary("Clears the policy's overrides (all, or one kind with ?kind=).")
            .Produces<IReadOnlyList<OverrideView>>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Operate);
    }

    private static async Task<IResult> SetAsync(string policy, HttpRequest request, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is not { } entry)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        var (body, malformed) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.OverrideRequest, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        var invalid = Validate(body!, entry.Policy.Spec.Guardrails, out var kind);
        var badTtl = RequestFields.Ttl(body!.For, "for", out var ttl);
        var badReason = RequestFields.Reason(body.Reason, required: true, out var reason);
        if ((invalid ?? badTtl ?? badReason) is { } problemFirst)
        {
            return problemFirst;
        }

        IResult answer = Results.Empty;
        var owner = user.Actor();
        var commit = await book.ChangeAsync(policy, owner, (intent, now) =>
        {
            var rival = kind switch
            {
                OverrideKind.Pin => intent.ActiveOverrides(now).FirstOrDefault(o => o.Kind == OverrideKind.Ceiling),
                OverrideKind.Ceiling => intent.ActiveOverrides(now).FirstOrDefault(o => o.Kind == OverrideKind.Pin),
                _ => null,
            };
            if (rival is not null)
            {
                // Spec: a policy has a pin or a ceiling, not both.
                answer = ApiProblem.Conflict("kind", $"A {OverrideKinds.Name(rival.Kind)} override by {rival.Owner} is in force; a policy has a pin or a ceiling, not both. Clear it first.");
                return null;
            }

            var set = new OperatorOverride(kind, body.Replicas, owner, reason!, now + ttl, body.Immediate == true, body.BelowMin == true);
            var previous = intent.ActiveOverrides(now).FirstOrDefault(o => o.Kind == kind);
            var after = ViewMapping.Override(policy, set);
            answer = Results.Json(ViewMapping.Override(policy, set, now), AdminJsonContext.Default.OverrideView);
            var next = intent with { Overrides = [.. intent.Overrides.Where(o => o.Kind != kind), set] };
            return new IntentEdit(next, new AuditDraft("override.set", OverrideKinds.Name(kind), reason,
                previous is null ? null : Element(ViewMapping.Override(policy, previous)), Element(after)));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static async Task<IResult> ClearAsync(string policy, string? kind, string? reason, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is null)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        OverrideKind? only = null;
        if (kind is not null)
        {
            if (!OverrideKinds.TryParse(kind, out var parsed))
            {
                return ApiProblem.BadRequest("kind", $"{RequestFields.Quote(kind)} is not an override kind: one of {OverrideKinds.All}.");
            }

            only = parsed;
        }

        if (RequestFields.Reason(reason, required: false, out var why) is { } badReason)
        {
            return badReason;
        }

        IResult answer = Results.Empty;
        var commit = await book.ChangeAsync(policy, user.Actor(), (intent, now) =>
        {
            var cleared = intent.ActiveOverrides(now).Where(o => only is null || o.Kind == only).ToList();
            if (cleared.Count == 0)
            {
                answer = ApiProblem.NotFound("kind", only is { } k
                    ? $"Policy '{policy}' has no {OverrideKinds.Name(k)} override in force."
                    : $"Policy '{policy}' has no override in force.");
                return null;
            }

            IReadOnlyList<OverrideView> views = cleared.Select(o => ViewMapping.Override(policy, o)).ToList();
            answer = Results.Json(views, AdminJsonContext.Default.IReadOnlyListOverrideView);
            var next = intent with { Overrides = intent.Overrides.Where(o => only is not null && o.Kind != only).ToList() };
            return new IntentEdit(next, new AuditDraft("override.clear", only is { } one ? OverrideKinds.Name(one) : null, why,
                JsonSerializer.SerializeToElement(views, AdminJsonContext.Default.IReadOnlyListOverrideView), null));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    /// <summary>Kind, count and flags against the policy's guardrails (maxReplicas is absolute; a ceiling below minReplicas would not cap).</summary>
    private static IResult? Validate(OverrideRequest body, Guardrails guardrails, out OverrideKind kind)
    {
        if (!OverrideKinds.TryParse(body.Kind, out kind))
        {
            return ApiProblem.BadRequest("kind", body.Kind is null
                ? $"'kind' is required: one of {OverrideKinds.All}."
                : $"{RequestFields.Quote(body.Kind)} is not an override kind: one of {OverrideKinds.All}.");
        }

        var name = OverrideKinds.Name(kind);
        if (!OverrideKinds.TakesReplicas(kind))
        {
            if (body.Replicas is not null)
            {
                return ApiProblem.BadRequest("replicas", $"A {name} override takes no 'replicas'.");
            }
        }
        else
        {
            var belowMin = kind == OverrideKind.Pin && body.BelowMin == true;
            var low = kind switch
            {
                OverrideKind.Floor => 1,
                OverrideKind.Pin when belowMin => 0,
                _ => guardrails.MinReplicas,
            };
            if (body.Replicas is not { } n)
            {
                return ApiProblem.BadRequest("replicas", $"A {name} override needs 'replicas'.");
            }

            if (n > guardrails.MaxReplicas)
            {
                return ApiProblem.BadRequest("replicas", $"{n} is above maxReplicas {guardrails.MaxReplicas}, which nothing exceeds.");
            }

            if (n < low)
            {
                return ApiProblem.BadRequest("replicas", kind switch
                {
                    OverrideKind.Ceiling => $"A ceiling of {n} is below minReplicas {low} and would not cap; a pin with belowMin goes lower.",
                    OverrideKind.Pin when !belowMin => $"A pin of {n} is below minReplicas {low}; set belowMin to go lower.",
                    _ => $"{n} must be at least {low}.",
                });
            }
        }

        if (kind != OverrideKind.Pin && (body.Immediate is not null || body.BelowMin is not null))
        {
            return ApiProblem.BadRequest(body.Immediate is not null ? "immediate" : "belowMin", "'immediate' and 'belowMin' apply to a pin only.");
        }

        return null;
    }

    private static JsonElement Element(OverrideView view) => JsonSerializer.SerializeToElement(view, AdminJsonContext.Default.OverrideView);
}
