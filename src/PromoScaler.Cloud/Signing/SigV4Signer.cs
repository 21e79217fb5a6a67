using System.Globalization;
using System.Text;

namespace PromoScaler.Cloud.Signing;

/// <summary>What an AWS request signs.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">The absolute path, unencoded (<c>/</c> for the Query API).</param>
/// <param name="Query">Query parameters, unencoded, in any order.</param>
/// <param name="Headers">Headers sent and signed, including <c>host</c>; a name may repeat.</param>
/// <param name="Payload">The body bytes exactly as sent.</param>
public sealed record SigV4Input(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Payload);

/// <summary>The signature and the headers to add to the request (<c>X-Amz-Date</c>, a session token, <c>Authorization</c>).</summary>
public sealed record SigV4Signature(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string Authorization,
    IReadOnlyList<KeyValuePair<string, string>> HeadersToAdd);

/// <summary>
/// AWS Signature Version 4 (AWS4-HMAC-SHA256) for services other than S3: the path's segments URI-encoded as
/// given (no dot-segment normalization: PromoScaler only ever signs <c>/</c>), the query encoded per RFC 3986 and
/// sorted, headers lowercased, trimmed with inner runs of spaces collapsed and repeated names joined by commas,
/// and a key derived from <c>"AWS4" + secret</c> through the date, region, service and <c>aws4_request</c>.
/// <c>X-Amz-Date</c> and, with temporary credentials, <c>X-Amz-Security-Token</c> are added and signed.
/// </summary>
public static class SigV4Signer
{
    /// <summary>The algorithm name in the string to sign and the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private const string Terminator = "aws4_request";

    /// <summary>Signs <paramref name="input"/> for <paramref name="region"/> and <paramref name="service"/> at <paramref name="at"/>.</summary>
    public static SigV4Signature Sign(
        SigV4Input input, string accessKeyId, string secretAccessKey, string? sessionToken, string region, string service, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(input);
        var utc = at.ToUniversalTime();
        var amzDate = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];

        var added = new List<KeyValuePair<string, string>> { new("X-Amz-Date", amzDate) };
        if (!string.IsNullOrEmpty(sessionToken))
        {
            added.Add(new("X-Amz-Security-Token", sessionToken));
        }

        var headers = input.Headers.Concat(added)
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Value: string.Join(',', g.Select(h => CollapseSpaces(h.Value)))))
            .ToList();
        var canonicalHeaders = string.Concat(headers.Select(h => $"{h.Name}:{h.Value}\n"));
        var signedHeaders = string.Join(';', headers.Select(h => h.Name));

        var canonicalRequest = string.Join(
            '\n',
            input.Method.ToUpperInvariant(),
            CanonicalPath(input.Path),
            CanonicalQuery(input.Query),
            canonicalHeaders,
            signedHeaders,
            SigningHashes.Sha256Hex(input.Payload.Span));

        var scope = $"{date}/{region}/{service}/{Terminator}";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, SigningHashes.Sha256Hex(canonicalRequest));
        var key = SigningHashes.DeriveKey("AWS4" + secretAccessKey, [date, region, service, Terminator]);
        var signature = Convert.ToHexStringLower(SigningHashes.Hmac(key, stringToSign));
        var authorization = $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        added.Add(new("Authorization", authorization));
        return new SigV4Signature(canonicalRequest, stringToSign, signature, authorization, added);
    }

    /// <summary>RFC 3986 percent-encoding with AWS's unreserved set (A-Z a-z 0-9 - _ . ~), uppercase hex, over UTF-8.</summary>
    public static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    /// <summary>The query as <c>k=v&amp;...</c>, each side encoded, sorted by encoded name then value.</summary>
    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> query) => string.Join(
        '&',
        query.Select(p => (Key: Encode(p.Key), Value: Encode(p.Value)))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));

    private static string CanonicalPath(string path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(Encode));

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            var space = c == ' ';
            if (!space || !previousSpace)
            {
                builder.Append(c);
            }

            previousSpace = space;
        }

        return builder.ToString();
    }
}
