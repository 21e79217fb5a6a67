using System.CommandLine;
using System.CommandLine.Parsing;
using PromoScaler.Admin.Contracts;
using PromoScaler.Core.Policies;

namespace PromoScaler.Cli.Commands.Client;

/// <summary>
/// The value kinds of the client commands that <see cref="OptionParsers"/> does not cover, read by Core's one parser
/// per kind: replica counts (<see cref="Number.ParseInteger"/>), policy and pre-warm names (<see cref="DnsLabel"/>) and
/// override kinds. A bad value is a parse error naming the flag, so the command exits 2 before any request.
/// </summary>
internal static class ClientFlags
{
    /// <summary>A replica count, <paramref name="min"/> or more, that fits the API's whole numbers.</summary>
    public static Func<ArgumentResult, int?> Count(int min) => result =>
    {
        var text = OptionParsers.Token(result);
        switch (Number.ParseInteger(text, out var value))
        {
            case ParseOutcome.Ok when value >= min && value <= int.MaxValue:
                return (int)value;
            case ParseOutcome.Ok or ParseOutcome.OutOfRange:
                result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is out of range: a whole number from {min} to {int.MaxValue}");
                return null;
            default:
                result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is not a whole number; write digits only (e.g. 4)");
                return null;
        }
    };

    /// <summary>A policy or pre-warm name, as the API takes it.</summary>
    public static string? Name(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (DnsLabel.IsValid(text))
        {
            return text;
        }

        result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is not a name: {DnsLabel.Rule}");
        return null;
    }

    /// <summary>An override kind, as the API names it.</summary>
    public static string? OverrideKind(ArgumentResult result)
    {
        var text = OptionParsers.Token(result);
        if (OverrideKinds.TryParse(text, out _))
        {
            return text;
        }

        result.AddError($"{OptionParsers.Flag(result)}: {OptionParsers.Quote(text)} is not an override kind: one of {OverrideKinds.All}");
        return null;
    }

    /// <summary>The policy argument every per-policy command takes.</summary>
    public static Argument<string> Policy() => new("policy") { Description = "The policy name", CustomParser = Name };

    /// <summary>
    /// Whether <paramref name="option"/> was written on the command line. A command's validator asks this rather
    /// than for the value: reading the value of a flag whose own parse failed throws.
    /// </summary>
    public static bool Given(CommandResult result, Option option) => result.GetResult(option) is { Implicit: false };
}
