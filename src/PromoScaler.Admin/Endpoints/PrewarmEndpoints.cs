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
using PromoScaler.Core.Intent;
using PromoScaler.Core.Policies;

namespace PromoScaler.Admin.Endpoints;

/// <summary>
/// Runtime pre-warms, idempotent by name: the same name and body again answer 200 with the existing pre-warm (and
/// change nothing), a different body under the same name is a 409 unless <c>?replace=true</c>.
/// </summary>
internal static class PrewarmEndpoints
{
    /// <summary>Runtime pre-warms a policy may hold at once, so a looping pipeline cannot grow the state document without bound.</summary>
    public const int MaxPerPolicy = 100;

    /// <summary>Hold when the request leaves it out.</summary>
    public static readonly TimeSpan DefaultHold = TimeSpan.FromHours(1);

    /// <summary>The longest lead, hold or ramp-down a runtime pre-warm may ask for.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(7);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/prewarms", (IPolicySource source, IOperatorIntent book, TimeProvider time) =>
            {
                var now = time.GetUtcNow();
                IReadOnlyList<PrewarmView> views = book.Snapshot.Policies
                    .Where(p => source.Find(p.Key) is not null)
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .SelectMany(p => p.Value.Prewarms.Where(w => w.PhaseAt(now) != PrewarmPhase.Ended).Select(w => ViewMapping.Prewarm(p.Key, w, now)))
                    .ToList();
                return Results.Json(views, AdminJsonContext.Default.IReadOnlyListPrewarmView);
            })
            .WithName("listPrewarms")
            .WithSummary("Every runtime pre-warm not yet over, by policy.")
            .Produces<IReadOnlyList<PrewarmView>>()
            .RequireRole(AdminRoles.PrewarmRead);

        api.MapGet("/policies/{policy}/prewarms/{name}", (string policy, string name, IPolicySource source, IOperatorIntent book, IDecisionHistory log, TimeProvider time) =>
            {
                if (source.Find(policy) is null)
                {
                    return ApiProblem.PolicyNotFound(policy);
                }

                var prewarm = book.IntentOf(policy).Prewarms.FirstOrDefault(p => p.Name == name);
                return prewarm is null
                    ? ApiProblem.NotFound("name", $"Policy '{policy}' has no runtime pre-warm named {RequestFields.Quote(name)}.")
                    : Results.Json(ViewMapping.PrewarmStatus(policy, prewarm, log.Latest(policy), time.GetUtcNow()), AdminJsonContext.Default.PrewarmStatusView);
            })
            .WithName("getPrewarm")
            .WithSummary("A runtime pre-warm and whether the target reports its floor (what prewarm add --wait polls).")
            .Produces<PrewarmStatusView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ReadsFromWriter()
            .RequireRole(AdminRoles.PrewarmRead);

        api.MapPut("/policies/{policy}/prewarms/{name}", PutAsync)
            .WithName("putPrewarm")
            .WithSummary("Registers a one-off pre-warm: 201 created, 200 when the same one exists, 409 when a different one has the name (unless ?replace=true).")
            .JsonBody<PrewarmRequest>()
            .Produces<PrewarmView>(StatusCodes.Status201Created)
            .Produces<PrewarmView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Prewarm);

        api.MapDelete("/policies/{policy}/prewarms/{name}", DeleteAsync)
            .WithName("deletePrewarm")
            .WithSummary("Removes a runtime pre-warm; its floor stops at the next decision.")
            .Produces<PrewarmView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Prewarm);
    }

    // Long on purpose: request checks, then one atomic change of the intent book whose closure decides the answer; split, the answer's capture would be spread.
    private static async Task<IResult> PutAsync(string policy, string name, string? replace, HttpRequest request, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, TimeProvider time, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is not { } entry)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        if (RequestFields.Name(name, "name") is { } badName)
        {
            return badName;
        }

        if (RequestFields.Flag(replace, "replace", out var replacing) is { } badReplace)
        {
            return badReplace;
        }

        if (entry.Policy.Spec.Prewarm.Any(p => p.Name == name))
        {
            return ApiProblem.Conflict("name", $"Policy '{policy}' declares a pre-warm named '{name}'; a runtime pre-warm needs another name.");
        }

        var (body, malformed) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.PrewarmRequest, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        var owner = user.Actor();
        if (Parse(body!, entry.Policy, name, owner, time.GetUtcNow(), out var wanted) is { } invalid)
        {
            return invalid;
        }

        IResult answer = Results.Empty;
        var commit = await book.ChangeAsync(policy, owner, (intent, now) =>
        {
            var existing = intent.Prewarms.FirstOrDefault(p => p.Name == name);
            if (existing is not null && existing.SameRequestAs(wanted))
            {
                answer = Results.Json(ViewMapping.Prewarm(policy, existing, now), AdminJsonContext.Default.PrewarmView);
                return null;
            }

            if (existing is not null && !replacing)
            {
                answer = ApiProblem.Conflict("name", $"Policy '{policy}' already has a different runtime pre-warm named '{name}' (by {existing.Owner}); send ?replace=true to replace it.");
                return null;
            }

            if (existing is null && intent.Prewarms.Count(p => p.PhaseAt(now) != PrewarmPhase.Ended) >= MaxPerPolicy)
            {
                answer = ApiProblem.Conflict("name", $"Policy '{policy}' already holds {MaxPerPolicy} runtime pre-warms; remove some first.");
                return null;
            }

            var created = wanted with { CreatedAt = now };
            var after = ViewMapping.Prewarm(policy, created, now);
            answer = existing is null
                ? Results.Json(after, AdminJsonContext.Default.PrewarmView, statusCode: StatusCodes.Status201Created)
                : Results.Json(after, AdminJsonContext.Default.PrewarmView);
            var next = intent with { Prewarms = [.. intent.Prewarms.Where(p => p.Name != name), created] };
            return new IntentEdit(next, new AuditDraft(existing is null ? "prewarm.create" : "prewarm.replace", name, created.Reason,
                existing is null ? null : Element(ViewMapping.Prewarm(policy, existing, now)), Element(after)));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static async Task<IResult> DeleteAsync(string policy, string name, string? reason, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is null)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        if (RequestFields.Reason(reason, required: false, out var why) is { } badReason)
        {
            return badReason;
        }

        IResult answer = Results.Empty;
        var commit = await book.ChangeAsync(policy, user.Actor(), (intent, now) =>
        {
            if (intent.Prewarms.FirstOrDefault(p => p.Name == name) is not { } existing)
            {
                answer = ApiProblem.NotFound("name", $"Policy '{policy}' has no runtime pre-warm named {RequestFields.Quote(name)}.");
                return null;
            }

            var before = ViewMapping.Prewarm(policy, existing, now);
            answer = Results.Json(before, AdminJsonContext.Default.PrewarmView);
            var next = intent with { Prewarms = intent.Prewarms.Where(p => p.Name != name).ToList() };
            return new IntentEdit(next, new AuditDraft("prewarm.delete", name, why, Element(before), null));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static IResult? Parse(PrewarmRequest body, ScalingPolicy policy, string name, string owner, DateTimeOffset now, out RuntimePrewarm prewarm)
    {
        prewarm = null!;
        if (body.Start is null)
        {
            return ApiProblem.BadRequest("start", "'start' is required: the sale start, e.g. 2027-11-11T00:00:00+08:00.");
        }

        switch (Instant.Parse(body.Start, out var start))
        {
            case ParseOutcome.OutOfRange:
                return ApiProblem.BadRequest("start", $"'start': {RequestFields.Quote(body.Start)} is not a date and time of years 0001..9999 in UTC.");
            case ParseOutcome.Malformed:
                return ApiProblem.BadRequest("start", $"'start': {RequestFields.Quote(body.Start)} is not a timestamp; write ISO-8601 with Z or an offset, e.g. 2027-11-11T00:00:00+08:00.");
        }

        if (body.Replicas is not { } replicas || replicas < 1)
        {
            return ApiProblem.BadRequest("replicas", body.Replicas is null ? "'replicas' is required: the floor." : $"{body.Replicas} must be at least 1.");
        }

        // Without a lead the floor should be serving at the start: the spec warns when lead < startup + interval.
        var defaultLead = policy.Spec.Startup + policy.Spec.Interval;
        if (RequestFields.OptionalDuration(body.Lead, "lead", defaultLead, MaxSpan, out var lead) is { } badLead)
        {
            return badLead;
        }

        if (RequestFields.OptionalDuration(body.Hold, "hold", DefaultHold, MaxSpan, out var hold) is { } badHold)
        {
            return badHold;
        }

        if (RequestFields.OptionalDuration(body.RampDown, "rampDown", PolicyDefaults.RampDown, MaxSpan, out var rampDown) is { } badRampDown)
        {
            return badRampDown;
        }

        if (RequestFields.Reason(body.Reason, required: false, out var reason) is { } badReason)
        {
            return badReason;
        }

        if (OutsideSupportedRange(start, lead, hold + rampDown))
        {
            return ApiProblem.BadRequest("start", $"The window of a start at {Instant.Format(start)} (from lead {Duration.Format(lead)} before to hold + rampDown {Duration.Format(hold + rampDown)} after) leaves the supported range {Instant.Format(Instant.SupportedFrom)}..{Instant.Format(Instant.SupportedUntil)}.");
        }

        prewarm = new RuntimePrewarm(name, start, replicas, lead, hold, rampDown, owner, reason, now);
        if (prewarm.PhaseAt(now) == PrewarmPhase.Ended)
        {
            return ApiProblem.BadRequest("start", $"The window of a start at {Instant.Format(start)} with hold {Duration.Format(hold)} and rampDown {Duration.Format(rampDown)} is already over.");
        }

        return null;
    }

    /// <summary>
    /// The window [start - lead, start + after) against the range policy windows are held to, compared in ticks: its
    /// edges may not be representable (a start in year 1 with a lead), and the engine and the state store must never
    /// meet such a window.
    /// </summary>
    private static bool OutsideSupportedRange(DateTimeOffset start, TimeSpan before, TimeSpan after) =>
        start.UtcTicks - before.Ticks < Instant.SupportedFrom.UtcTicks || start.UtcTicks + after.Ticks > Instant.SupportedUntil.UtcTicks;

    // The audit keeps what was asked, not the time left when it was asked.
    private static JsonElement Element(PrewarmView view) =>
        JsonSerializer.SerializeToElement(view with { ActiveIn = null, Remaining = null }, AdminJsonContext.Default.PrewarmView);
}
