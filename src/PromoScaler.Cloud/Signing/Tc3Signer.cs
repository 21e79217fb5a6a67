using System.Globalization;
using System.Text;

namespace PromoScaler.Cloud.Signing;

/// <summary>What a Tencent Cloud API 3.0 request signs.</summary>
/// <param name="Method">HTTP method (<c>POST</c> for JSON bodies).</param>
/// <param name="Host">The <c>Host</c> header sent (the endpoint's authority).</param>
/// <param name="ContentType">The <c>Content-Type</c> header, byte-identical to the one sent.</param>
/// <param name="Payload">The body bytes exactly as sent.</param>
/// <param name="Service">The product's service name (<c>as</c> for Auto Scaling, <c>cvm</c> for CVM).</param>
/// <param name="Timestamp">Seconds since the Unix epoch, sent as <c>X-TC-Timestamp</c>.</param>
/// <param name="CanonicalQuery">The URL query for a GET request; empty for POST.</param>
public sealed record Tc3Input(
    string Method,
    string Host,
    string ContentType,
    ReadOnlyMemory<byte> Payload,
    string Service,
    long Timestamp,
    string CanonicalQuery = "");

/// <summary>The intermediate strings and the result, so a test can compare each against a published example.</summary>
public sealed record Tc3Signature(string HashedPayload, string CanonicalRequest, string StringToSign, string Signature, string Authorization);

/// <summary>
/// TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature: a canonical request over <c>content-type</c> and
/// <c>host</c>, a string to sign scoped to <c>DATE/SERVICE/tc3_request</c> where DATE is the UTC date of the
/// timestamp (not the local date: a UTC+8 machine would sign the wrong day for eight hours), and a key derived
/// by HMAC-SHA256 from <c>"TC3" + SecretKey</c> through the date, the service and <c>tc3_request</c>.
/// </summary>
public static class Tc3Signer
{
    /// <summary>The algorithm name in the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "TC3-HMAC-SHA256";

    private const string Terminator = "tc3_request";
    private const string SignedHeaders = "content-type;host";

    /// <summary>Signs <paramref name="input"/> with the key pair.</summary>
    public static Tc3Signature Sign(Tc3Input input, string secretId, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(input);
        var hashedPayload = SigningHashes.Sha256Hex(input.Payload.Span);

        // Header names and values lowercase and trimmed, sorted by name, each line ending in \n.
        var canonicalHeaders = new StringBuilder()
            .Append("content-type:").Append(input.ContentType.Trim().ToLowerInvariant()).Append('\n')
            .Append("host:").Append(input.Host.Trim().ToLowerInvariant()).Append('\n')
            .ToString();
        var canonicalRequest = string.Join(
            '\n', input.Method.ToUpperInvariant(), "/", input.CanonicalQuery, canonicalHeaders, SignedHeaders, hashedPayload);

        var date = DateTimeOffset.FromUnixTimeSeconds(input.Timestamp).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{input.Service}/{Terminator}";
        var stringToSign = string.Join(
            '\n', Algorithm, input.Timestamp.ToString(CultureInfo.InvariantCulture), scope, SigningHashes.Sha256Hex(canonicalRequest));

        var key = SigningHashes.DeriveKey("TC3" + secretKey, [date, input.Service, Terminator]);
        var signature = Convert.ToHexStringLower(SigningHashes.Hmac(key, stringToSign));
        var authorization = $"{Algorithm} Credential={secretId}/{scope}, SignedHeaders={SignedHeaders}, Signature={signature}";
        return new Tc3Signature(hashedPayload, canonicalRequest, stringToSign, signature, authorization);
    }
}
