namespace PromoScaler.Cli.Tests.Commands;

/// <summary><c>promoscaler completion</c> and the <c>[suggest]</c> directive its scripts call.</summary>
public sealed class CompletionCommandTests
{
    [Theory]
    [InlineData("bash", "complete -o default -F _promoscaler_complete promoscaler")]
    [InlineData("zsh", "compdef _promoscaler_complete promoscaler")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName promoscaler")]
    public void Completion_Shell_PrintsAScriptThatAsksTheSuggestDirective(string shell, string registration)
    {
        var (exit, lines) = CliRunner.Run("completion", shell);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(lines, line => line.Contains(registration, StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("[suggest:", StringComparison.Ordinal));
    }

    [Fact]
    public void Completion_UnknownShell_IsAUsageError()
    {
        var (exit, _) = CliRunner.Run("completion", "fish");

        Assert.Equal(ExitCodes.Usage, exit);
    }

    [Theory]
    [InlineData("promoscaler over", "override")]
    [InlineData("promoscaler override ", "set")]
    [InlineData("promoscaler override set checkout --fre", "--freeze-scale-down")]
    [InlineData("promoscaler comp", "completion")]
    public void SuggestDirective_AtTheCursor_ListsWhatCompletesTheWord(string line, string expected)
    {
        var (exit, lines) = CliRunner.Run($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Contains(expected, lines);
    }
}
