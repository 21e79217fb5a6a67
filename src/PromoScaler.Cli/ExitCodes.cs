namespace PromoScaler.Cli;

/// <summary>Exit codes of every <c>promoscaler</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Success: everything given was valid.</summary>
    public const int Ok = 0;

    /// <summary>The input was read but is invalid (or could not be read): bad policy, missing file.</summary>
    public const int Invalid = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument, bad option value.</summary>
    public const int Usage = 2;

    /// <summary>A defect of promoscaler itself (<c>EX_SOFTWARE</c> of sysexits.h): an exception nothing else handled.</summary>
    public const int Software = 70;
}
