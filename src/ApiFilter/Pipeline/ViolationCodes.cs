namespace ApiFilter.Pipeline;

/// <summary>
/// Every stable violation code the filter can emit. The same strings appear in problem+json
/// bodies, audit events and metrics; the README's violation table lists them all.
/// </summary>
public static class ViolationCodes
{
    // ---- JSON threat limits (JsonGuard) ----

    /// <summary>Container nesting deeper than <c>JsonThreatLimits.MaxDepth</c>.</summary>
    public const string JsonDepth = "json.depth";

    /// <summary>An array with more elements than <c>JsonThreatLimits.MaxArrayLength</c>.</summary>
    public const string JsonArrayLength = "json.arrayLength";

    /// <summary>An object with more members than <c>JsonThreatLimits.MaxObjectEntries</c>.</summary>
    public const string JsonObjectEntries = "json.objectEntries";

    /// <summary>A string value longer (UTF-8 bytes, unescaped) than <c>JsonThreatLimits.MaxStringLength</c>.</summary>
    public const string JsonStringLength = "json.stringLength";

    /// <summary>A property name longer (UTF-8 bytes, unescaped) than <c>JsonThreatLimits.MaxNameLength</c>.</summary>
    public const string JsonNameLength = "json.nameLength";

    /// <summary>A number literal longer than <c>JsonThreatLimits.MaxNumberLength</c> characters.</summary>
    public const string JsonNumberLength = "json.numberLength";

    /// <summary>The same property name twice in one object (a request smuggling vector).</summary>
    public const string JsonDuplicateName = "json.duplicateName";

    /// <summary>The body is larger than <c>JsonThreatLimits.MaxBodyBytes</c>.</summary>
    public const string JsonSize = "json.size";

    /// <summary>The body is not strict RFC 8259 JSON.</summary>
    public const string JsonSyntax = "json.syntax";

    // ---- XML threat limits (XmlGuard) ----

    /// <summary>The body is not well-formed XML 1.0.</summary>
    public const string XmlSyntax = "xml.syntax";

    /// <summary>A document type declaration (DTD): refused by default; closes entity expansion and XXE.</summary>
    public const string XmlDtd = "xml.dtd";

    /// <summary>A reference to an entity other than the five predefined ones.</summary>
    public const string XmlEntity = "xml.entity";

    /// <summary>The declared or detected encoding is not UTF-8.</summary>
    public const string XmlEncoding = "xml.encoding";

    /// <summary>Element nesting deeper than <c>XmlThreatLimits.MaxDepth</c>.</summary>
    public const string XmlDepth = "xml.depth";

    /// <summary>An element with more children than <c>XmlThreatLimits.MaxChildCount</c>.</summary>
    public const string XmlChildCount = "xml.childCount";

    /// <summary>An element with more attributes than <c>XmlThreatLimits.MaxAttributeCount</c>.</summary>
    public const string XmlAttributeCount = "xml.attributeCount";

    /// <summary>An element with more namespace declarations than <c>XmlThreatLimits.MaxNamespaceDeclarations</c>.</summary>
    public const string XmlNamespaceCount = "xml.namespaceCount";

    /// <summary>An element name longer than <c>XmlThreatLimits.MaxElementNameLength</c>.</summary>
    public const string XmlElementNameLength = "xml.elementNameLength";

    /// <summary>An attribute name longer than <c>XmlThreatLimits.MaxAttributeNameLength</c>.</summary>
    public const string XmlAttributeNameLength = "xml.attributeNameLength";

    /// <summary>A namespace prefix longer than <c>XmlThreatLimits.MaxPrefixLength</c>.</summary>
    public const string XmlPrefixLength = "xml.prefixLength";

    /// <summary>A namespace URI longer than <c>XmlThreatLimits.MaxNamespaceUriLength</c>.</summary>
    public const string XmlNamespaceUriLength = "xml.namespaceUriLength";

    /// <summary>A text node longer than <c>XmlThreatLimits.MaxTextLength</c>.</summary>
    public const string XmlTextLength = "xml.textLength";

    /// <summary>An attribute value longer than <c>XmlThreatLimits.MaxAttributeValueLength</c>.</summary>
    public const string XmlAttributeValueLength = "xml.attributeValueLength";

    /// <summary>A comment longer than <c>XmlThreatLimits.MaxCommentLength</c>.</summary>
    public const string XmlCommentLength = "xml.commentLength";

    /// <summary>A processing-instruction target longer than <c>XmlThreatLimits.MaxPITargetLength</c>.</summary>
    public const string XmlPITargetLength = "xml.piTargetLength";

    /// <summary>Processing-instruction data longer than <c>XmlThreatLimits.MaxPIDataLength</c>.</summary>
    public const string XmlPIDataLength = "xml.piDataLength";

    /// <summary>The body is larger than <c>XmlThreatLimits.MaxBodyBytes</c>.</summary>
    public const string XmlSize = "xml.size";

    // ---- body handling (RequestFilter) ----

    /// <summary>A <c>Content-Encoding</c> the policy does not allow, or one that cannot be decoded.</summary>
    public const string BodyEncoding = "body.encoding";

    /// <summary>A compressed body that expands beyond the policy's decompression ratio cap.</summary>
    public const string BodyCompressionRatio = "body.compressionRatio";

    /// <summary>The body could not be read completely (client aborted, framing error, timeout).</summary>
    public const string BodyIncomplete = "body.incomplete";

    /// <summary>
    /// A JSON or XML body declared with a <c>charset</c> parameter other than UTF-8. The guards judge
    /// UTF-8 only (RFC 8259 section 8.1 requires UTF-8 for JSON exchanged between systems); a body in
    /// another charset would be judged on bytes the upstream reads differently.
    /// </summary>
    public const string BodyCharset = "body.charset";

    /// <summary>A body larger than the size limit of a guard that has no format-specific size code.</summary>
    public const string BodySize = "body.size";

    // ---- routing (RouteTable) ----

    /// <summary>No path template of the contract matches the request path (404).</summary>
    public const string RouteUnknown = "route.unknown";

    /// <summary>The path is declared but not for this method (405, with an <c>Allow</c> header).</summary>
    public const string RouteMethod = "route.method";

    // ---- parameters (Parameters) ----

    /// <summary>A required parameter is absent.</summary>
    public const string ParamMissing = "param.missing";

    /// <summary>A query parameter (or cookie) the operation does not declare; refused unless the policy allows it.</summary>
    public const string ParamUnknown = "param.unknown";

    /// <summary>A single-valued parameter given more than once (parameter pollution).</summary>
    public const string ParamDuplicate = "param.duplicate";

    /// <summary>An empty value for a parameter that does not allow one (<c>allowEmptyValue</c>).</summary>
    public const string ParamEmpty = "param.empty";

    /// <summary>A value that cannot be decoded by its declared style and explode (or 2.0 collectionFormat).</summary>
    public const string ParamStyle = "param.style";

    /// <summary>Reserved characters (RFC 3986 section 2.2) unencoded in a query value without <c>allowReserved</c>.</summary>
    public const string ParamReserved = "param.reserved";

    /// <summary>A value whose percent-encoding is malformed or does not decode to UTF-8.</summary>
    public const string ParamEncoding = "param.encoding";

    /// <summary>More query parameters (or items in one parameter value) than the limit allows.</summary>
    public const string ParamCount = "param.count";

    // ---- schema validation (JsonSchemaValidator); the pointer is into the body or the parameter value ----

    /// <summary>The value's JSON type is not one the schema allows.</summary>
    public const string SchemaType = "schema.type";

    /// <summary>The value is not one of the <c>enum</c> values.</summary>
    public const string SchemaEnum = "schema.enum";

    /// <summary>The value is not the <c>const</c> value.</summary>
    public const string SchemaConst = "schema.const";

    /// <summary>A string (or number) that does not match its declared <c>format</c>.</summary>
    public const string SchemaFormat = "schema.format";

    /// <summary>A number below <c>minimum</c>.</summary>
    public const string SchemaMinimum = "schema.minimum";

    /// <summary>A number above <c>maximum</c>.</summary>
    public const string SchemaMaximum = "schema.maximum";

    /// <summary>A number not above <c>exclusiveMinimum</c>.</summary>
    public const string SchemaExclusiveMinimum = "schema.exclusiveMinimum";

    /// <summary>A number not below <c>exclusiveMaximum</c>.</summary>
    public const string SchemaExclusiveMaximum = "schema.exclusiveMaximum";

    /// <summary>A number that is not a multiple of <c>multipleOf</c> (exact decimal arithmetic).</summary>
    public const string SchemaMultipleOf = "schema.multipleOf";

    /// <summary>A string shorter (Unicode code points) than <c>minLength</c>.</summary>
    public const string SchemaMinLength = "schema.minLength";

    /// <summary>A string longer (Unicode code points) than <c>maxLength</c>.</summary>
    public const string SchemaMaxLength = "schema.maxLength";

    /// <summary>A string that does not match <c>pattern</c>, or whose match did not finish within the time limit.</summary>
    public const string SchemaPattern = "schema.pattern";

    /// <summary>An array with fewer items than <c>minItems</c>.</summary>
    public const string SchemaMinItems = "schema.minItems";

    /// <summary>An array with more items than <c>maxItems</c>.</summary>
    public const string SchemaMaxItems = "schema.maxItems";

    /// <summary>An array with two equal items under <c>uniqueItems</c>.</summary>
    public const string SchemaUniqueItems = "schema.uniqueItems";

    /// <summary>An array item the schema does not allow (<c>items: false</c>, <c>additionalItems: false</c>).</summary>
    public const string SchemaItems = "schema.items";

    /// <summary>Fewer or more items matching <c>contains</c> than <c>minContains</c>/<c>maxContains</c> allow.</summary>
    public const string SchemaContains = "schema.contains";

    /// <summary>A required property is missing.</summary>
    public const string SchemaRequired = "schema.required";

    /// <summary>A property the schema does not declare, under <c>additionalProperties: false</c> (or a schema it fails).</summary>
    public const string SchemaAdditionalProperties = "schema.additionalProperties";

    /// <summary>A property name that fails <c>propertyNames</c>.</summary>
    public const string SchemaPropertyNames = "schema.propertyNames";

    /// <summary>An object with fewer properties than <c>minProperties</c>.</summary>
    public const string SchemaMinProperties = "schema.minProperties";

    /// <summary>An object with more properties than <c>maxProperties</c>.</summary>
    public const string SchemaMaxProperties = "schema.maxProperties";

    /// <summary>A property present without the properties it requires (<c>dependentRequired</c>, draft 4 <c>dependencies</c>).</summary>
    public const string SchemaDependentRequired = "schema.dependentRequired";

    /// <summary>An object that fails a schema required by one of its properties.</summary>
    public const string SchemaDependentSchemas = "schema.dependentSchemas";

    /// <summary>A value that fails a branch of <c>allOf</c>.</summary>
    public const string SchemaAllOf = "schema.allOf";

    /// <summary>A value that matches no branch of <c>anyOf</c>.</summary>
    public const string SchemaAnyOf = "schema.anyOf";

    /// <summary>A value that matches no branch, or more than one, of <c>oneOf</c>.</summary>
    public const string SchemaOneOf = "schema.oneOf";

    /// <summary>A value that matches the schema under <c>not</c>.</summary>
    public const string SchemaNot = "schema.not";

    /// <summary>A value that fails the <c>then</c> or <c>else</c> branch its <c>if</c> selected.</summary>
    public const string SchemaIf = "schema.if";

    /// <summary>A value where the schema is <c>false</c>: nothing is allowed there.</summary>
    public const string SchemaFalse = "schema.false";

    /// <summary>A property no other keyword evaluated, under <c>unevaluatedProperties</c>.</summary>
    public const string SchemaUnevaluatedProperties = "schema.unevaluatedProperties";

    /// <summary>An item no other keyword evaluated, under <c>unevaluatedItems</c>.</summary>
    public const string SchemaUnevaluatedItems = "schema.unevaluatedItems";

    /// <summary>A discriminator property that is missing or selects no schema.</summary>
    public const string SchemaDiscriminator = "schema.discriminator";

    /// <summary>A <c>readOnly</c> property sent in a request.</summary>
    public const string SchemaReadOnly = "schema.readOnly";

    /// <summary>A <c>writeOnly</c> property returned in a response.</summary>
    public const string SchemaWriteOnly = "schema.writeOnly";

    // ---- bodies against the operation ----

    /// <summary>A request body whose media type the operation does not declare (415).</summary>
    public const string BodyMediaType = "body.mediaType";

    /// <summary>The operation requires a body and the request has none.</summary>
    public const string BodyRequired = "body.required";

    /// <summary>An <c>application/x-www-form-urlencoded</c> body that cannot be decoded.</summary>
    public const string FormSyntax = "form.syntax";

    /// <summary>An <c>application/x-www-form-urlencoded</c> body with more name=value pairs than the limit.</summary>
    public const string FormPairs = "form.pairs";

    /// <summary>A form field name longer (encoded bytes) than the limit.</summary>
    public const string FormNameLength = "form.nameLength";

    /// <summary>A form field value longer (encoded bytes) than the limit.</summary>
    public const string FormValueLength = "form.valueLength";

    /// <summary>A single-valued form field given more than once (parameter pollution).</summary>
    public const string FormDuplicate = "form.duplicate";

    /// <summary>A multipart body whose boundary is missing, malformed, or never found.</summary>
    public const string MultipartBoundary = "multipart.boundary";

    /// <summary>A multipart body that is not well-formed (RFC 2046 section 5.1.1): unterminated part, bad part headers.</summary>
    public const string MultipartSyntax = "multipart.syntax";

    /// <summary>A multipart body with more parts than the limit.</summary>
    public const string MultipartParts = "multipart.parts";

    /// <summary>A multipart part larger than its limit.</summary>
    public const string MultipartPartSize = "multipart.partSize";

    /// <summary>Part headers larger than the limit.</summary>
    public const string MultipartPartHeaders = "multipart.partHeaders";

    /// <summary>A part whose content type its <c>encoding</c> entry does not allow.</summary>
    public const string MultipartPartMediaType = "multipart.partMediaType";

    /// <summary>A multipart part whose name the form (the request body schema) does not declare.</summary>
    public const string MultipartUnknownField = "multipart.unknownField";

    /// <summary>A single-valued form field sent in more than one part (parameter pollution).</summary>
    public const string MultipartDuplicateField = "multipart.duplicateField";

    /// <summary>A required form field with no part.</summary>
    public const string MultipartMissingField = "multipart.missingField";

    // ---- responses (ResponseFilter); a refused response is replaced by 502 ----

    /// <summary>An upstream status code the operation does not declare (and no <c>default</c>).</summary>
    public const string ResponseStatus = "response.status";

    /// <summary>An upstream content type the declared response does not list.</summary>
    public const string ResponseMediaType = "response.mediaType";

    /// <summary>A declared response header that is missing or fails its schema.</summary>
    public const string ResponseHeader = "response.header";

    /// <summary>An upstream response body that fails its declared schema.</summary>
    public const string ResponseBody = "response.body";

    // ---- attack detection inside allowed values (Detection/); the message names the construct ----

    /// <summary>SQL injection in a value (<c>SqlInjectionDetector</c>): a breakout into a tautology, UNION SELECT, stacked query, delay, clause or comment.</summary>
    public const string InjectSql = "inject.sql";

    /// <summary>Cross-site scripting in a value: a tag, handler or URL that executes script.</summary>
    public const string InjectXss = "inject.xss";

    /// <summary>A value that reaches into documents through JSON Pointer or JSONPath syntax (<c>/../</c>, <c>$..</c>, filters).</summary>
    public const string InjectJsonPointer = "inject.jsonPointer";

    /// <summary>NoSQL operator injection (<c>$where</c>, <c>$ne</c>, <c>field[$ne]=</c>).</summary>
    public const string InjectNoSql = "inject.nosql";

    /// <summary>Path traversal (<c>../</c>, encoded or overlong forms, NUL).</summary>
    public const string InjectPathTraversal = "inject.pathTraversal";

    /// <summary>Shell command injection (<c>;</c>, <c>|</c>, <c>&amp;&amp;</c>, backticks, <c>$(…)</c>).</summary>
    public const string InjectCommand = "inject.command";

    /// <summary>CR or LF in a value that becomes a header (response splitting, header injection).</summary>
    public const string InjectHeader = "inject.header";

    /// <summary>A URL-typed value pointing at loopback, link-local, metadata or private addresses (SSRF).</summary>
    public const string InjectSsrf = "inject.ssrf";

    // ---- authentication (the contract's security requirements, RequestFilter.Security.cs) ----

    /// <summary>No credential for any security requirement of the operation (401 with a challenge per accepted scheme, RFC 9110 section 15.5.2).</summary>
    public const string AuthMissing = "auth.missing";

    /// <summary>A credential that is not syntactically valid: two <c>Authorization</c> lines, a bearer token outside RFC 6750 <c>b64token</c>, a Basic value that is not base64 of <c>user:password</c>, a repeated API key (400, RFC 6750 section 3.1 <c>invalid_request</c>).</summary>
    public const string AuthMalformed = "auth.malformed";

    /// <summary>A bearer token that is not a readable compact JWS, is too large, or is encrypted (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtMalformed = "auth.jwt.malformed";

    /// <summary>A bearer token whose signature does not verify (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtSignature = "auth.jwt.signature";

    /// <summary>A bearer token whose <c>alg</c> is <c>none</c>, unknown or not in the scheme's allow-list (RFC 8725 section 3.1; 401 <c>invalid_token</c>).</summary>
    public const string AuthJwtAlgorithm = "auth.jwt.algorithm";

    /// <summary>No configured key verifies the token: unknown <c>kid</c>, a key of another type (an HS token naming an RSA key), or a key whose use forbids it (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtKey = "auth.jwt.key";

    /// <summary>The token's <c>exp</c> is past (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtExpired = "auth.jwt.expired";

    /// <summary>The token's <c>nbf</c> or <c>iat</c> is in the future (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtNotYetValid = "auth.jwt.notYetValid";

    /// <summary>The token's <c>iss</c> is not an accepted issuer (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtIssuer = "auth.jwt.issuer";

    /// <summary>No <c>aud</c> of the token is an accepted audience (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtAudience = "auth.jwt.audience";

    /// <summary>The token's <c>typ</c> is not <c>at+jwt</c> where the scheme requires access tokens (RFC 9068 section 4; 401 <c>invalid_token</c>).</summary>
    public const string AuthJwtType = "auth.jwt.type";

    /// <summary>The token's claims are not valid: a registered claim of the wrong type, a duplicate claim, a required claim missing (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtClaims = "auth.jwt.claims";

    /// <summary>The token's JOSE header does not match the scheme's <c>headerSchema</c> (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtHeader = "auth.jwt.header";

    /// <summary>A valid token that lacks a scope the requirement lists (403 <c>insufficient_scope</c>, RFC 6750 section 3.1).</summary>
    public const string AuthScope = "auth.scope";

    /// <summary>An API key that is not one of the configured keys (401).</summary>
    public const string AuthApiKey = "auth.apiKey";

    /// <summary>HTTP Basic credentials of an unknown user or with a wrong password (401, RFC 7617).</summary>
    public const string AuthBasic = "auth.basic";

    /// <summary>A token the scheme accepts once only (<c>replay: true</c>) that has no <c>jti</c>, was used before, or could not be recorded because the replay cache is full (401 <c>invalid_token</c>).</summary>
    public const string AuthJwtReplay = "auth.jwt.replay";

    /// <summary>
    /// DPoP (RFC 9449) is required but the token came as <c>Bearer</c>, or it came as <c>DPoP</c> without a <c>DPoP</c>
    /// proof field (401 <c>DPoP</c> challenge, <c>invalid_dpop_proof</c>, section 7.1).
    /// </summary>
    public const string AuthDpopMissing = "auth.dpop.missing";

    /// <summary>
    /// The DPoP proof does not hold for this request: several <c>DPoP</c> fields, not a <c>dpop+jwt</c> JWS, an algorithm
    /// not allowed, a bad signature, <c>htm</c>/<c>htu</c> not this request, <c>iat</c> outside the window, <c>ath</c> not
    /// the presented token (401 <c>invalid_dpop_proof</c>, RFC 9449 sections 4.3 and 7.1).
    /// </summary>
    public const string AuthDpopProof = "auth.dpop.proof";

    /// <summary>The DPoP proof's <c>jti</c> was used before within the window, or could not be recorded (401 <c>invalid_dpop_proof</c>, RFC 9449 section 11.1).</summary>
    public const string AuthDpopReplay = "auth.dpop.replay";

    /// <summary>
    /// The DPoP binding does not hold: the proof key is not the token's <c>cnf.jkt</c>, a DPoP-bound token came as
    /// <c>Bearer</c> (RFC 9449 section 7.2), or an unbound token came as <c>DPoP</c> (401).
    /// </summary>
    public const string AuthDpopBinding = "auth.dpop.binding";

    /// <summary>
    /// The certificate binding (RFC 8705 section 3) does not hold: the token's <c>cnf</c> <c>x5t#S256</c> is not the
    /// TLS client certificate, no certificate was presented, or an unbound token where binding is required (401 <c>invalid_token</c>).
    /// </summary>
    public const string AuthMtlsBinding = "auth.mtls.binding";

    /// <summary>An authorization request (PKCE, RFC 7636; required by RFC 9700 section 2.1.1) without a <c>code_challenge</c>, or with one that is not 43 base64url characters of a SHA-256 value (400).</summary>
    public const string AuthPkceChallenge = "auth.pkce.challenge";

    /// <summary>An authorization request whose <c>code_challenge_method</c> is absent or not <c>S256</c> (<c>plain</c> is refused, RFC 9700 section 2.1.1; 400).</summary>
    public const string AuthPkceMethod = "auth.pkce.method";

    /// <summary>An authorization-code token request without a <c>code_verifier</c> of 43 to 128 unreserved characters (RFC 7636 section 4.1; 400).</summary>
    public const string AuthPkceVerifier = "auth.pkce.verifier";

    // ---- message integrity ----

    /// <summary>The body does not match its <c>Content-Digest</c> / <c>Digest</c> (RFC 9530, RFC 3230): altered after it was digested.</summary>
    public const string DigestMismatch = "digest.mismatch";

    /// <summary>The <c>Content-Digest</c> / <c>Digest</c> field breaks its syntax, or a digest has the wrong length.</summary>
    public const string DigestMalformed = "digest.malformed";

    /// <summary>The digest field offers only algorithms the policy does not accept (<c>md5</c>, <c>sha</c>, <c>unixsum</c>, …: RFC 9530 section 5).</summary>
    public const string DigestAlgorithm = "digest.algorithm";

    /// <summary>The policy (or a signature covering <c>content-digest</c>) requires a digest of the body and there is none.</summary>
    public const string DigestMissing = "digest.missing";

    /// <summary>The policy requires a message signature and the request carries none.</summary>
    public const string SignatureMissing = "signature.missing";

    /// <summary>A signature field or parameter breaks its syntax (RFC 9421 / draft-cavage).</summary>
    public const string SignatureMalformed = "signature.malformed";

    /// <summary>The signature does not verify over the rebuilt signature base: the message was altered, or signed with another key.</summary>
    public const string SignatureInvalid = "signature.invalid";

    /// <summary>The signature's <c>expires</c> passed, its <c>created</c> is older than the maximum age, in the future, or absent.</summary>
    public const string SignatureExpired = "signature.expired";

    /// <summary>A component the policy requires is not covered by the signature (or a covered one cannot be rebuilt).</summary>
    public const string SignatureComponents = "signature.components";

    /// <summary>No key is configured for the signature's <c>keyid</c>.</summary>
    public const string SignatureKey = "signature.key";

    /// <summary>The signature's algorithm is not accepted by the policy, not supported, or not the key's algorithm.</summary>
    public const string SignatureAlgorithm = "signature.algorithm";

    /// <summary>The signature's <c>nonce</c> was seen before (a replay), or the policy requires one and there is none.</summary>
    public const string SignatureReplay = "signature.replay";

    // ---- JOSE payloads ----

    /// <summary>The policy requires a detached JWS over the body (<c>jose.detachedSignature.require</c>) and the request carries none.</summary>
    public const string JoseSignatureMissing = "jose.signature.missing";

    /// <summary>The detached JWS header is not one compact JWS with an empty payload segment (RFC 7515 appendix F), or its header breaks a rule.</summary>
    public const string JoseSignatureMalformed = "jose.signature.malformed";

    /// <summary>The detached JWS does not verify over the body as received: the body was altered, or signed with another key.</summary>
    public const string JoseSignatureInvalid = "jose.signature.invalid";

    /// <summary>The detached JWS's "alg" is not in the policy's allow-list, is "none", or is not supported.</summary>
    public const string JoseSignatureAlgorithm = "jose.signature.algorithm";

    /// <summary>No configured key has the detached JWS's "kid", or none fits its algorithm.</summary>
    public const string JoseSignatureKey = "jose.signature.key";

    /// <summary>
    /// The JWE body could not be decrypted: one code for every failure from the key on (unknown key, unwrap, agreement,
    /// tag, padding), so a refusal is no oracle (RFC 7516 section 11.5).
    /// </summary>
    public const string JoseDecrypt = "jose.decrypt";

    /// <summary>The JWE's "alg" or "enc" is refused: outside the allow-list, unknown, RSA1_5 or PBES2 (never), or it carries "zip".</summary>
    public const string JoseAlgorithm = "jose.algorithm";

    /// <summary>The <c>application/jose</c> body is not a compact JWE (five base64url segments) or its protected header breaks a rule.</summary>
    public const string JoseMalformed = "jose.malformed";

    // ---- upstream ----

    /// <summary>The upstream could not be reached or failed to answer.</summary>
    public const string UpstreamUnavailable = "upstream.unavailable";

    /// <summary>
    /// The HTTP status a refusal with this code carries: 404 for an unknown route, 405 for an
    /// undeclared method, 401 for missing or invalid credentials, 403 for insufficient scope, 413 for size limits, 415 for encodings and media types the policy or
    /// contract refuses, 502 for upstream failures and refused responses, 400 for everything else.
    /// </summary>
    public static int StatusFor(string code) => code switch
    {
        JsonSize or XmlSize or BodySize or BodyCompressionRatio => 413,
        BodyEncoding or BodyCharset or XmlEncoding => 415,
        BodyMediaType or MultipartPartMediaType => 415,
        RouteUnknown => 404,
        RouteMethod => 405,
        AuthMalformed => 400,
        AuthScope => 403,
        AuthMissing or AuthApiKey or AuthBasic => 401,
        _ when code.StartsWith("auth.jwt.", StringComparison.Ordinal) || code.StartsWith("auth.dpop.", StringComparison.Ordinal) => 401,
        AuthMtlsBinding => 401,
        UpstreamUnavailable or ResponseStatus or ResponseMediaType or ResponseHeader or ResponseBody => 502,
        _ => 400,
    };

    /// <summary>A short title for a problem+json document with this code.</summary>
    public static string TitleFor(string code) => StatusFor(code) switch
    {
        413 => "Request body too large",
        404 => "No such operation in the API contract",
        405 => "Method not declared for this path",
        401 => "Authentication required",
        403 => "Insufficient scope",
        415 => "Unsupported request media type or encoding",
        502 => code.StartsWith("response.", StringComparison.Ordinal) ? "Upstream response refused by API filter" : "Upstream unavailable",
        _ => "Request refused by API filter",
    };
}
