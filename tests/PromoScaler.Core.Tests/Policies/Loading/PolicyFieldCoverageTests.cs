using PromoScaler.Core.Policies.Loading;
using PromoScaler.Core.Policies.Loading.Yaml;
using PromoScaler.Core.Tests.Policies.Schema;

namespace PromoScaler.Core.Tests.Policies.Loading;

/// <summary>
/// The field list is kept three times: the catalog (what the loader accepts), the reader's code (what it reads) and
/// the JSON Schema (what editors accept). The schema and the catalog are compared in <see cref="PolicySchemaTests"/>;
/// here the reader is held to the catalog and the schema: a catalogued key that nothing reads would be silently
/// accepted, and a key read but not catalogued could never be written.
/// </summary>
public sealed class PolicyFieldCoverageTests
{
    [Fact]
    public void Reader_OverEveryExampleAndFixture_ReadsExactlyTheCataloguedKeys()
    {
        var consumed = ConsumedKeys();

        var catalogued = PolicyFieldCatalog.Mappings.SelectMany(m => m.Value.Select(key => Join(m.Key, key)));
        Assert.Equal(catalogued.Order(StringComparer.Ordinal), consumed.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Reader_EveryKeyItReads_IsInTheSchema()
    {
        Assert.All(ConsumedKeys(), key =>
        {
            var cut = key.LastIndexOf('.');
            var mapping = cut < 0 ? "" : key[..cut];
            var properties = PolicySchema.MappingAt(mapping)["properties"]!.AsObject();
            Assert.True(properties.ContainsKey(key[(cut + 1)..]), $"{key} is read but not in the schema");
        });
    }

    /// <summary>Every key the reader asked for over the examples and the loader's fixtures (good and bad).</summary>
    private static HashSet<string> ConsumedKeys()
    {
        var files = Directory.GetFiles(TestPaths.Examples, "*.yaml")
            .Concat(Directory.GetFiles(TestPaths.Bad, "*.yaml"))
            .Concat(Directory.GetFiles(TestPaths.Structural, "*.yaml"));
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var root in YamlTreeReader.Read(File.ReadAllText(file)).Documents)
            {
                consumed.UnionWith(PolicyDocumentReader.Read(Path.GetFileName(file), root, []).Consumed);
            }
        }

        return consumed;
    }

    private static string Join(string mapping, string key) => mapping.Length == 0 ? key : $"{mapping}.{key}";
}
