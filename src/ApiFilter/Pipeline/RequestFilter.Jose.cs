using System.Buffers;
using System.Security.Cryptography;
using ApiFilter.Contract;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline;

/// <summary>
/// The JOSE half of the filter (<c>jose</c> policy section): a detached JWS over the request body (RFC 7515 appendix F,
/// RFC 7797) chosen in the plan and checked in the body pass like the digest, and compact JWE request bodies
/// (RFC 7516 section 9, <c>application/jose</c>) decrypted once whole and judged as the media type their <c>cty</c> names.
/// </summary>
public sealed partial class RequestFilter
{
    // a detached JWS header is a short header plus one signature (RSA-4096: 683 chars); this is ample and stays on the stack
    private const int MaxDetachedJwsChars = 4096;

    /// <summary>Null when the policy's <c>jose</c> request side is off: plans are then untouched (0 B added).</summary>
    private readonly JoseChecks? _jose;

    /// <summary>True when <paramref name="contentType"/> is <c>application/jose</c> and JWE bodies are decrypted.</summary>
    private bool IsJweRequest(string? contentType) =>
        _jose?.Decryptor is not null && contentType is not null
        && MediaTypes.TrySplitEssence(contentType, out var type, out var subtype)
        && type.Equals("application", StringComparison.OrdinalIgnoreCase) && subtype.Equals("jose", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The plan for a JWE body: buffered whole (up to the decryptor's limit) by the envelope guard, then decrypted
    /// and judged in <see cref="InspectBodyAsync(System.IO.Pipelines.PipeReader, BodyPlan, IBodyGuard, CancellationToken)"/>.
    /// </summary>
    private BodyPlan PlanJwe(in HttpMessageView request, ContractOperation? operation)
    {
        var envelope = _jose!.Envelope!;
        var encoding = request.ContentEncoding;
        if (!string.IsNullOrEmpty(encoding) && !encoding.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            // the ciphertext is incompressible; a coded JWE would only add a decompression step before the decryption
            return new BodyPlan(BodyKind.None, Verdict.Refuse(new Violation(ViolationCodes.BodyEncoding, "",
                "A compact JWE body is not content-coded.", -1, "header", null)), false, null) { Operation = operation };
        }

        if (request.ContentLength > envelope.MaxBodyBytes)
        {
            return new BodyPlan(BodyKind.None, Verdict.Refuse(new Violation(ViolationCodes.BodySize, "",
                $"The declared Content-Length {request.ContentLength} is larger than {envelope.MaxBodyBytes} bytes.", envelope.MaxBodyBytes)), false, null) { Operation = operation };
        }

        return new BodyPlan(BodyKind.None, Verdict.Allow, false, null) { Operation = operation, IsJwe = true, ContentType = request.ContentType };
    }

    /// <summary>Adds the detached JWS check to a plan the head has not refused.</summary>
    private BodyPlan CheckJose(in HttpMessageView request, in BodyPlan plan) =>
        _jose is null || plan.IsRefused || _jose.Verifier is null ? plan : PlanDetachedJws(request, plan, _jose);

    private BodyPlan PlanDetachedJws(in HttpMessageView request, in BodyPlan plan, JoseChecks jose)
    {
        if (!jose.AppliesTo(plan.Operation))
        {
            return plan;
        }

        var hasBody = request.HasBody && request.ContentLength != 0;
        var reportOnly = jose.SignatureMode == EnforcementMode.Report;
        var headers = request.Headers;
        var count = headers?.GetValueCount(jose.SignatureHeader) ?? 0;
        if (count == 0)
        {
            return hasBody && jose.SignatureRequired
                ? JwsRefusal(plan, ViolationCodes.JoseSignatureMissing, $"The request body has no detached JWS in '{jose.SignatureHeader}'.", reportOnly)
                : plan;
        }

        var value = count == 1 ? headers!.GetValue(jose.SignatureHeader, 0).Trim(" \t") : default;
        if (value.IsEmpty || value.Length > MaxDetachedJwsChars)
        {
            return JwsRefusal(plan, ViolationCodes.JoseSignatureMalformed, $"'{jose.SignatureHeader}' must carry one detached compact JWS.", reportOnly);
        }

        Span<byte> bytes = stackalloc byte[MaxDetachedJwsChars];
        for (var i = 0; i < value.Length; i++)
        {
            // base64url and dots only; anything else is not a compact JWS (RFC 7515 section 7.1)
            if (value[i] > 0x7F)
            {
                return JwsRefusal(plan, ViolationCodes.JoseSignatureMalformed, $"'{jose.SignatureHeader}' is not a compact JWS.", reportOnly);
            }

            bytes[i] = (byte)value[i];
        }

        var status = DetachedJwsBodyVerifier.TryCreate(jose.Verifier!, bytes[..value.Length], out var verifier);
        if (status != TokenValidationStatus.Valid)
        {
            return JwsRefusal(plan, JwsCode(status), $"The detached JWS was not accepted: {status}.", reportOnly);
        }

        if (!hasBody)
        {
            // nothing will be read: the signature must be over the empty payload
            status = verifier!.Verify();
            verifier.Dispose();
            return status == TokenValidationStatus.Valid ? plan
                : JwsRefusal(plan, ViolationCodes.JoseSignatureInvalid, "The detached JWS does not verify over the empty body.", reportOnly);
        }

        return plan with { Jws = verifier, JwsReportOnly = reportOnly };
    }

    private BodyPlan JwsRefusal(in BodyPlan plan, string code, string message, bool reportOnly)
    {
        var violation = new Violation(code, "", message, -1, "header", null);
        if (reportOnly)
        {
            Report(violation);
            return plan;
        }

        // a digest rented by the integrity check will not be read now
        if (plan.Digest is not null)
        {
            _integrity!.ReturnDigest(plan.Digest);
        }

        return new BodyPlan(plan.Kind, Verdict.Refuse(violation), false, null) { Operation = plan.Operation };
    }

    /// <summary>One code per kind of failure; the signature itself only ever fails as <c>jose.signature.invalid</c>.</summary>
    internal static string JwsCode(TokenValidationStatus status) => status switch
    {
        TokenValidationStatus.UnsupportedAlgorithm or TokenValidationStatus.AlgorithmNone or TokenValidationStatus.AlgorithmNotAllowed => ViolationCodes.JoseSignatureAlgorithm,
        TokenValidationStatus.KeyNotFound or TokenValidationStatus.KeyTypeMismatch or TokenValidationStatus.KeyUsageNotPermitted => ViolationCodes.JoseSignatureKey,
        TokenValidationStatus.BadSignature => ViolationCodes.JoseSignatureInvalid,
        _ => ViolationCodes.JoseSignatureMalformed,
    };

    /// <summary>Feeds the detached JWS the bytes as received that it has not seen yet. Allocation-free.</summary>
    private static void AppendJws(DetachedJwsBodyVerifier jws, in ReadOnlySequence<byte> data)
    {
        foreach (var segment in data)
        {
            jws.Append(segment.Span);
        }
    }

    /// <summary>The verdict of the detached JWS once the whole body was read.</summary>
    private Verdict FinishJws(DetachedJwsBodyVerifier jws, bool reportOnly, long length)
    {
        if (jws.Verify() == TokenValidationStatus.Valid)
        {
            return Verdict.Allow;
        }

        var violation = new Violation(ViolationCodes.JoseSignatureInvalid, "", $"The body ({length} bytes as received) does not match its detached JWS.", -1, "body", null);
        if (reportOnly)
        {
            Report(violation);
            return Verdict.Allow;
        }

        return Verdict.Refuse(violation);
    }

    /// <summary>
    /// Decrypts the whole compact JWE in <paramref name="received"/> into a pooled buffer and judges the plaintext once,
    /// with the guard and schema of the media type its <c>cty</c> names (RFC 7516 section 4.1.12). On allow with
    /// <c>forward: plaintext</c>, <paramref name="plaintext"/> owns the buffer; otherwise it is cleared and returned here.
    /// </summary>
    private Verdict DecryptAndJudge(in ReadOnlySequence<byte> received, in BodyPlan plan, out long judged, out DecryptedBody? plaintext, out string? contentType)
    {
        judged = 0;
        plaintext = null;
        contentType = null;
        var jose = _jose!;
        var length = (int)received.Length;
        byte[]? copy = null;
        byte[]? output = null;
        var written = 0;
        try
        {
            ReadOnlySpan<byte> token;
            if (received.IsSingleSegment)
            {
                token = received.FirstSpan;
            }
            else
            {
                copy = ArrayPool<byte>.Shared.Rent(length);
                received.CopyTo(copy);
                token = copy.AsSpan(0, length);
            }

            var max = JweDecryptor.GetMaxPlaintextLength(token);
            if (max < 0)
            {
                return JweRefusal(ViolationCodes.JoseMalformed, "The body is not a compact JWE (five base64url segments, RFC 7516 section 7.1).");
            }

            output = ArrayPool<byte>.Shared.Rent(Math.Max(1, max));
            var status = jose.Decryptor!.Decrypt(token, output.AsSpan(0, max), out written);
            if (status != JweDecryptionStatus.Decrypted)
            {
                return JweRefusal(JweCode(status), JweMessage(status));
            }

            judged = written;
            var media = PlaintextMediaType(token, plan.Operation);
            if (media is null)
            {
                return JweRefusal(ViolationCodes.BodyMediaType, "The JWE names no content type (\"cty\") this operation declares.");
            }

            var verdict = JudgePlaintext(new ReadOnlySequence<byte>(output, 0, written), media, plan.Operation);
            if (verdict.IsAllowed && jose.ForwardPlaintext)
            {
                plaintext = new DecryptedBody(output, written);
                contentType = media;
                output = null;
            }

            return verdict;
        }
        finally
        {
            if (output is not null)
            {
                CryptographicOperations.ZeroMemory(output.AsSpan(0, written));
                ArrayPool<byte>.Shared.Return(output);
            }

            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    /// <summary>Judges a decrypted plaintext with one pass of the guard (and schema) of <paramref name="mediaType"/>.</summary>
    private Verdict JudgePlaintext(in ReadOnlySequence<byte> data, string mediaType, ContractOperation? operation)
    {
        var kind = MediaTypes.Classify(mediaType, out var utf8);
        if (kind is BodyKind.None or BodyKind.Multipart)
        {
            // fail closed: a plaintext no guard judges is not let through because it came encrypted
            return JweRefusal(ViolationCodes.BodyMediaType, $"The JWE content type '{mediaType}' is not one the filter judges.");
        }

        if (!utf8)
        {
            return Verdict.Refuse(new Violation(ViolationCodes.BodyCharset, "", $"Only UTF-8 bodies are accepted; the JWE content type was '{mediaType}'.", -1, "body", null));
        }

        ContractMediaType? media = null;
        if (operation is not null)
        {
            media = MediaTypes.TrySplitEssence(mediaType, out var type, out var subtype) ? ContractMediaType.Select(operation.RequestMedia, type, subtype) : null;
            if (media is null)
            {
                return Verdict.Refuse(new Violation(ViolationCodes.BodyMediaType, "",
                    $"The JWE content type '{mediaType}' is not declared for {operation.Label}.", -1, "body", operation.Model.RequestBody?.Pointer));
            }
        }

        var guard = RentGuard(kind);
        try
        {
            AttachSinks(guard, media, operation);
            if (data.Length > guard.MaxBodyBytes)
            {
                return Verdict.Refuse(SizeViolation(guard));
            }

            return guard.Feed(data, isFinalBlock: true, out _) switch
            {
                GuardStatus.Allowed => Completed(guard),
                GuardStatus.Refused => RefusalOf(guard),
                _ => Verdict.Refuse(new Violation(ViolationCodes.BodyIncomplete, "", "The decrypted body ended in the middle of a value.", data.Length)),
            };
        }
        finally
        {
            ReturnGuard(guard);
        }
    }

    /// <summary>
    /// The media type of the plaintext: the protected header's <c>cty</c>, with <c>application/</c> added when it has
    /// no slash (RFC 7516 section 4.1.12, RFC 7515 section 4.1.10); absent, the operation's JSON media type
    /// (<c>application/json</c> without a contract). Null when there is none to use.
    /// </summary>
    private static string? PlaintextMediaType(ReadOnlySpan<byte> token, ContractOperation? operation)
    {
        var headerSegment = token[..token.IndexOf((byte)'.')];
        var decodedLength = Base64Url.GetDecodedLength(headerSegment.Length);
        var rented = ArrayPool<byte>.Shared.Rent(2 * Math.Max(1, decodedLength));
        try
        {
            // the decryptor has already accepted this header with the same limits
            var bytes = rented.AsSpan(0, decodedLength);
            if (Base64Url.TryDecode(headerSegment, bytes, out _) != Base64UrlDecodeStatus.Done
                || JoseHeaderParser.Parse(bytes, rented.AsSpan(decodedLength, decodedLength), JwsReaderLimits.Default, out var header) != TokenValidationStatus.Valid)
            {
                return null;
            }

            if (!header.ContentType.IsEmpty)
            {
                var cty = System.Text.Encoding.UTF8.GetString(header.ContentType);
                return cty.Contains('/', StringComparison.Ordinal) ? cty : "application/" + cty;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (operation is null)
        {
            return "application/json";
        }

        foreach (var media in operation.RequestMedia)
        {
            if (media.Kind == BodyKind.Json && media.Type != "*" && media.Subtype != "*")
            {
                return media.Type + "/" + media.Subtype;
            }
        }

        return null;
    }

    private static Verdict JweRefusal(string code, string message) =>
        Verdict.Refuse(new Violation(code, "", message, -1, "body", null));

    /// <summary>
    /// Everything from the key on is <c>jose.decrypt</c>, one code (the decryptor's <see cref="JweDecryptionStatus.DecryptionFailed"/>
    /// already merges them; an unknown key joins them so a client learns nothing about the key set). What is public in the
    /// token (its shape, its algorithms) keeps its own code.
    /// </summary>
    internal static string JweCode(JweDecryptionStatus status) => status switch
    {
        JweDecryptionStatus.UnsupportedAlgorithm or JweDecryptionStatus.AlgorithmRefused or JweDecryptionStatus.AlgorithmNotAllowed
            or JweDecryptionStatus.UnsupportedEncryption or JweDecryptionStatus.EncryptionNotAllowed or JweDecryptionStatus.CompressionRefused => ViolationCodes.JoseAlgorithm,
        JweDecryptionStatus.Malformed or JweDecryptionStatus.TokenTooLarge or JweDecryptionStatus.InvalidHeader
            or JweDecryptionStatus.DuplicateHeaderParameter or JweDecryptionStatus.CriticalHeaderUnknown or JweDecryptionStatus.InvalidEphemeralKey => ViolationCodes.JoseMalformed,
        _ => ViolationCodes.JoseDecrypt,
    };

    private static string JweMessage(JweDecryptionStatus status) => JweCode(status) switch
    {
        ViolationCodes.JoseAlgorithm => $"The JWE's algorithm is not accepted: {status}.",
        ViolationCodes.JoseMalformed => $"The body is not an acceptable compact JWE: {status}.",
        _ => "The JWE body could not be decrypted.",
    };
}
