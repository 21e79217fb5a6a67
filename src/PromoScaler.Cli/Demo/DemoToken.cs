using System.Security.Cryptography;
using System.Text;

namespace PromoScaler.Cli.Demo;

/// <summary>A fresh operator token for one demo run; only its hash is written to the token file.</summary>
internal static class DemoToken
{
    /// <summary>A random token: <c>demo-</c> and 32 hex digits (128 bits from the system's CSPRNG).</summary>
    public static string Create() => "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The token file line for <paramref name="token"/>: <c>demo operator sha256:HEX</c>.</summary>
    public static string TokenFileLine(string token) =>
        $"{DemoConstants.TokenName} operator sha256:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))}";
}
