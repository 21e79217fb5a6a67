using System.Text;
using PromoScaler.Cloud.Signing;

namespace PromoScaler.Cloud.Tests.Signing;

/// <summary>
/// Cases of the AWS Signature Version 4 test suite, each by its name, with the suite's credentials
/// (AKIDEXAMPLE), region us-east-1, service "service" and time 20150830T123600Z. The expected signatures are the
/// suite's published values.
/// </summary>
public sealed class SigV4SignerTests
{
    private const string AccessKeyId = "AKIDEXAMPLE";
    private const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset At = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    private const string SuiteSessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/"
        + "qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+"
        + "scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    public static TheoryData<string, string, string, string[], string[], string, string> Cases() => new()
    {
        { "get-vanilla", "GET", "/", [], [], "", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "get-vanilla-query-order-key-case", "GET", "/", ["Param2", "value2", "Param1", "value1"], [], "", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500" },
        {
            "get-vanilla-query-unreserved", "GET", "/",
            ["-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"],
            [], "", "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"
        },
        { "get-vanilla-utf8-query", "GET", "/", ["\u1234", "bar"], [], "", "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04" },
        { "get-utf8", "GET", "/\u1234", [], [], "", "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
        { "get-header-value-trim", "GET", "/", [], ["My-Header1", " value1", "My-Header2", " \"a   b   c\""], "", "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736" },
        { "post-vanilla", "POST", "/", [], [], "", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
        { "post-vanilla-query", "POST", "/", ["Param1", "value1"], [], "", "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11" },
        { "post-header-key-sort", "POST", "/", [], ["My-Header1", "value1"], "", "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c" },
        { "post-header-value-case", "POST", "/", [], ["My-Header1", "VALUE1"], "", "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d" },
        {
            "post-x-www-form-urlencoded", "POST", "/", [], ["Content-Type", "application/x-www-form-urlencoded"], "Param1=value1",
            "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"
        },
        {
            "post-x-www-form-urlencoded-parameters", "POST", "/", [], ["Content-Type", "application/x-www-form-urlencoded; charset=utf8"], "Param1=value1",
            "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sign_TestSuiteCase_ReproducesThePublishedSignature(
        string name, string method, string path, string[] query, string[] headers, string body, string expected)
    {
        var input = new SigV4Input(method, path, Pairs(query), [new("Host", "example.amazonaws.com"), .. Pairs(headers)], Encoding.UTF8.GetBytes(body));

        var signature = SigV4Signer.Sign(input, AccessKeyId, SecretAccessKey, null, "us-east-1", "service", At);

        Assert.True(expected == signature.Signature, $"{name}: expected {expected}, got {signature.Signature}\n{signature.CanonicalRequest}");
    }

    [Fact]
    public void Sign_GetVanilla_AuthorizationNamesScopeAndSignedHeaders()
    {
        var input = new SigV4Input("GET", "/", [], [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);

        var signature = SigV4Signer.Sign(input, AccessKeyId, SecretAccessKey, null, "us-east-1", "service", At);

        Assert.Equal(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
            + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            signature.Authorization);
        Assert.Contains(new KeyValuePair<string, string>("X-Amz-Date", "20150830T123600Z"), signature.HeadersToAdd);
    }

    [Fact]
    public void Sign_PostStsHeaderBefore_SignsTheSessionToken()
    {
        var input = new SigV4Input("POST", "/", [], [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);

        var signature = SigV4Signer.Sign(input, AccessKeyId, SecretAccessKey, SuiteSessionToken, "us-east-1", "service", At);

        Assert.Equal("85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead", signature.Signature);
        Assert.Contains("SignedHeaders=host;x-amz-date;x-amz-security-token,", signature.Authorization, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("X-Amz-Security-Token", SuiteSessionToken), signature.HeadersToAdd);
    }

    [Fact]
    public void Sign_TimeWithOffset_SignsItsUtcInstant()
    {
        var input = new SigV4Input("GET", "/", [], [new("Host", "example.amazonaws.com")], ReadOnlyMemory<byte>.Empty);

        var signature = SigV4Signer.Sign(input, AccessKeyId, SecretAccessKey, null, "us-east-1", "service", At.ToOffset(TimeSpan.FromHours(8)));

        Assert.Equal("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", signature.Signature);
    }

    private static List<KeyValuePair<string, string>> Pairs(string[] flat) =>
        Enumerable.Range(0, flat.Length / 2).Select(i => new KeyValuePair<string, string>(flat[2 * i], flat[(2 * i) + 1])).ToList();
}
