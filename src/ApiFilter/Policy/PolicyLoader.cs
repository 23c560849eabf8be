using System.Globalization;
using System.Text;
using ApiFilter.Detection;
using ApiFilter.Json;
using ApiFilter.Xml;

namespace ApiFilter.Policy;

/// <summary>
/// Loads a <see cref="FilterPolicy"/> from a JSON or YAML file. Strict: an unknown key, a value of
/// the wrong type or a limit that is not positive is a <see cref="PolicyException"/> naming the file
/// and the key path, so a typo never silently falls back to a default.
/// </summary>
/// <remarks>
/// Recognised keys (all optional):
/// <code>
/// json: { maxDepth, maxArrayLength, maxObjectEntries, maxStringLength, maxNameLength,
///         maxNumberLength, maxBodyBytes, rejectDuplicateNames }
/// xml:  { maxDepth, maxChildCount, maxAttributeCount, maxNamespaceDeclarations,
///         maxElementNameLength, maxAttributeNameLength, maxPrefixLength, maxNamespaceUriLength,
///         maxTextLength, maxAttributeValueLength, maxCommentLength, maxPITargetLength,
///         maxPIDataLength, maxBodyBytes, rejectDtd }
/// contentEncodings: [gzip, deflate, br]
/// maxDecompressionRatio: 100
/// contract: { allowUnknownQueryParameters, allowCorsPreflight, maxViolations, responses, maxResponseBodyBytes }
/// detection: { sql, xss, nosql, command, pathTraversal, ssrf, header, jsonPointer, jsonPath, sensitivity }
/// auth:
///   mode: block | report | off
///   realm: api
///   schemes:
///     &lt;contract scheme name&gt;:        # JWT bearer (http bearer, oauth2, openIdConnect schemes)
///       issuers: [..] | issuer: x     audiences: [..] | audience: x
///       algorithms: [RS256, ES256]    # required
///       jwks: file                    # JWK Set, relative to the policy file's folder
///       secretFile: file              # HS* shared secret (raw bytes)
///       clockSkewSeconds: 60   requireAccessTokenType: false   requiredClaims: [sub]
///     &lt;apiKey scheme&gt;:   { keys: file }    # lower-case hex SHA-256 per line, optional ' label'
///     &lt;basic scheme&gt;:    { users: file }   # user:pbkdf2-sha256$iterations$salt$hash per line
/// digest:     { mode: block|report|off, require: false, algorithms: [sha-256, sha-512] }
/// signatures: { mode: off|block|report, keys: keys/sig-keys.json, require: true,
///               components: ["@method", "@target-uri", "content-digest"], maxAgeSeconds: 300,
///               algorithms: [rsa-pss-sha512, rsa-v1_5-sha256, hmac-sha256, ecdsa-p256-sha256, ecdsa-p384-sha384],
///               cavage: false, nonce: false }
/// </code>
/// <para><c>digest</c>: RFC 9530 <c>Content-Digest</c> / RFC 3230 <c>Digest</c> on request bodies. Block
/// (default) refuses a digest that is sent and does not match, is malformed, or offers only algorithms
/// outside <c>algorithms</c> (md5, sha, unixsum… are never accepted: RFC 9530 section 5); <c>require</c>
/// also refuses a body without one.</para>
/// <para><c>signatures</c>: RFC 9421 message signatures (draft-cavage-12 too with <c>cavage: true</c>).
/// <c>keys</c> is a JWKS file, relative to the policy file; each key needs <c>kid</c> (the signature's
/// <c>keyid</c>) and <c>alg</c> (an RFC 9421 name, or PS512, RS256, HS256, ES256, ES384). <c>components</c>
/// must be covered (<c>content-digest</c> and <c>digest</c> only when there is a body, and then the digest
/// is required and checked); <c>created</c> older than <c>maxAgeSeconds</c> and a passed <c>expires</c> are
/// refused; <c>nonce: true</c> requires a nonce and refuses one seen before.</para>
/// </remarks>
public static partial class PolicyLoader
{
    /// <summary>Loads the policy in <paramref name="path"/>; <c>.json</c> files are read as JSON, anything else as YAML.</summary>
    /// <exception cref="PolicyException">The file cannot be read or is not a valid policy.</exception>
    public static FilterPolicy LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fileName = Path.GetFileName(path);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new PolicyException(fileName.Length == 0 ? path : fileName, "", $"cannot read the file: {e.Message}", e);
        }

        var isJson = string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);
        // the key files of the auth and signatures sections are relative to the policy file's folder
        return Load(text, fileName, isJson, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>Loads a policy from text.</summary>
    /// <param name="text">The policy document.</param>
    /// <param name="fileName">Name used in error messages.</param>
    /// <param name="isJson">True to read strict JSON; false to read YAML.</param>
    /// <exception cref="PolicyException">The text is not a valid policy.</exception>
    public static FilterPolicy Load(string text, string fileName, bool isJson) => Load(text, fileName, isJson, baseDirectory: null);

    /// <summary>Loads a policy from text whose file paths (the key files of the <c>auth</c> and <c>signatures</c> sections) are relative to <paramref name="baseDirectory"/>.</summary>
    /// <param name="text">The policy document.</param>
    /// <param name="fileName">Name used in error messages.</param>
    /// <param name="isJson">True to read strict JSON; false to read YAML.</param>
    /// <param name="baseDirectory">The folder relative paths start from; null for the current directory.</param>
    /// <exception cref="PolicyException">The text is not a valid policy, or a key file it names cannot be read.</exception>
    public static FilterPolicy Load(string text, string fileName, bool isJson, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var root = isJson
            ? JsonPolicyReader.Read(Encoding.UTF8.GetBytes(text), fileName)
            : YamlPolicyReader.Read(text, fileName);
        return Build(root, fileName, baseDirectory);
    }

    private static FilterPolicy Build(PolicyNode root, string fileName, string? baseDirectory)
    {
        var errors = new ErrorSink(fileName, baseDirectory);
        if (root.Kind != PolicyNodeKind.Mapping)
        {
            throw errors.At("", $"expected a mapping of settings at the top level, got {root.Describe()}");
        }

        var policy = FilterPolicy.Default;
        foreach (var (key, value) in root.Members)
        {
            policy = key switch
            {
                "json" => policy with { Json = BuildJson(value, errors, "json") },
                "xml" => policy with { Xml = BuildXml(value, errors, "xml") },
                "contentEncodings" => policy with { ContentEncodings = BuildCodings(value, errors, key) },
                "maxDecompressionRatio" => policy with { MaxDecompressionRatio = PositiveInt(value, errors, key) },
                "contract" => policy with { Contract = BuildContract(value, errors, key) },
                "detection" => policy with { Detection = BuildDetection(value, errors, key) },
                "auth" => policy with { Auth = BuildAuth(value, errors, key, baseDirectory) },
                "digest" => policy with { Digest = BuildDigest(value, errors, key) },
                "signatures" => policy with { Signatures = BuildSignatures(value, errors, key) },
                _ => throw errors.Unknown("", key, "json, xml, contentEncodings, maxDecompressionRatio, contract, detection, auth, digest, signatures"),
            };
        }

        return policy;
    }

    private static JsonThreatLimits BuildJson(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var limits = JsonThreatLimits.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            limits = key switch
            {
                "maxDepth" => limits with { MaxDepth = PositiveInt(value, errors, at) },
                "maxArrayLength" => limits with { MaxArrayLength = PositiveInt(value, errors, at) },
                "maxObjectEntries" => limits with { MaxObjectEntries = PositiveInt(value, errors, at) },
                "maxStringLength" => limits with { MaxStringLength = PositiveInt(value, errors, at) },
                "maxNameLength" => limits with { MaxNameLength = PositiveInt(value, errors, at) },
                "maxNumberLength" => limits with { MaxNumberLength = PositiveInt(value, errors, at) },
                "maxBodyBytes" => limits with { MaxBodyBytes = PositiveLong(value, errors, at) },
                "rejectDuplicateNames" => limits with { RejectDuplicateNames = Bool(value, errors, at) },
                _ => throw errors.Unknown(path, key,
                    "maxDepth, maxArrayLength, maxObjectEntries, maxStringLength, maxNameLength, maxNumberLength, maxBodyBytes, rejectDuplicateNames"),
            };
        }

        return limits;
    }

    private static XmlThreatLimits BuildXml(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var limits = XmlThreatLimits.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            limits = key switch
            {
                "maxDepth" => limits with { MaxDepth = PositiveInt(value, errors, at) },
                "maxChildCount" => limits with { MaxChildCount = PositiveInt(value, errors, at) },
                "maxAttributeCount" => limits with { MaxAttributeCount = PositiveInt(value, errors, at) },
                "maxNamespaceDeclarations" => limits with { MaxNamespaceDeclarations = PositiveInt(value, errors, at) },
                "maxElementNameLength" => limits with { MaxElementNameLength = PositiveInt(value, errors, at) },
                "maxAttributeNameLength" => limits with { MaxAttributeNameLength = PositiveInt(value, errors, at) },
                "maxPrefixLength" => limits with { MaxPrefixLength = PositiveInt(value, errors, at) },
                "maxNamespaceUriLength" => limits with { MaxNamespaceUriLength = PositiveInt(value, errors, at) },
                "maxTextLength" => limits with { MaxTextLength = PositiveInt(value, errors, at) },
                "maxAttributeValueLength" => limits with { MaxAttributeValueLength = PositiveInt(value, errors, at) },
                "maxCommentLength" => limits with { MaxCommentLength = PositiveInt(value, errors, at) },
                "maxPITargetLength" => limits with { MaxPITargetLength = PositiveInt(value, errors, at) },
                "maxPIDataLength" => limits with { MaxPIDataLength = PositiveInt(value, errors, at) },
                "maxBodyBytes" => limits with { MaxBodyBytes = PositiveLong(value, errors, at) },
                "rejectDtd" => limits with { RejectDtd = Bool(value, errors, at) },
                _ => throw errors.Unknown(path, key,
                    "maxDepth, maxChildCount, maxAttributeCount, maxNamespaceDeclarations, maxElementNameLength, maxAttributeNameLength, maxPrefixLength, maxNamespaceUriLength, maxTextLength, maxAttributeValueLength, maxCommentLength, maxPITargetLength, maxPIDataLength, maxBodyBytes, rejectDtd"),
            };
        }

        return limits;
    }

    private static ContractPolicy BuildContract(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var contract = ContractPolicy.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            contract = key switch
            {
                "allowUnknownQueryParameters" => contract with { AllowUnknownQueryParameters = Bool(value, errors, at) },
                "maxViolations" => contract with { MaxViolations = PositiveInt(value, errors, at) },
                "allowCorsPreflight" => contract with { AllowCorsPreflight = Bool(value, errors, at) },
                "responses" => contract with { Responses = Mode(value, errors, at) },
                "maxResponseBodyBytes" => contract with { MaxResponseBodyBytes = PositiveLong(value, errors, at) },
                _ => throw errors.Unknown(path, key, "allowUnknownQueryParameters, allowCorsPreflight, maxViolations, responses, maxResponseBodyBytes"),
            };
        }

        return contract;
    }

    private static DetectionPolicy BuildDetection(PolicyNode node, ErrorSink errors, string path)
    {
        ExpectMapping(node, errors, path);
        var detection = DetectionPolicy.Default;
        foreach (var (key, value) in node.Members)
        {
            var at = path + "." + key;
            detection = key switch
            {
                "sql" => detection with { Sql = Mode(value, errors, at) },
                "xss" => detection with { Xss = Mode(value, errors, at) },
                "nosql" => detection with { NoSql = Mode(value, errors, at) },
                "command" => detection with { Command = Mode(value, errors, at) },
                "pathTraversal" => detection with { PathTraversal = Mode(value, errors, at) },
                "ssrf" => detection with { Ssrf = Mode(value, errors, at) },
                "header" => detection with { Header = Mode(value, errors, at) },
                "jsonPointer" => detection with { JsonPointer = Mode(value, errors, at) },
                "jsonPath" => detection with { JsonPath = Mode(value, errors, at) },
                "sensitivity" => detection with { Sensitivity = Sensitivity(value, errors, at) },
                _ => throw errors.Unknown(path, key, "sql, xss, nosql, command, pathTraversal, ssrf, header, jsonPointer, jsonPath, sensitivity"),
            };
        }

        return detection;
    }

    private static DetectionSensitivity Sensitivity(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar
            ? node.Text.ToLowerInvariant() switch
            {
                "standard" or "1" => DetectionSensitivity.Standard,
                "elevated" or "2" => DetectionSensitivity.Elevated,
                "high" or "3" => DetectionSensitivity.High,
                "paranoid" or "4" => DetectionSensitivity.Paranoid,
                _ => throw errors.At(path, $"expected standard, elevated, high or paranoid (or 1-4), got {node.Describe()}"),
            }
            : throw errors.At(path, $"expected standard, elevated, high or paranoid (or 1-4), got {node.Describe()}");

    private static EnforcementMode Mode(PolicyNode node, ErrorSink errors, string path) =>
        node.IsScalar
            ? node.Text.ToLowerInvariant() switch
            {
                "block" => EnforcementMode.Block,
                "report" => EnforcementMode.Report,
                "off" => EnforcementMode.Off,
                _ => throw errors.At(path, $"expected block, report or off, got {node.Describe()}"),
            }
            : throw errors.At(path, $"expected block, report or off, got {node.Describe()}");

    private static ContentCodings BuildCodings(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind != PolicyNodeKind.Sequence)
        {
            throw errors.At(path, $"expected a list of content codings (gzip, deflate, br), got {node.Describe()}");
        }

        var codings = ContentCodings.None;
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            var at = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
            if (!item.IsScalar)
            {
                throw errors.At(at, $"expected a content coding name, got {item.Describe()}");
            }

            codings |= item.Text.ToLowerInvariant() switch
            {
                "gzip" or "x-gzip" => ContentCodings.Gzip,
                "deflate" => ContentCodings.Deflate,
                "br" => ContentCodings.Brotli,
                _ => throw errors.At(at, $"unknown content coding {item.Describe()}; expected gzip, deflate or br"),
            };
        }

        return codings;
    }

    private static void ExpectMapping(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind != PolicyNodeKind.Mapping)
        {
            throw errors.At(path, $"expected a mapping of limits, got {node.Describe()}");
        }
    }

    private static int PositiveInt(PolicyNode node, ErrorSink errors, string path)
    {
        var value = PositiveLong(node, errors, path);
        if (value > int.MaxValue)
        {
            throw errors.At(path, $"expected a positive integer up to {int.MaxValue}, got {node.Describe()}");
        }

        return (int)value;
    }

    private static long PositiveLong(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind != PolicyNodeKind.PlainScalar
            || !long.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            || value <= 0)
        {
            throw errors.At(path, $"expected a positive integer, got {node.Describe()}");
        }

        return value;
    }

    private static bool Bool(PolicyNode node, ErrorSink errors, string path)
    {
        if (node.Kind == PolicyNodeKind.PlainScalar)
        {
            // YAML 1.2 core schema booleans; JSON literals are the lowercase forms
            switch (node.Text)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        throw errors.At(path, $"expected true or false, got {node.Describe()}");
    }

    /// <summary>Builds the exceptions; keeps the file name in one place.</summary>
    private sealed class ErrorSink(string fileName, string? baseDirectory = null)
    {
        /// <summary>The directory relative file references start from; null for the current directory.</summary>
        public string? BaseDirectory => baseDirectory;

        public PolicyException At(string path, string problem) => new(fileName, path, problem);

        public PolicyException Unknown(string parent, string key, string known) =>
            new(fileName, parent.Length == 0 ? key : parent + "." + key, $"unknown key; expected one of: {known}");
    }
}
