using System.Text.RegularExpressions;

namespace PromoScaler.Core.Policies.Loading.Yaml;

/// <summary>The YAML 1.2 core-schema type of a plain scalar.</summary>
internal enum YamlScalarType
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>
/// Tag resolution of plain scalars by the YAML 1.2 core schema (decimal forms only), the same rules editors
/// (yaml-language-server) apply before checking the JSON Schema, so that loader and schema agree on types.
/// </summary>
internal static partial class YamlScalarTypes
{
    public static YamlScalarType Resolve(string plain) => plain switch
    {
        "" or "~" or "null" or "Null" or "NULL" => YamlScalarType.Null,
        "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => YamlScalarType.Boolean,
        _ when IntegerPattern().IsMatch(plain) => YamlScalarType.Integer,
        _ when FloatPattern().IsMatch(plain) => YamlScalarType.Float,
        _ => YamlScalarType.String,
    };

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
