using System.CommandLine;
using PromoScaler.Admin.Contracts;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler explain POLICY</c>: the last decision, step by step, in words and numbers.</summary>
internal static class ExplainCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var command = new Command("explain", "The last decision of a policy, step by step") { policy };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
            ClientCommand.CallAsync(client, HttpMethod.Get, $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}", null, console, errors, body =>
            {
                if (AdminApiClient.Read(body, ClientCommand.Json.PolicyView, errors) is { } view)
                {
                    Write(view, console);
                }
            }, cancellationToken));
        return command;
    }

    private static void Write(PolicyView view, IAnsiConsole console)
    {
        var writer = console.Profile.Out.Writer;
        writer.WriteLine($"policy {view.Name}: {view.Target.Kind} {view.Target.Namespace}/{view.Target.Name}, replicas {view.MinReplicas}..{view.MaxReplicas}{(view.DryRun ? ", dry run" : "")}");
        foreach (var o in view.Overrides)
        {
            writer.WriteLine($"override {ClientText.Override(o)} by {o.Owner} for {ClientText.Left(o.Remaining)}: {o.Reason}");
        }

        if (view.Pause is { } pause)
        {
            writer.WriteLine($"paused by {pause.Owner} for {ClientText.Left(pause.Remaining)}: {pause.Reason}");
        }

        if (view.Zero is { } zero)
        {
            writer.WriteLine(ClientText.ZeroLine(view.Name, zero));
        }

        foreach (var reason in view.Degraded)
        {
            writer.WriteLine($"degraded: {reason}");
        }

        if (view.LastDecision is not { } decision)
        {
            writer.WriteLine("no decision yet");
            return;
        }

        var ago = view.Now is { } now ? $" ({ClientText.Span(now - decision.At)} ago on the daemon's clock)" : "";
        writer.WriteLine($"decision at {ClientText.Time(decision.At)}{ago}: {decision.Current} -> {decision.Desired} ({decision.Reason}), action {decision.Action}");
        var c = decision.Components;
        writer.WriteLine($"components: reactive {ClientText.Number(c.Reactive)}, predictive {ClientText.Number(c.Predictive)}, floor {ClientText.Number(c.Floor)}, raw {c.Raw}");
        foreach (var step in decision.Explanation)
        {
            writer.WriteLine($"  {step.Stage}. [{step.Code}] {step.Text}");
        }
    }
}
