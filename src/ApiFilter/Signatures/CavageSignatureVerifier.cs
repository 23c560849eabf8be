using System.Buffers;

namespace ApiFilter.Signatures;

/// <summary>
/// Verifies draft-cavage-http-signatures-12 request signatures (the pre-RFC 9421 scheme still
/// sent by many clients): the <c>Signature</c> field or <c>Authorization: Signature …</c>,
/// signing string of section 2.3 over <c>(request-target)</c>, <c>(created)</c>,
/// <c>(expires)</c> and header fields, algorithms <c>hs2019</c> (the key's configured algorithm),
/// <c>rsa-sha256</c>, <c>hmac-sha256</c>, <c>ecdsa-sha256</c> (raw r||s). The SHA-1 algorithms
/// are refused. Bad input gives a status, never an exception. Thread-safe.
/// </summary>
public sealed class CavageSignatureVerifier
{
    private const int MaxFieldLength = 8 * 1024;
    private const int MaxSignatureBytes = 1024;
    private const int MaxHeaders = 32;

    private readonly MessageSignatureKeyStore _keys;
    private readonly MessageSignaturePolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>A verifier using <paramref name="keys"/> and <paramref name="policy"/> (required components are header names such as <c>(request-target)</c>, <c>date</c>, <c>digest</c>).</summary>
    public CavageSignatureVerifier(MessageSignatureKeyStore keys, MessageSignaturePolicy policy, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(policy);
        _keys = keys;
        _policy = policy;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies the request's <c>Signature</c> field, or its <c>Authorization: Signature</c> credentials.</summary>
    public SignatureVerificationStatus Verify(in HttpMessageComponents request)
    {
        Pipeline.IRequestHeaders headers = request.Headers;
        if (headers.GetValueCount(FieldNames.Signature) > 1 || headers.GetValueCount(FieldNames.Authorization) > 1)
        {
            return SignatureVerificationStatus.Malformed;
        }

        if (headers.GetValueCount(FieldNames.Signature) == 1)
        {
            return VerifyParameters(request, CombinedField.Trim(headers.GetValue(FieldNames.Signature, 0)));
        }

        if (headers.GetValueCount(FieldNames.Authorization) == 1)
        {
            ReadOnlySpan<char> credentials = CombinedField.Trim(headers.GetValue(FieldNames.Authorization, 0));
            if (credentials.Length > 10 && credentials[..10].Equals("Signature ", StringComparison.OrdinalIgnoreCase))
            {
                return VerifyParameters(request, credentials[10..]);
            }
        }

        return SignatureVerificationStatus.Missing;
    }

    /// <summary>Verifies one signature given its parameter list (the field value without the <c>Signature</c> auth-scheme).</summary>
    public SignatureVerificationStatus VerifyParameters(in HttpMessageComponents request, ReadOnlySpan<char> parameterList)
    {
        if (parameterList.Length > MaxFieldLength)
        {
            return SignatureVerificationStatus.TooLarge;
        }

        SignatureVerificationStatus status = CavageSignatureParameters.TryParse(parameterList, out CavageSignatureParameters parameters);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        if (!_keys.TryGet(parameters.KeyId, out MessageSignatureKey? key))
        {
            return SignatureVerificationStatus.UnknownKey;
        }

        status = CheckAlgorithm(parameters, key);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        status = CheckRequired(parameters);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        status = SignatureFreshness.Check(parameters.Created, parameters.Expires, _policy, _time);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        Span<byte> signature = stackalloc byte[MaxSignatureBytes];
        if (parameters.Signature.Length > MaxSignatureBytes * 4 / 3 + 4
            || parameters.Signature.ContainsAnyExcept(StructuredFieldParser.Base64Chars)
            || !Convert.TryFromBase64Chars(parameters.Signature, signature, out int signatureLength))
        {
            return SignatureVerificationStatus.Malformed;
        }

        ByteBuilder signingString = new(1024, _policy.MaxSignatureBaseLength);
        try
        {
            status = BuildSigningString(request, parameters, ref signingString);
            if (status != SignatureVerificationStatus.Valid)
            {
                return status;
            }

            return key.Verify(signingString.Written, signature[..signatureLength]) ? SignatureVerificationStatus.Valid : SignatureVerificationStatus.BadSignature;
        }
        finally
        {
            signingString.Dispose();
        }
    }

    /// <summary>Writes the signing string (section 2.3) a parameter list describes over <paramref name="request"/>.</summary>
    public SignatureVerificationStatus TryCreateSigningString(in HttpMessageComponents request, ReadOnlySpan<char> parameterList, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        SignatureVerificationStatus status = CavageSignatureParameters.TryParse(parameterList, out CavageSignatureParameters parameters);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        ByteBuilder builder = new(1024, _policy.MaxSignatureBaseLength);
        try
        {
            status = BuildSigningString(request, parameters, ref builder);
            if (status == SignatureVerificationStatus.Valid)
            {
                output.Write(builder.Written);
            }

            return status;
        }
        finally
        {
            builder.Dispose();
        }
    }

    private SignatureVerificationStatus CheckAlgorithm(in CavageSignatureParameters parameters, MessageSignatureKey key)
    {
        if (!_policy.IsAllowed(key.Algorithm))
        {
            return SignatureVerificationStatus.AlgorithmNotAllowed;
        }

        if (!parameters.HasAlgorithm)
        {
            return SignatureVerificationStatus.Valid;
        }

        // section 2.1.3: hs2019 means "as the key says"; the older names must agree with the key
        MessageSignatureAlgorithm named;
        switch (parameters.Algorithm)
        {
            case "hs2019":
                return SignatureVerificationStatus.Valid;
            case "rsa-sha256":
                named = MessageSignatureAlgorithm.RsaV15Sha256;
                break;
            case "hmac-sha256":
                named = MessageSignatureAlgorithm.HmacSha256;
                break;
            case "ecdsa-sha256":
                named = MessageSignatureAlgorithm.EcdsaP256Sha256;
                break;
            case "rsa-sha1" or "hmac-sha1":
                // SHA-1 signatures are forgeable in practice (SHAttered, 2017)
                return SignatureVerificationStatus.AlgorithmNotAllowed;
            default:
                return SignatureVerificationStatus.AlgorithmNotSupported;
        }

        return named == key.Algorithm ? SignatureVerificationStatus.Valid : SignatureVerificationStatus.AlgorithmMismatch;
    }

    private SignatureVerificationStatus CheckRequired(in CavageSignatureParameters parameters)
    {
        IReadOnlyList<string> required = _policy.RequiredComponents;
        for (int r = 0; r < required.Count; r++)
        {
            bool covered = false;
            ReadOnlySpan<char> list = HeaderList(parameters);
            foreach (Range range in list.Split(' '))
            {
                if (list[range].Equals(required[r], StringComparison.OrdinalIgnoreCase))
                {
                    covered = true;
                    break;
                }
            }

            if (!covered)
            {
                return SignatureVerificationStatus.RequiredComponentNotCovered;
            }
        }

        return SignatureVerificationStatus.Valid;
    }

    // section 2.1.6: without headers, "(created)"; Appendix C.1 signs "date" alone for the older algorithm names
    private static ReadOnlySpan<char> HeaderList(in CavageSignatureParameters parameters) =>
        parameters.HasHeaders ? parameters.Headers
        : !parameters.HasAlgorithm || parameters.Algorithm.SequenceEqual("hs2019") ? "(created)" : "date";

    // section 2.3
    private static SignatureVerificationStatus BuildSigningString(in HttpMessageComponents request, in CavageSignatureParameters parameters, ref ByteBuilder output)
    {
        ReadOnlySpan<char> list = HeaderList(parameters);
        Span<Range> names = stackalloc Range[MaxHeaders + 1];
        int count = list.Split(names, ' ', StringSplitOptions.RemoveEmptyEntries);
        if (count == 0 || count > MaxHeaders)
        {
            return count == 0 ? SignatureVerificationStatus.Malformed : SignatureVerificationStatus.TooLarge;
        }

        Span<char> lower = stackalloc char[128];
        for (int n = 0; n < count; n++)
        {
            ReadOnlySpan<char> raw = list[names[n]];
            if (raw.Length > lower.Length)
            {
                return SignatureVerificationStatus.Malformed;
            }

            for (int k = 0; k < n; k++)
            {
                if (list[names[k]].Equals(raw, StringComparison.OrdinalIgnoreCase))
                {
                    return SignatureVerificationStatus.ComponentDuplicated;
                }
            }

            int length = raw.ToLowerInvariant(lower);
            ReadOnlySpan<char> name = lower[..length];
            if (n > 0)
            {
                output.Append((byte)'\n');
            }

            output.AppendText(name);
            output.Append(": "u8);
            switch (name)
            {
                case "(request-target)":
                    if (request.IsResponse)
                    {
                        return SignatureVerificationStatus.ComponentMissing;
                    }

                    SignatureBase.AppendLower(request.Method, ref output);
                    output.Append((byte)' ');
                    output.AppendText(request.Path.IsEmpty ? "/" : request.Path);
                    if (!request.Query.IsEmpty)
                    {
                        output.Append((byte)'?');
                        output.AppendText(request.Query);
                    }

                    break;
                case "(created)":
                    if (parameters.Created is not long created)
                    {
                        return SignatureVerificationStatus.Malformed;
                    }

                    output.AppendInt64(created);
                    break;
                case "(expires)":
                    if (parameters.Expires is not long expires)
                    {
                        return SignatureVerificationStatus.Malformed;
                    }

                    output.AppendInt64(expires);
                    break;
                default:
                    if (name[0] == '(')
                    {
                        return SignatureVerificationStatus.ComponentNotSupported;
                    }

                    string fieldName = FieldNames.Get(name);
                    int lines = request.Headers.GetValueCount(fieldName);
                    if (lines == 0)
                    {
                        return SignatureVerificationStatus.ComponentMissing;
                    }

                    for (int line = 0; line < lines; line++)
                    {
                        if (line > 0)
                        {
                            output.Append(", "u8);
                        }

                        ReadOnlySpan<char> value = CombinedField.Trim(request.Headers.GetValue(fieldName, line));
                        if (value.ContainsAny('\r', '\n'))
                        {
                            return SignatureVerificationStatus.Malformed;
                        }

                        output.AppendText(value);
                    }

                    break;
            }
        }

        return output.Overflowed ? SignatureVerificationStatus.TooLarge : SignatureVerificationStatus.Valid;
    }
}
