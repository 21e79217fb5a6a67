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

namespace PromoScaler.Admin.Endpoints;

/// <summary>Pause (decide and record, write nothing) and resume, with a reason and a TTL.</summary>
internal static class PauseEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/policies/{policy}/pause", PauseAsync)
            .WithName("pausePolicy")
            .WithSummary("Pauses a policy for a TTL with a reason; pausing again replaces the pause.")
            .JsonBody<PauseRequest>()
            .Produces<PauseView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Operate);

        api.MapPost("/policies/{policy}/resume", ResumeAsync)
            .WithName("resumePolicy")
            .WithSummary("Ends a pause, clears a pin at 0 below minReplicas, and wakes a target scaled to zero outside PromoScaler; the next decision re-seeds the stabilization history with the current count.")
            .JsonBody<ResumeRequest>(required: false)
            .Produces<ResumeView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ForwardsToWriter()
            .RequireRole(AdminRoles.Operate);
    }

    private static async Task<IResult> PauseAsync(string policy, HttpRequest request, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is null)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        var (body, malformed) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.PauseRequest, cancellationToken);
        if (malformed is not null)
        {
            return malformed;
        }

        var badTtl = RequestFields.Ttl(body!.For, "for", out var ttl);
        var badReason = RequestFields.Reason(body.Reason, required: true, out var reason);
        if ((badTtl ?? badReason) is { } invalid)
        {
            return invalid;
        }

        IResult answer = Results.Empty;
        var owner = user.Actor();
        var commit = await book.ChangeAsync(policy, owner, (intent, now) =>
        {
            var pause = new PauseRecord(owner, reason!, now, now + ttl);
            var after = ViewMapping.Pause(policy, pause);
            answer = Results.Json(ViewMapping.Pause(policy, pause, now), AdminJsonContext.Default.PauseView);
            return new IntentEdit(intent with { Pause = pause }, new AuditDraft("pause", null, reason,
                intent.ActivePause(now) is { } previous ? Element(ViewMapping.Pause(policy, previous)) : null, Element(after)));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static async Task<IResult> ResumeAsync(string policy, HttpRequest request, ClaimsPrincipal user, IPolicySource source, IOperatorIntent book, IDecisionHistory decisions, CancellationToken cancellationToken)
    {
        if (source.Find(policy) is null)
        {
            return ApiProblem.PolicyNotFound(policy);
        }

        string? reason = null;
        if (request.ContentLength != 0 && (request.ContentLength is not null || request.Headers.TransferEncoding.Count > 0))
        {
            var (body, malformed) = await JsonBody.ReadAsync(request, AdminJsonContext.Default.ResumeRequest, cancellationToken);
            if (malformed is not null)
            {
                return malformed;
            }

            if (RequestFields.Reason(body!.Reason, required: false, out reason) is { } badReason)
            {
                return badReason;
            }
        }

        IResult answer = Results.Empty;
        var scaledToZero = decisions.Latest(policy)?.Reason == ReasonCode.TargetScaledToZero;
        var commit = await book.ChangeAsync(policy, user.Actor(), (intent, now) =>
        {
            // Everything that keeps the policy from acting: a pause, the operator's own zero (a pin at 0 below
            // minReplicas) and a target scaled to zero outside PromoScaler, which the engine wakes when it sees a
            // resume at or after the zero it observed.
            var pause = intent.ActivePause(now);
            var zeroPin = intent.ActiveZeroPin(now);
            if (pause is null && zeroPin is null && !scaledToZero)
            {
                answer = ApiProblem.NotFound("policy", $"Policy '{policy}' is not paused, pinned at zero or scaled to zero: nothing to resume.");
                return null;
            }

            var view = new ResumeView(policy, pause is null ? null : ViewMapping.Pause(policy, pause), zeroPin is null ? null : ViewMapping.Override(policy, zeroPin), scaledToZero);
            answer = Results.Json(view, AdminJsonContext.Default.ResumeView);
            var next = intent with
            {
                Pause = null,
                Overrides = intent.Overrides.Where(o => o != zeroPin).ToList(),
                ResumedAt = scaledToZero ? now : intent.ResumedAt,
            };
            return new IntentEdit(next, new AuditDraft("resume", zeroPin is null ? null : OverrideKinds.Name(zeroPin.Kind), reason,
                JsonSerializer.SerializeToElement(view, AdminJsonContext.Default.ResumeView), null));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static JsonElement Element(PauseView view) => JsonSerializer.SerializeToElement(view, AdminJsonContext.Default.PauseView);
}
