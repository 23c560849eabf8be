using System.Text.Json.Nodes;
using ApiFilter.Detection;
using ApiFilter.Forms;
using ApiFilter.Multipart;
using ApiFilter.Parameters;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Routing;
using ApiFilter.Schema;
using ApiFilter.Xml;

namespace ApiFilter.Contract;

/// <summary>
/// Compiles a loaded OpenAPI description into an <see cref="ApiContract"/>: the route table, each
/// operation's parameter checks, and one schema program holding every parameter, body and response
/// schema. Cold code, run once per load; every problem found is collected and reported together.
/// </summary>
public static class ContractCompiler
{
    /// <summary>Compiles <paramref name="contract"/> under <paramref name="policy"/>.</summary>
    /// <exception cref="ContractLoadException">
    /// The contract cannot be enforced strictly: every problem is listed (file, JSON Pointer, what is wrong).
    /// </exception>
    public static ApiContract Compile(LoadedContract contract, ContractPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(contract);
        return Compile(ContractModelBuilder.Build(contract), policy);
    }

    /// <summary>Compiles an already built model.</summary>
    /// <exception cref="ContractLoadException">The contract cannot be enforced strictly.</exception>
    public static ApiContract Compile(ContractModel model, ContractPolicy? policy = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        policy ??= ContractPolicy.Default;
        policy.Validate();
        return new Compilation(model, policy).Run();
    }

    private sealed class Compilation
    {
        private readonly ContractModel _model;
        private readonly ContractPolicy _policy;
        private readonly List<ContractProblem> _problems = [];
        private readonly SchemaCompiler _schemas;
        private readonly Uri _documentUri;
        private readonly ParameterOptions _parameterOptions;

        public Compilation(ContractModel model, ContractPolicy policy)
        {
            _model = model;
            _policy = policy;
            _schemas = new SchemaCompiler(model.Dialect);
            // the document's own base URI: local references resolve against it, and a 3.1 schema's
            // relative $id resolves against it as RFC 3986 section 5.1.3 says for a retrieval URI
            _documentUri = new Uri("file:///contract/" + Uri.EscapeDataString(model.FileName));
            _schemas.AddResource(_documentUri, model.Root);
            _parameterOptions = ParameterOptions.Default with
            {
                AllowUnknownQueryParameters = policy.AllowUnknownQueryParameters,
            };
        }

        public ApiContract Run()
        {
            var routes = new RouteTableBuilder();
            var basePaths = new HashSet<string>(StringComparer.Ordinal);
            foreach (var basePath in _model.BasePaths)
            {
                basePaths.Add(basePath);
            }

            // The route table has one set of base paths; an operation-level server adds its path to
            // it. Requests are still routed to the operation by its template, so this only widens
            // which prefixes are accepted, never which operations.
            foreach (var operation in _model.Operations)
            {
                foreach (var basePath in operation.BasePaths)
                {
                    basePaths.Add(basePath);
                }
            }

            foreach (var basePath in basePaths)
            {
                routes.AddBasePath(basePath);
            }

            var operations = new ContractOperation[_model.Operations.Count];
            for (int i = 0; i < operations.Length; i++)
            {
                var operation = _model.Operations[i];
                routes.Add(operation.Method, operation.PathTemplate, i);
                operations[i] = CompileOperation(operation);
            }

            RouteTable? table = null;
            try
            {
                table = routes.Build();
            }
            catch (RouteTemplateException e)
            {
                Problem(PathPointer(e.Template), e.Message);
            }

            SchemaProgram? program = null;
            try
            {
                program = _schemas.Compile();
            }
            catch (SchemaCompileException e)
            {
                foreach (var problem in e.Problems)
                {
                    Problem(LocalPointer(problem.Location), problem.Message);
                }
            }

            if (_problems.Count > 0 || table is null || program is null)
            {
                throw new ContractLoadException(_problems);
            }

            return new ApiContract(_model, table, operations, program);
        }

        private ContractOperation CompileOperation(OperationModel operation)
        {
            var definitions = operation.Parameters;
            OperationParameters parameters;
            try
            {
                parameters = ParameterCompiler.Compile(definitions, _model.Root, operation.PathParameterNames, CredentialOptions(operation));
            }
            catch (ParameterContractException e)
            {
                Problem(e.Pointer, e.Message);
                parameters = ParameterCompiler.Compile([], _model.Root, [], _parameterOptions);
            }

            var (entries, pointers) = ParameterSchemas(definitions);

            var requestMedia = operation.RequestBody is { } body ? CompileContent(body.Content) : [];
            var responses = new ContractResponse[operation.Responses.Count];
            for (int r = 0; r < responses.Length; r++)
            {
                var response = operation.Responses[r];
                responses[r] = CompileResponse(response);
            }

            // x-apifilter-detect: the operation's own, else its path item's; a parameter's own replaces it
            int pathPointerEnd = operation.Pointer.LastIndexOf('/');
            int chosen = ChosenDetectors(operation.Extensions, operation.Pointer);
            if (chosen < 0)
            {
                chosen = ChosenDetectors(operation.PathExtensions, pathPointerEnd > 0 ? operation.Pointer[..pathPointerEnd] : operation.Pointer);
            }

            var parameterChosen = new int[definitions.Count];
            var parameterDefaults = new ValueDetectors[definitions.Count];
            for (int p = 0; p < definitions.Count; p++)
            {
                int own = ChosenDetectors(definitions[p].Extensions, definitions[p].Pointer);
                parameterChosen[p] = own >= 0 ? own : chosen;

                // header and cookie values are what a back end most often copies into its own headers
                parameterDefaults[p] = definitions[p].Location is ParameterLocation.Header or ParameterLocation.Cookie
                    ? ValueDetectors.FreeText | ValueDetectors.Header
                    : ValueDetectors.FreeText;
            }

            return new ContractOperation(operation, parameters, entries, pointers, requestMedia, responses)
            {
                DetectChosen = chosen,
                ParameterDetectChosen = parameterChosen,
                ParameterDetectDefaults = parameterDefaults,
            };
        }

        /// <summary>
        /// The parameter options of <paramref name="operation"/>: the shared ones, plus the query and
        /// cookie names of the apiKey schemes its security requirements name (unless it declares a
        /// parameter of that name itself), so a key sent as <c>?api_key=…</c> is not an undeclared parameter.
        /// </summary>
        private ParameterOptions CredentialOptions(OperationModel operation)
        {
            List<string>? query = null;
            List<string>? cookie = null;
            foreach (var requirement in operation.Security)
            {
                foreach (var name in requirement.Schemes.Keys)
                {
                    if (!_model.SecuritySchemes.TryGetValue(name, out var scheme) || scheme.Kind != SecuritySchemeKind.ApiKey
                        || scheme.ApiKeyName is not { } keyName || scheme.ApiKeyLocation is not ({ } location and (ParameterLocation.Query or ParameterLocation.Cookie))
                        || Declares(operation, location, keyName))
                    {
                        continue;
                    }

                    var list = location == ParameterLocation.Query ? query ??= [] : cookie ??= [];
                    if (!list.Contains(keyName))
                    {
                        list.Add(keyName);
                    }
                }
            }

            return query is null && cookie is null
                ? _parameterOptions
                : _parameterOptions with { CredentialQueryNames = query ?? [], CredentialCookieNames = cookie ?? [] };
        }

        private static bool Declares(OperationModel operation, ParameterLocation location, string name)
        {
            foreach (var parameter in operation.Parameters)
            {
                if (parameter.Location == location && string.Equals(parameter.Name, name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The <c>x-apifilter-detect</c> of an object as a choice (see <see cref="ValueDetectorNames.TryParse"/>), -1 when absent (or wrong: a problem).</summary>
        private int ChosenDetectors(IReadOnlyDictionary<string, JsonNode?> extensions, string pointer)
        {
            if (!extensions.TryGetValue(ValueDetectorNames.Extension, out var value))
            {
                return -1;
            }

            if (ValueDetectorNames.TryParse(value, out var choice, out var error))
            {
                return choice;
            }

            Problem(pointer + "/" + ValueDetectorNames.Extension, error!);
            return -1;
        }

        private (int[] Entries, string[] Pointers) ParameterSchemas(IReadOnlyList<ParameterDefinition> definitions)
        {
            var entries = new int[definitions.Count];
            var pointers = new string[definitions.Count];
            for (int p = 0; p < definitions.Count; p++)
            {
                var definition = definitions[p];
                entries[p] = definition.Schema is null ? -1 : AddSchema(definition.Schema, definition.SchemaPointer);
                pointers[p] = "/" + definition.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            }

            return (entries, pointers);
        }

        /// <summary>A response's headers are checked as header parameters are (simple style, OAS 3.1 section 4.8.21).</summary>
        private ContractResponse CompileResponse(ResponseModel response)
        {
            var definitions = new List<ParameterDefinition>(response.Headers.Count);
            foreach (var header in response.Headers)
            {
                definitions.Add(new ParameterDefinition(header.Name, ParameterLocation.Header)
                {
                    Required = header.Required,
                    Explode = header.Explode,
                    Schema = header.Schema,
                    SchemaPointer = header.SchemaPointer,
                    ContentMediaType = header.ContentMediaType,
                    Pointer = header.Pointer,
                });
            }

            OperationParameters headers;
            try
            {
                headers = ParameterCompiler.Compile(definitions, _model.Root, [], _parameterOptions);
            }
            catch (ParameterContractException e)
            {
                Problem(e.Pointer, e.Message);
                definitions.Clear();
                headers = ParameterCompiler.Compile(definitions, _model.Root, [], _parameterOptions);
            }

            var (entries, pointers) = ParameterSchemas(definitions);
            return new ContractResponse(response, CompileContent(response.Content), headers, entries, pointers);
        }

        private ContractMediaType[] CompileContent(IReadOnlyList<MediaTypeModel> content)
        {
            var media = new ContractMediaType[content.Count];
            for (int m = 0; m < media.Length; m++)
            {
                var model = content[m];
                var kind = KindOf(model.Type, model.Subtype);
                var entry = model.Schema is null ? -1 : AddSchema(model.Schema, model.SchemaPointer);
                media[m] = new ContractMediaType(model, kind, entry)
                {
                    Form = kind == BodyKind.Form ? CompileForm(model) : null,
                    Multipart = kind == BodyKind.Multipart ? CompileMultipart(model) : null,
                    Xml = kind == BodyKind.Xml && model.Schema is not null ? CompileXml(model) : null,
                };
            }

            return media;
        }

        private FormFields? CompileForm(MediaTypeModel model)
        {
            var encoding = new Dictionary<string, FormFieldEncoding>(StringComparer.Ordinal);
            foreach (var entry in model.Encoding)
            {
                if (entry.Style is { } style)
                {
                    encoding[entry.PropertyName] = new FormFieldEncoding(style, entry.Explode);
                }
            }

            try
            {
                return FormFields.Compile(model.Schema, _model.Root, encoding);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ParameterContractException)
            {
                Problem(model.SchemaPointer, $"the form body's schema cannot be read as form fields: {e.Message}");
                return null;
            }
        }

        private XmlMapping? CompileXml(MediaTypeModel model)
        {
            try
            {
                return XmlMapping.Compile(model.Schema, _model.Root);
            }
            catch (ArgumentException e)
            {
                Problem(model.SchemaPointer, $"the XML body's schema cannot be mapped to XML (OpenAPI XML Object): {e.Message}");
                return null;
            }
        }

        private MultipartFormDescription? CompileMultipart(MediaTypeModel model)
        {
            try
            {
                return MultipartDescriptionCompiler.Compile(model, _model.Root);
            }
            catch (ArgumentException e)
            {
                Problem(model.Pointer, $"the multipart body cannot be described as form fields: {e.Message}");
                return null;
            }
        }

        /// <summary>Which guard reads a body of this media type (range) once the contract allows it.</summary>
        private static BodyKind KindOf(string type, string subtype)
        {
            if (type == "*" || subtype == "*")
            {
                // a range admits many formats; the request's own Content-Type picks the guard
                return BodyKind.None;
            }

            return MediaTypes.Classify(type + "/" + subtype, out _);
        }

        private int AddSchema(JsonNode schema, string pointer)
        {
            // A schema that is a node of the document is compiled by its location, so its $refs,
            // $ids and anchors resolve exactly as written and violations point into the file; a
            // schema synthesized from a 2.0 parameter is compiled on its own against the document.
            if (JsonPointer.TryResolve(_model.Root, pointer, out var found) && ReferenceEquals(found, schema))
            {
                return _schemas.AddSchema(_documentUri, pointer);
            }

            return _schemas.AddSchema(schema, _documentUri);
        }

        private void Problem(string pointer, string message) =>
            _problems.Add(new ContractProblem(_model.FileName, pointer, message));

        private string PathPointer(string template) =>
            JsonPointer.Append("/paths", template);

        /// <summary>Schema problems name a URI; inside the contract document only its fragment matters.</summary>
        private string LocalPointer(string location)
        {
            var prefix = _documentUri.AbsoluteUri + "#";
            return location.StartsWith(prefix, StringComparison.Ordinal) ? Uri.UnescapeDataString(location[prefix.Length..]) : location;
        }
    }
}
