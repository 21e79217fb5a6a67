using System.CommandLine;
using Spectre.Console;

namespace PromoScaler.Cli.Commands;

/// <summary>
/// <c>promoscaler completion bash|zsh|pwsh</c>: prints a completion script for the shell. Each script asks
/// promoscaler itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match
/// the installed version's commands and options, and nothing else (no <c>dotnet-suggest</c>) is needed.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The shells with a script.</summary>
    internal static readonly string[] Shells = ["bash", "zsh", "pwsh"];

    public static Command Create(IAnsiConsole console)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh" };
        shell.AcceptOnlyFromAmong(Shells);
        var command = new Command("completion", "Print a shell completion script: source <(promoscaler completion bash)") { shell };
        command.SetAction(parsed =>
        {
            console.Profile.Out.Writer.Write(Script(parsed.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static string Script(string shell) => shell switch
    {
        "bash" => """
            # promoscaler completion for bash: source <(promoscaler completion bash)
            _promoscaler_complete() {
              local IFS=$'\n'
              local candidates
              candidates="$(promoscaler "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)"
              COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _promoscaler_complete promoscaler

            """,
        "zsh" => """
            # promoscaler completion for zsh: source <(promoscaler completion zsh)
            _promoscaler_complete() {
              local -a candidates
              candidates=("${(@f)$(promoscaler "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
              compadd -- "${candidates[@]}"
            }
            compdef _promoscaler_complete promoscaler

            """,
        _ => """
            # promoscaler completion for PowerShell: promoscaler completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName promoscaler -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                promoscaler "[suggest:$cursorPosition]" "$commandAst" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
