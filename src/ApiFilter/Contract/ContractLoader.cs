using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ApiFilter.Contract;

/// <summary>
/// Loads an OpenAPI 2.0, 3.0 or 3.1 description from JSON or YAML, resolving relative external
/// <c>$ref</c>s against the folder of the file. Strict: every error the reader reports is a
/// <see cref="ContractProblem"/> naming the file and the JSON Pointer, and all of them are thrown
/// together in one <see cref="ContractLoadException"/>, so a broken contract never loads half-way.
/// Nothing is fetched from the network: an <c>http(s)</c> reference is a load error.
/// </summary>
public static class ContractLoader
{
    private const string SupportedVersions = "expected swagger 2.0, openapi 3.0.x or openapi 3.1.x";

    /// <summary>Loads the contract in <paramref name="path"/>; <c>.json</c> files are read as JSON, anything else as YAML.</summary>
    /// <exception cref="ContractLoadException">The file cannot be read or is not a usable OpenAPI description.</exception>
    public static LoadedContract LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // cold path, called from synchronous start-up code; only the file read is asynchronous
        return LoadFileAsync(path).GetAwaiter().GetResult();
    }

    /// <summary>Loads the contract in <paramref name="path"/>; <c>.json</c> files are read as JSON, anything else as YAML.</summary>
    /// <exception cref="ContractLoadException">The file cannot be read or is not a usable OpenAPI description.</exception>
    public static async Task<LoadedContract> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fileName = Path.GetFileName(path);
        if (fileName.Length == 0)
        {
            fileName = path;
        }

        FileStream stream;
        Uri baseUri;
        try
        {
            var fullPath = Path.GetFullPath(path);
            baseUri = new Uri(fullPath);
            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 16 * 1024, useAsync: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or UriFormatException)
        {
            throw new ContractLoadException([new ContractProblem(fileName, "", $"cannot read the file: {e.Message}")], e);
        }

        await using (stream.ConfigureAwait(false))
        {
            return await LoadAsync(stream, fileName, baseUri, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Loads a contract from <paramref name="stream"/>.</summary>
    /// <param name="stream">The description; left open.</param>
    /// <param name="fileName">Name used in error messages; a <c>.json</c> extension selects the JSON reader, anything else YAML.</param>
    /// <param name="baseUri">
    /// Absolute <c>file:</c> URI of the document, against which relative external references are
    /// resolved; <see langword="null"/> to refuse every external reference.
    /// </param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="ContractLoadException">The text is not a usable OpenAPI description.</exception>
    public static async Task<LoadedContract> LoadAsync(Stream stream, string fileName, Uri? baseUri,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        if (baseUri is not null && (!baseUri.IsAbsoluteUri || !baseUri.IsFile))
        {
            ThrowHelper.ThrowArgument(nameof(baseUri), "The base URI must be an absolute file: URI.");
        }

        string text;
        using (var reader = new StreamReader(stream, leaveOpen: true))
        {
            text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var location = baseUri ?? new Uri("file:///" + Uri.EscapeDataString(fileName));
        var settings = new OpenApiReaderSettings
        {
            BaseUrl = location,
            // external references are inlined before the reader runs; should it still try to load
            // one, the loader below only opens local files and never the network
            LoadExternalRefs = false,
            CustomExternalLoader = new FileOnlyStreamLoader(),
            RuleSet = RuleSet(),
        };

        ReadResult result;
        JsonNode root;
        try
        {
            root = Parse(text, fileName);
            root = ExternalRefInliner.Inline(root, baseUri, fileName, Parse);
            result = new OpenApiJsonReader().Read(root, location, settings);
        }
        catch (OpenApiUnsupportedSpecVersionException e)
        {
            throw new ContractLoadException([new ContractProblem(fileName, "",
                $"version '{e.SpecificationVersion}' is not supported; {SupportedVersions}")], e);
        }
        catch (ExternalReferenceRefusedException e)
        {
            throw new ContractLoadException([new ContractProblem(fileName, "", e.Message)], e);
        }
        catch (OpenApiException e)
        {
            throw new ContractLoadException([new ContractProblem(fileName, ToPointer(e.Pointer), e.Message)], e);
        }
        catch (Exception e) when (e is not (ContractLoadException or OperationCanceledException or OutOfMemoryException))
        {
            // the reader can crash on input it does not expect; the contract is then unusable, not the filter
            throw new ContractLoadException([new ContractProblem(fileName, "",
                $"the OpenAPI reader failed on this document ({e.GetType().Name}: {e.Message})")], e);
        }

        return Check(result, root, fileName);
    }

    /// <summary>Parses JSON (by <c>.json</c> extension) or YAML text into a node.</summary>
    private static JsonNode Parse(string text, string fileName)
    {
        if (!string.Equals(Path.GetExtension(fileName), ".json", StringComparison.OrdinalIgnoreCase))
        {
            return YamlToJson.Parse(text, fileName);
        }

        try
        {
            return JsonNode.Parse(text.AsSpan().TrimStart('\uFEFF').ToString())
                ?? throw new ContractLoadException([new ContractProblem(fileName, "", "expected a JSON object, got null")]);
        }
        catch (JsonException e)
        {
            var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            // System.Text.Json appends its own zero-based position, which the problem already states
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            throw new ContractLoadException([new ContractProblem(fileName, "", $"not valid JSON{position}: {(cut < 0 ? message : message[..cut])}")], e);
        }
    }

    /// <summary>
    /// The library's default rules, less the component-name pattern: Swagger 2.0 allows any name in
    /// <c>definitions</c> and <c>parameters</c> (<c>$.xgafv</c>, <c>Type[]</c>), the reader upgrades
    /// those sections to 3.x components, and the name only labels a schema, so it cannot make a
    /// message check weaker or stronger.
    /// </summary>
    private static ValidationRuleSet RuleSet()
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetDefaultRuleSet());
        rules.Remove(OpenApiComponentsRules.KeyMustBeRegularExpression.Name);
        return rules;
    }

    private static LoadedContract Check(ReadResult result, JsonNode root, string fileName)
    {
        var diagnostic = result.Diagnostic;
        if (diagnostic is null)
        {
            // without a diagnostic neither the errors nor the version are known: refuse rather than guess
            throw new ContractLoadException([new ContractProblem(fileName, "", "the reader returned no diagnostic for this document")]);
        }

        var problems = new List<ContractProblem>();
        foreach (var error in diagnostic.Errors)
        {
            problems.Add(ToProblem(fileName, error));
        }

        var version = diagnostic.SpecificationVersion;
        if (problems.Count == 0 && version is not (OpenApiSpecVersion.OpenApi2_0 or OpenApiSpecVersion.OpenApi3_0 or OpenApiSpecVersion.OpenApi3_1))
        {
            problems.Add(new ContractProblem(fileName, "/openapi",
                $"OpenAPI version {Describe(version)} is not supported; {SupportedVersions}"));
        }

        if (problems.Count == 0 && result.Document is null)
        {
            problems.Add(new ContractProblem(fileName, "", "the reader returned no document"));
        }

        if (problems.Count > 0)
        {
            throw new ContractLoadException(problems);
        }

        var warnings = new List<ContractProblem>();
        foreach (var warning in diagnostic.Warnings)
        {
            warnings.Add(new ContractProblem(fileName, ToPointer(warning.Pointer), warning.Message));
        }

        return new LoadedContract(result.Document!, root, version, fileName, warnings);
    }

    /// <summary>
    /// A reader error as a problem. The reader reports an unknown field without a pointer, naming
    /// the object in the message ("body is not a valid property at #/components/links/x"); the
    /// problem points at the field itself instead, like every other one.
    /// </summary>
    private static ContractProblem ToProblem(string fileName, OpenApiError error)
    {
        const string marker = " is not a valid property at #";
        var message = error.Message ?? "";
        var at = message.IndexOf(marker, StringComparison.Ordinal);
        if (string.IsNullOrEmpty(error.Pointer) && at > 0)
        {
            var field = message[..at];
            var parent = message[(at + marker.Length)..].TrimEnd('/');
            var pointer = JsonPointer.Append(parent, field);
            return new ContractProblem(fileName, pointer,
                $"unknown field '{field}' (only the fields the specification defines and x- extensions are allowed here)");
        }

        return new ContractProblem(fileName, ToPointer(error.Pointer), message);
    }

    private static string Describe(OpenApiSpecVersion version) => version switch
    {
        OpenApiSpecVersion.OpenApi2_0 => "2.0",
        OpenApiSpecVersion.OpenApi3_0 => "3.0",
        OpenApiSpecVersion.OpenApi3_1 => "3.1",
        _ => version.ToString(),
    };

    /// <summary>The reader reports pointers as URI fragments (<c>#/paths/...</c>); problems use plain JSON Pointers.</summary>
    private static string ToPointer(string? pointer)
    {
        if (string.IsNullOrEmpty(pointer))
        {
            return "";
        }

        return pointer[0] == '#' ? pointer[1..] : pointer;
    }
}
