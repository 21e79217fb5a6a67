using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Patching;

namespace PromoScaler.Kubernetes.Tests.ApiServer.Patching;

public sealed class JsonMergePatchTests
{
    /// <summary>The example table of RFC 7386, Appendix A: original, patch, result.</summary>
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7386Examples_GiveTheRfcResult(string original, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(original), JsonNode.Parse(patch));

        Assert.Equal(expected, result?.ToJsonString() ?? "null");
    }

    [Fact]
    public void Apply_LeavesItsInputsUnchanged()
    {
        var original = JsonNode.Parse("""{"spec":{"replicas":3}}""");
        var patch = JsonNode.Parse("""{"spec":{"replicas":5}}""");

        JsonMergePatch.Apply(original, patch);

        Assert.Equal("""{"spec":{"replicas":3}}""", original!.ToJsonString());
        Assert.Equal("""{"spec":{"replicas":5}}""", patch!.ToJsonString());
    }
}
