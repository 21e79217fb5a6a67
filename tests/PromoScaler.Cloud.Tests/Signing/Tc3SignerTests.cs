using System.Text;
using PromoScaler.Cloud.Signing;

namespace PromoScaler.Cloud.Tests.Signing;

/// <summary>
/// Tencent Cloud's published TC3-HMAC-SHA256 worked example (API 3.0 "Signature v3": CVM DescribeInstances in
/// ap-guangzhou, version 2017-03-12, timestamp 1551113065, the example key pair). Every intermediate value and the
/// final Authorization header are the documentation's own figures.
/// </summary>
public sealed class Tc3SignerTests
{
    private const string SecretId = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE";
    private const string SecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE";
    private const string Payload = """{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}""";

    private static Tc3Input Example(long timestamp = 1551113065) => new(
        "POST", "cvm.tencentcloudapi.com", "application/json; charset=utf-8", Encoding.UTF8.GetBytes(Payload), "cvm", timestamp);

    [Fact]
    public void Sign_PublishedExample_HashesThePayloadAsDocumented()
    {
        Assert.Equal("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064", Tc3Signer.Sign(Example(), SecretId, SecretKey).HashedPayload);
    }

    [Fact]
    public void Sign_PublishedExample_BuildsTheDocumentedCanonicalRequest()
    {
        const string expected = "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n"
            + "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064";
        Assert.Equal(expected, Tc3Signer.Sign(Example(), SecretId, SecretKey).CanonicalRequest);
    }

    [Fact]
    public void Sign_PublishedExample_BuildsTheDocumentedStringToSign()
    {
        const string expected = "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031";
        Assert.Equal(expected, Tc3Signer.Sign(Example(), SecretId, SecretKey).StringToSign);
    }

    [Fact]
    public void Sign_PublishedExample_ReproducesTheDocumentedAuthorization()
    {
        var signature = Tc3Signer.Sign(Example(), SecretId, SecretKey);

        Assert.Equal("72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168", signature.Signature);
        Assert.Equal(
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
            + "SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168",
            signature.Authorization);
    }

    [Theory]
    [InlineData(1551139199, "2019-02-25")] // 23:59:59 UTC (07:59:59 next day at UTC+8)
    [InlineData(1551139200, "2019-02-26")] // 00:00:00 UTC
    public void Sign_ScopeDate_IsTheUtcDateOfTheTimestamp(long timestamp, string date)
    {
        Assert.Contains($"\n{date}/cvm/tc3_request\n", Tc3Signer.Sign(Example(timestamp), SecretId, SecretKey).StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void Sign_DifferentContentType_ChangesTheSignature()
    {
        // The server recomputes over the content-type it received: a client that sends a different one than it
        // signed (a runtime adding "; charset=utf-8") fails authentication.
        var sent = Example() with { ContentType = "application/json" };
        Assert.NotEqual(Tc3Signer.Sign(Example(), SecretId, SecretKey).Signature, Tc3Signer.Sign(sent, SecretId, SecretKey).Signature);
    }
}
