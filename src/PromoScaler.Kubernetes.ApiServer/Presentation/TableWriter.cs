using System.Globalization;
using System.Text.Json.Nodes;
using PromoScaler.Kubernetes.ApiServer.Resources;

namespace PromoScaler.Kubernetes.ApiServer.Presentation;

/// <summary>
/// Server-side printing: a <c>meta.k8s.io/v1 Table</c> of objects, asked for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c> (what <c>kubectl get</c> sends). Columns are NAME and
/// the resource's printer columns (NAME and AGE when it declares none); a <c>date</c> column is shown as an age
/// (<c>5m</c>) on the server's clock; a missing value is a null cell. Each row carries the object
/// (<c>includeObject=Object</c>) or its metadata (the default), from which kubectl takes the namespace.
/// </summary>
internal static class TableWriter
{
    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp",
        "CreationTimestamp is a timestamp representing the server time when this object was created.");

    /// <summary>True when <paramref name="accept"/> asks for a Table.</summary>
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Split(',')[0].Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Table(ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, string? includeObject, DateTimeOffset now, bool withColumns = true)
    {
        var columns = Columns(type);
        var rows = new JsonArray();
        foreach (var o in objects)
        {
            var cells = new JsonArray { (string?)o["metadata"]?["name"] };
            foreach (var column in columns.Skip(1))
            {
                cells.Add(Cell(column, o, now));
            }

            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = RowObject(o, includeObject) });
        }

        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
        };
        if (withColumns)
        {
            table["columnDefinitions"] = new JsonArray([.. columns.Select(Definition)]);
        }

        table["rows"] = rows;
        return table;
    }

    private static List<PrinterColumn> Columns(ResourceType type) =>
        [new PrinterColumn("Name", "string", ".metadata.name", "Name must be unique within a namespace."), .. type.PrinterColumns.Count > 0 ? type.PrinterColumns : [Age]];

    private static JsonObject Definition(PrinterColumn c) => new()
    {
        ["name"] = c.Name,
        ["type"] = c.Type == "date" ? "string" : c.Type,
        ["format"] = c.Name == "Name" ? "name" : string.Empty,
        ["description"] = c.Description,
        ["priority"] = c.Priority,
    };

    private static JsonNode? Cell(PrinterColumn column, JsonObject o, DateTimeOffset now)
    {
        var value = JsonPaths.Get(o, column.JsonPath);
        if (value is null)
        {
            return null;
        }

        if (column.Type == "date" && DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return HumanDuration(now - at);
        }

        return value is JsonValue ? value.DeepClone() : value.ToJsonString();
    }

    private static JsonObject RowObject(JsonObject o, string? includeObject) => includeObject switch
    {
        "Object" => (JsonObject)o.DeepClone(),
        "None" => new JsonObject(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = o["metadata"]?.DeepClone(),
        },
    };

    /// <summary>An age as kubectl shows it (k8s.io/apimachinery duration.HumanDuration): <c>45s</c>, <c>5m10s</c>, <c>3h</c>, <c>4d</c>.</summary>
    internal static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)Math.Floor(d.TotalSeconds);
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        }

        return hours < 24 * 365 * 2 ? $"{hours / 24}d" : $"{hours / 24 / 365}y";
    }
}
