namespace PromoScaler.Core.Policies.Loading;

/// <summary>The text of one policy file and the name it is reported under.</summary>
/// <param name="FileName">Shown in diagnostics as written here (the CLI passes the path as the user gave it).</param>
/// <param name="Content">YAML, one or more documents.</param>
public sealed record PolicySource(string FileName, string Content);
