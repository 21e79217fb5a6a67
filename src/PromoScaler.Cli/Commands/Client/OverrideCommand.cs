using System.CommandLine;
using System.Text.Json;
using PromoScaler.Admin.Contracts;
using Spectre.Console;

namespace PromoScaler.Cli.Commands.Client;

/// <summary><c>promoscaler override set|clear|list</c>.</summary>
internal static class OverrideCommand
{
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var command = new Command("override", "Set, clear or list operator overrides");
        command.Subcommands.Add(Set(console, errors));
        command.Subcommands.Add(Clear(console, errors));
        command.Subcommands.Add(List(console, errors));
        return command;
    }

    private static Command Set(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var replicas = new Option<int?>("--replicas") { Description = "Pin the policy at N replicas", HelpName = "N", CustomParser = ClientFlags.Count(0) };
        var floor = new Option<int?>("--floor") { Description = "At least N replicas", HelpName = "N", CustomParser = ClientFlags.Count(1) };
        var ceiling = new Option<int?>("--ceiling") { Description = "At most N replicas, at once", HelpName = "N", CustomParser = ClientFlags.Count(0) };
        var freezeDown = new Option<bool>("--freeze-scale-down") { Description = "No scale-down" };
        var freezeUp = new Option<bool>("--freeze-scale-up") { Description = "No scale-up" };
        var ttl = new Option<TimeSpan?>("--for") { Description = "How long (30m, 2h; at most 7d)", HelpName = "DURATION", Required = true, CustomParser = OptionParsers.DurationAtMost(TimeSpan.FromDays(7)) };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the audit log and the explanation)", HelpName = "TEXT", Required = true };
        var immediate = new Option<bool>("--immediate") { Description = "Pin: jump at once instead of through the step policies" };
        var belowMin = new Option<bool>("--below-min") { Description = "Pin: may go below minReplicas" };
        var command = new Command("set", "Set an override (exactly one of --replicas, --floor, --ceiling, --freeze-scale-down, --freeze-scale-up)")
        {
            policy, replicas, floor, ceiling, freezeDown, freezeUp, ttl, reason, immediate, belowMin,
        };
        command.Validators.Add(result =>
        {
            // Presence, not values: a count whose own parse failed has no value to read, and its error is already listed.
            var kinds = new[] { ClientFlags.Given(result, replicas), ClientFlags.Given(result, floor), ClientFlags.Given(result, ceiling), result.GetValue(freezeDown), result.GetValue(freezeUp) };
            if (kinds.Count(k => k) != 1)
            {
                result.AddError("override set: give exactly one of --replicas, --floor, --ceiling, --freeze-scale-down, --freeze-scale-up");
            }

            if ((result.GetValue(immediate) || result.GetValue(belowMin)) && !ClientFlags.Given(result, replicas))
            {
                result.AddError("override set: --immediate and --below-min go with --replicas (a pin)");
            }
        });
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var (kind, n) = parsed.GetValue(replicas) is { } pin ? ("pin", (int?)pin)
                : parsed.GetValue(floor) is { } f ? ("floor", f)
                : parsed.GetValue(ceiling) is { } c ? ("ceiling", c)
                : parsed.GetValue(freezeDown) ? ("freezeScaleDown", null)
                : ("freezeScaleUp", (int?)null);
            var isPin = kind == "pin";
            var request = new OverrideRequest(kind, n, OptionParsers.Format(parsed.GetValue(ttl)!.Value), parsed.GetValue(reason),
                isPin && parsed.GetValue(immediate) ? true : null, isPin && parsed.GetValue(belowMin) ? true : null);
            return ClientCommand.CallAsync(client, HttpMethod.Post, $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/overrides",
                JsonSerializer.Serialize(request, ClientCommand.Json.OverrideRequest), console, errors, body =>
                {
                    if (AdminApiClient.Read(body, ClientCommand.Json.OverrideView, errors) is { } o)
                    {
                        console.WriteLine($"override {ClientText.Override(o)} set on {o.Policy} by {o.Owner} until {ClientText.Time(o.ExpiresAt)} ({ClientText.Left(o.Remaining)})");
                        if (o is { Kind: "pin", Replicas: 0, BelowMin: true })
                        {
                            console.WriteLine($"{o.Policy} goes to 0 and stays there until then; it then scales as the policy says (at least minReplicas). End it sooner: promoscaler resume {o.Policy} (or promoscaler override clear {o.Policy})");
                        }
                    }
                }, cancellationToken);
        });
        return command;
    }

    private static Command Clear(IAnsiConsole console, IAnsiConsole errors)
    {
        var policy = ClientFlags.Policy();
        var kind = new Option<string?>("--kind") { Description = $"Only this kind ({OverrideKinds.All})", HelpName = "KIND", CustomParser = ClientFlags.OverrideKind };
        var reason = new Option<string?>("--reason") { Description = "Why, for the audit log", HelpName = "TEXT" };
        var command = new Command("clear", "Clear a policy's overrides") { policy, kind, reason };
        ClientCommand.SetAction(command, new ClientOptions(), errors, (parsed, client, cancellationToken) =>
        {
            var query = new List<string>();
            if (parsed.GetValue(kind) is { } k)
            {
                query.Add("kind=" + Uri.EscapeDataString(k));
            }

            if (parsed.GetValue(reason) is { } r)
            {
                query.Add("reason=" + Uri.EscapeDataString(r));
            }

            var path = $"api/v1/policies/{ClientCommand.Segment(parsed.GetValue(policy)!)}/overrides" + (query.Count == 0 ? "" : "?" + string.Join('&', query));
            return ClientCommand.CallAsync(client, HttpMethod.Delete, path, null, console, errors, body =>
            {
                foreach (var o in AdminApiClient.Read(body, ClientCommand.Json.IReadOnlyListOverrideView, errors) ?? [])
                {
                    console.WriteLine($"override {ClientText.Override(o)} cleared on {o.Policy}"
                        + (o is { Kind: "pin", Replicas: 0, BelowMin: true } ? "; it scales as the policy says from the next decision (at least minReplicas)" : ""));
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command List(IAnsiConsole console, IAnsiConsole errors)
    {
        var command = new Command("list", "Every override in force");
        ClientCommand.SetAction(command, new ClientOptions(), errors, (_, client, cancellationToken) =>
            ClientCommand.CallAsync(client, HttpMethod.Get, "api/v1/overrides", null, console, errors, body =>
            {
                var table = ClientCommand.Plain("POLICY", "OVERRIDE", "OWNER", "LEFT", "REASON");
                foreach (var o in AdminApiClient.Read(body, ClientCommand.Json.IReadOnlyListOverrideView, errors) ?? [])
                {
                    table.AddRow(o.Policy, ClientText.Override(o) + (o.Immediate ? " immediate" : "") + (o.BelowMin ? " below-min" : ""), o.Owner, ClientText.Left(o.Remaining), o.Reason);
                }

                console.Write(table);
            }, cancellationToken));
        return command;
    }
}
