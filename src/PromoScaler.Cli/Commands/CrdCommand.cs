using System.CommandLine;
using PromoScaler.Kubernetes.CustomResources;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>
/// <c>promoscaler crd</c>: prints the ScalingPolicy CustomResourceDefinition (generated from the policy schema this
/// version validates with), so <c>promoscaler crd | kubectl apply -f -</c> installs the one that matches.
/// </summary>
internal static class CrdCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var command = new Command("crd", "Print the ScalingPolicy CustomResourceDefinition: promoscaler crd | kubectl apply -f -");
        command.SetAction(_ =>
        {
            console.Profile.Out.Writer.Write(ScalingPolicyDefinition.ToYaml());
            return ExitCodes.Ok;
        });
        return command;
    }
}
