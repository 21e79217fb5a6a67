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

    /// <summary>The admin API refused the token: none, unknown (401), or its role may not do this (403).</summary>
    public const int Unauthorized = 3;

    /// <summary>The admin API has no such policy, override, pause or pre-warm.</summary>
    public const int NotFound = 4;

    /// <summary>The admin API refused a change that conflicts with what is in force (a different pre-warm under the name, a pin with a ceiling).</summary>
    public const int Conflict = 5;

    /// <summary>A defect of promoscaler itself (<c>EX_SOFTWARE</c> of sysexits.h): an exception nothing else handled.</summary>
    public const int Software = 70;
}
