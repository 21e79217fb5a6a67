using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Patching;

namespace PromoScaler.Kubernetes.Tests.ApiServer.Patching;

public sealed class JsonPatchTests
{
    /// <summary>The examples of RFC 6902, Appendix A, that succeed: document, patch, result.</summary>
    [Theory]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("""{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("""{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("""{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("""{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("""{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("""{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("""{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("""{"foo":null}""", """[{"op":"test","path":"/foo","value":null}]""", """{"foo":null}""")]
    [InlineData("""{"foo":1}""", """[{"op":"copy","from":"/foo","path":"/bar"}]""", """{"foo":1,"bar":1}""")]
    [InlineData("""{"a":{"b":[1,{"c":2}]}}""", """[{"op":"test","path":"/a","value":{"b":[1.0,{"c":2}]}}]""", """{"a":{"b":[1,{"c":2}]}}""")]
    public void Apply_Rfc6902Examples_GiveTheRfcResult(string document, string patch, string expected)
    {
        var result = JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch));

        Assert.Equal(expected, result!.ToJsonString());
    }

    /// <summary>The RFC's failing examples, and other operations that cannot apply: none is malformed, each fails.</summary>
    [Theory]
    [InlineData("""{"baz":"qux"}""", """[{"op":"test","path":"/baz","value":"bar"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"add","path":"/baz/bat","value":"qux"}]""")]
    [InlineData("""{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":"10"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"remove","path":"/missing"}]""")]
    [InlineData("""{"foo":"bar"}""", """[{"op":"replace","path":"/missing","value":1}]""")]
    [InlineData("""{"foo":[1,2]}""", """[{"op":"add","path":"/foo/3","value":1}]""")]
    [InlineData("""{"foo":[1,2]}""", """[{"op":"remove","path":"/foo/01"}]""")]
    [InlineData("""{"foo":{"bar":1}}""", """[{"op":"move","from":"/foo","path":"/foo/bar/baz"}]""")]
    public void Apply_OperationThatCannotApply_FailsAsNotMalformed(string document, string patch)
    {
        var ex = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(JsonNode.Parse(document), JsonNode.Parse(patch)));

        Assert.False(ex.IsMalformed);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/a","value":1}""")]
    [InlineData("""[{"op":"frobnicate","path":"/a"}]""")]
    [InlineData("""[{"op":"add","path":"/a"}]""")]
    [InlineData("""[{"op":"add","path":"a","value":1}]""")]
    [InlineData("""[{"op":"move","path":"/a"}]""")]
    [InlineData("""[{"path":"/a","value":1}]""")]
    public void Apply_MalformedPatch_FailsAsMalformed(string patch)
    {
        var ex = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(JsonNode.Parse("""{"a":0}"""), JsonNode.Parse(patch)));

        Assert.True(ex.IsMalformed);
    }

    [Fact]
    public void Apply_FailingLaterOperation_LeavesTheDocumentUnchanged()
    {
        var document = JsonNode.Parse("""{"spec":{"replicas":3}}""");
        var patch = JsonNode.Parse("""[{"op":"replace","path":"/spec/replicas","value":9},{"op":"test","path":"/spec/replicas","value":3}]""");

        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(document, patch));

        Assert.Equal("""{"spec":{"replicas":3}}""", document!.ToJsonString());
    }
}
