using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApiFilter.Detection;

/// <summary>
/// Reads the <c>x-apifilter-detect</c> extension (on a schema, a parameter, an operation or a path
/// item): <c>off</c> (or <c>false</c>) for no detector; <c>report</c> for the usual detectors in
/// Report mode (a detection is logged, the value passes: how a team rolls detection out on one
/// operation first); or a list of detector names, which replaces whatever the level above or the
/// value's type would have chosen, and may hold <c>report</c> too. Cold code (contract loading).
/// </summary>
internal static class ValueDetectorNames
{
    /// <summary>The extension's name.</summary>
    public const string Extension = "x-apifilter-detect";

    /// <summary>The names a list may hold, as written in a contract.</summary>
    public const string Known = "sql, xss, nosql, command, pathTraversal, ssrf, jsonPointer, jsonPath, header, report";

    /// <summary>Choice bit: no list was given, the usual detectors apply (with <see cref="ReportOnly"/>).</summary>
    public const int KeepDefaults = 0x0400;

    /// <summary>Choice bit: a detection is reported, never blocks.</summary>
    public const int ReportOnly = 0x0800;

    /// <summary>
    /// Parses the extension's value into a choice: a <see cref="ValueDetectors"/> mask, possibly with
    /// <see cref="ReportOnly"/>, or <see cref="KeepDefaults"/> | <see cref="ReportOnly"/> for
    /// <c>report</c>. False with a message naming what is wrong.
    /// </summary>
    public static bool TryParse(JsonNode? node, out int choice, out string? error)
    {
        choice = 0;
        error = null;
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.False:
                return true;
            case JsonValue value when value.TryGetValue(out string? text) && text == "off":
                return true;
            case JsonValue value when value.TryGetValue(out string? text) && text == "report":
                choice = KeepDefaults | ReportOnly;
                return true;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is JsonValue word && word.TryGetValue(out string? report) && report == "report")
                    {
                        choice |= ReportOnly;
                        continue;
                    }

                    if (item is not JsonValue entry || !entry.TryGetValue(out string? name) || !TryName(name, out var one))
                    {
                        error = $"unknown detector {item?.ToJsonString() ?? "null"}; expected one of {Known}";
                        return false;
                    }

                    choice |= (int)one;
                }

                return true;
            default:
                error = $"must be \"off\", \"report\", false or a list of detector names ({Known}), not {node?.ToJsonString() ?? "null"}";
                return false;
        }
    }

    private static bool TryName(string name, out ValueDetectors detector)
    {
        detector = name switch
        {
            "sql" => ValueDetectors.Sql,
            "xss" => ValueDetectors.Xss,
            "nosql" => ValueDetectors.NoSql,
            "command" => ValueDetectors.Command,
            "pathTraversal" => ValueDetectors.PathTraversal,
            "ssrf" => ValueDetectors.Ssrf,
            "jsonPointer" => ValueDetectors.JsonPointer,
            "jsonPath" => ValueDetectors.JsonPath,
            "header" => ValueDetectors.Header,
            _ => ValueDetectors.None,
        };
        return detector != ValueDetectors.None;
    }
}
