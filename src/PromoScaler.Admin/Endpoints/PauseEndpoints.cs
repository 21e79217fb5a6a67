using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PromoScaler.Admin.Contracts;
using PromoScaler.Admin.Http;
using PromoScaler.Admin.Intent;
using PromoScaler.Admin.Ports;
using PromoScaler.Admin.Security;

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
            .RequireRole(AdminRoles.Operate);

        api.MapPost("/policies/{policy}/resume", ResumeAsync)
            .WithName("resumePolicy")
            .WithSummary("Ends a pause; the next decision re-seeds the stabilization history with the current count.")
            .JsonBody<ResumeRequest>(required: false)
            .Produces<PauseView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRole(AdminRoles.Operate);
    }

    private static async Task<IResult> PauseAsync(string policy, HttpRequest request, ClaimsPrincipal user, IPolicySource source, OperatorIntentBook book, CancellationToken cancellationToken)
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
            answer = Results.Json(after, AdminJsonContext.Default.PauseView);
            return new IntentEdit(intent with { Pause = pause }, new AuditDraft("pause", null, reason,
                intent.ActivePause(now) is { } previous ? Element(ViewMapping.Pause(policy, previous)) : null, Element(after)));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static async Task<IResult> ResumeAsync(string policy, HttpRequest request, ClaimsPrincipal user, IPolicySource source, OperatorIntentBook book, CancellationToken cancellationToken)
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
        var commit = await book.ChangeAsync(policy, user.Actor(), (intent, now) =>
        {
            if (intent.ActivePause(now) is not { } pause)
            {
                answer = ApiProblem.NotFound("policy", $"Policy '{policy}' is not paused.");
                return null;
            }

            var before = ViewMapping.Pause(policy, pause);
            answer = Results.Json(before, AdminJsonContext.Default.PauseView);
            return new IntentEdit(intent with { Pause = null }, new AuditDraft("resume", null, reason, Element(before), null));
        }, cancellationToken);
        return commit.Problem is { } problem ? ApiProblem.NotPersisted(problem) : answer;
    }

    private static JsonElement Element(PauseView view) => JsonSerializer.SerializeToElement(view, AdminJsonContext.Default.PauseView);
}
