using System.Net;
using System.Text;
using PromoScaler.Core.Engine;
using PromoScaler.Prometheus.Api;

namespace PromoScaler.Prometheus.Tests.Api;

public sealed class PrometheusResponseParserTests
{
    private static PrometheusQueryResult Parse(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        PrometheusResponseParser.Parse("default", status, Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-Inf", double.NegativeInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("1.5e+06", 1_500_000.0)]
    [InlineData("-0.25", -0.25)]
    public void ParseValue_PrometheusNotation_ReadsTheNumber(string text, double expected) =>
        Assert.Equal(expected, PrometheusResponseParser.ParseValue(text));

    [Fact]
    public void Parse_WarningsAndInfos_AreKept()
    {
        var result = Parse("""
            {"status":"success","warnings":["partial response: store down"],"infos":["metric might not be a counter"],
             "data":{"resultType":"vector","result":[]}}
            """);

        Assert.Equal(["partial response: store down", "info: metric might not be a counter"], result.Warnings);
    }

    [Fact]
    public void Parse_Scalar_IsOneSeriesWithoutLabels()
    {
        var result = Parse("""{"status":"success","data":{"resultType":"scalar","result":[1731283200.5,"3"]}}""");

        var sample = Assert.Single(Assert.Single(result.Series).Samples);
        Assert.Equal(new PrometheusSample(DateTimeOffset.FromUnixTimeMilliseconds(1_731_283_200_500), 3), sample);
    }

    [Theory]
    [InlineData("bad_data", HttpStatusCode.BadRequest, ReadFailure.QueryError)]
    [InlineData("execution", HttpStatusCode.UnprocessableEntity, ReadFailure.QueryError)]
    [InlineData("timeout", HttpStatusCode.ServiceUnavailable, ReadFailure.Timeout)]
    [InlineData("internal", HttpStatusCode.InternalServerError, ReadFailure.ReadFailed)]
    public void Parse_ErrorEnvelope_MapsErrorTypeToFailure(string errorType, HttpStatusCode status, ReadFailure expected)
    {
        var error = Assert.Throws<PrometheusQueryException>(
            () => Parse($$"""{"status":"error","errorType":"{{errorType}}","error":"boom"}""", status));

        Assert.Equal(expected, error.Failure);
        Assert.Equal($"{errorType}: boom", error.Message);
    }

    [Fact]
    public void Parse_NotJson_ReportsReadFailedQuotingTheStartOfTheBody()
    {
        var error = Assert.Throws<PrometheusQueryException>(() => Parse("<html>502 Bad Gateway</html>", HttpStatusCode.BadGateway));

        Assert.Equal(ReadFailure.ReadFailed, error.Failure);
        Assert.Equal("HTTP 502: not a Prometheus API answer: <html>502 Bad Gateway</html>", error.Message);
    }
}
