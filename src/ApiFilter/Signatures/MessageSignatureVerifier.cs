namespace ApiFilter.Signatures;

/// <summary>
/// Verifies RFC 9421 HTTP message signatures (section 3.2): parses <c>Signature-Input</c> and
/// <c>Signature</c>, picks a label, checks the parameters against the key and the
/// <see cref="MessageSignaturePolicy"/>, rebuilds the signature base and verifies it. Bad input
/// gives a <see cref="SignatureVerificationStatus"/>, never an exception. Thread-safe.
/// </summary>
public sealed class MessageSignatureVerifier
{
    // how many structured values the two signature fields may hold together: a few signatures' worth
    private const int MaxInputNodes = 128;
    private const int MaxSignatureNodes = 32;

    // the longest key id looked up; longer ones cannot be configured keys anyway
    private const int MaxKeyIdLength = 256;

    // an RSA-8192 signature is 1,024 bytes; nothing longer is a signature we verify
    private const int MaxSignatureBytes = 1024;

    // the longest Signature-Input / Signature field read (characters, all lines together)
    private const int MaxFieldLength = 16 * 1024;

    private readonly MessageSignatureKeyStore _keys;
    private readonly MessageSignaturePolicy _policy;
    private readonly TimeProvider _time;
    private readonly ISignatureNonceValidator? _nonces;

    /// <summary>A verifier using <paramref name="keys"/> and <paramref name="policy"/>.</summary>
    /// <param name="keys">The configured keys by <c>keyid</c>.</param>
    /// <param name="policy">What signatures must satisfy.</param>
    /// <param name="timeProvider">The clock for <c>created</c>/<c>expires</c> (default: the system clock).</param>
    /// <param name="nonces">The replay check for <c>nonce</c> (default: none; nonces are then not checked).</param>
    public MessageSignatureVerifier(MessageSignatureKeyStore keys, MessageSignaturePolicy policy, TimeProvider? timeProvider = null, ISignatureNonceValidator? nonces = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(policy);
        _keys = keys;
        _policy = policy;
        _time = timeProvider ?? TimeProvider.System;
        _nonces = nonces;
    }

    /// <summary>
    /// Verifies the signature labelled <paramref name="label"/> of a request (or of a response
    /// that covers no <c>req</c> components). An empty label means "the only signature present".
    /// </summary>
    public SignatureVerificationStatus Verify(in HttpMessageComponents message, ReadOnlySpan<char> label) =>
        Verify(message, default, false, label);

    /// <summary>Verifies the signature labelled <paramref name="label"/> of a response that may cover components of <paramref name="request"/> (<c>req</c>).</summary>
    public SignatureVerificationStatus Verify(in HttpMessageComponents response, in HttpMessageComponents request, ReadOnlySpan<char> label) =>
        Verify(response, request, true, label);

    private SignatureVerificationStatus Verify(in HttpMessageComponents message, in HttpMessageComponents request, bool hasRequest, ReadOnlySpan<char> label)
    {
        if (!CombinedField.TryRead(message.Headers, FieldNames.SignatureInput, MaxFieldLength, out CombinedField inputField))
        {
            return SignatureVerificationStatus.Malformed;
        }

        try
        {
            if (!CombinedField.TryRead(message.Headers, FieldNames.Signature, MaxFieldLength, out CombinedField signatureField))
            {
                return SignatureVerificationStatus.Malformed;
            }

            try
            {
                if (!inputField.IsPresent || !signatureField.IsPresent)
                {
                    return SignatureVerificationStatus.Missing;
                }

                return Verify(message, request, hasRequest, label, inputField.Value, signatureField.Value);
            }
            finally
            {
                signatureField.Dispose();
            }
        }
        finally
        {
            inputField.Dispose();
        }
    }

    private SignatureVerificationStatus Verify(
        in HttpMessageComponents message, in HttpMessageComponents request, bool hasRequest, ReadOnlySpan<char> label, ReadOnlySpan<char> inputText, ReadOnlySpan<char> signatureText)
    {
        Span<StructuredFieldNode> inputNodes = stackalloc StructuredFieldNode[MaxInputNodes];
        Span<StructuredFieldNode> signatureNodes = stackalloc StructuredFieldNode[MaxSignatureNodes];
        if (StructuredFieldParser.Parse(inputText, StructuredFieldType.Dictionary, inputNodes, out int inputCount) != StructuredFieldStatus.Ok
            || StructuredFieldParser.Parse(signatureText, StructuredFieldType.Dictionary, signatureNodes, out int signatureCount) != StructuredFieldStatus.Ok)
        {
            return SignatureVerificationStatus.Malformed;
        }

        ReadOnlySpan<StructuredFieldNode> inputs = inputNodes[..inputCount];
        ReadOnlySpan<StructuredFieldNode> signatures = signatureNodes[..signatureCount];
        if (inputCount == 0 || signatureCount == 0)
        {
            return SignatureVerificationStatus.Missing;
        }

        if (label.IsEmpty)
        {
            // no label chosen: only an unambiguous single signature is taken
            int only = -1;
            for (int i = 0; i < inputs.Length; i = inputs[i].End)
            {
                if (!inputs[i].IsSuperseded)
                {
                    if (only >= 0)
                    {
                        return SignatureVerificationStatus.LabelRequired;
                    }

                    only = i;
                }
            }

            label = inputs[only].Key(inputText);
        }

        SignatureVerificationStatus status = SignatureInput.TryParse(inputs, inputText, label, out SignatureInput input);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        int signatureMember = StructuredFieldParser.FindMember(signatures, signatureText, label);
        if (signatureMember < 0)
        {
            return SignatureVerificationStatus.LabelMismatch;
        }

        if (signatures[signatureMember].Type != StructuredFieldValueType.ByteSequence)
        {
            return SignatureVerificationStatus.Malformed;
        }

        status = CheckParameters(input, out MessageSignatureKey? key);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        Span<byte> signature = stackalloc byte[MaxSignatureBytes];
        ReadOnlySpan<char> signatureBase64 = signatures[signatureMember].Value(signatureText);
        if (StructuredFieldParser.MaxDecodedLength(signatureBase64) > MaxSignatureBytes
            || !StructuredFieldParser.TryDecodeByteSequence(signatureBase64, signature, out int signatureLength))
        {
            return SignatureVerificationStatus.Malformed;
        }

        ByteBuilder signatureBase = new(2048, _policy.MaxSignatureBaseLength);
        try
        {
            status = SignatureBase.Build(message, request, hasRequest, input, _policy, ref signatureBase);
            if (status != SignatureVerificationStatus.Valid)
            {
                return status;
            }

            if (!key!.Verify(signatureBase.Written, signature[..signatureLength]))
            {
                return SignatureVerificationStatus.BadSignature;
            }

            // only a verified signature may record its nonce, so forgeries cannot use nonces up
            return input.HasNonce && _nonces is not null && !_nonces.TryAccept(input.KeyId, input.Nonce, input.Created)
                ? SignatureVerificationStatus.NonceReplayed
                : SignatureVerificationStatus.Valid;
        }
        finally
        {
            signatureBase.Dispose();
        }
    }

    // section 3.2 steps 3-6: key, algorithm, policy and time, all before any cryptography
    private SignatureVerificationStatus CheckParameters(in SignatureInput input, out MessageSignatureKey? key)
    {
        key = null;
        MessageSignatureAlgorithm named = default;
        if (input.HasAlgorithm && !AlgorithmNames.TryParse(input.Algorithm, out named))
        {
            return SignatureVerificationStatus.AlgorithmNotSupported;
        }

        if (input.HasAlgorithm && named == MessageSignatureAlgorithm.Ed25519)
        {
            return SignatureVerificationStatus.AlgorithmNotSupported;
        }

        if (!input.HasKeyId || !TryGetKey(input, out key))
        {
            return SignatureVerificationStatus.UnknownKey;
        }

        // section 3.2 step 6: the key decides the algorithm; alg, when present, must agree with it
        if (input.HasAlgorithm && named != key.Algorithm)
        {
            return SignatureVerificationStatus.AlgorithmMismatch;
        }

        if (!_policy.IsAllowed(key.Algorithm))
        {
            return SignatureVerificationStatus.AlgorithmNotAllowed;
        }

        SignatureVerificationStatus status = CheckRequiredComponents(input);
        if (status != SignatureVerificationStatus.Valid)
        {
            return status;
        }

        if (_policy.RequireNonce && !input.HasNonce)
        {
            return SignatureVerificationStatus.NonceMissing;
        }

        if (_policy.RequiredTag is string tag && (!input.HasTag || !input.Tag.SequenceEqual(tag)))
        {
            return SignatureVerificationStatus.TagMismatch;
        }

        return SignatureFreshness.Check(input.Created, input.Expires, _policy, _time);
    }

    private bool TryGetKey(in SignatureInput input, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MessageSignatureKey? key)
    {
        key = null;
        if (!input.KeyIdHasEscapes)
        {
            return _keys.TryGet(input.KeyId, out key);
        }

        Span<char> keyId = stackalloc char[MaxKeyIdLength];
        return StructuredFieldParser.TryUnescapeString(input.KeyId, keyId, out int length) && _keys.TryGet(keyId[..length], out key);
    }

    private SignatureVerificationStatus CheckRequiredComponents(in SignatureInput input)
    {
        IReadOnlyList<string> required = _policy.RequiredComponents;
        ReadOnlySpan<StructuredFieldNode> nodes = input.Nodes;
        for (int r = 0; r < required.Count; r++)
        {
            bool covered = false;
            for (int i = input.Member + 1; i < nodes[input.Member].ParametersStart && !covered; i = nodes[i].End)
            {
                covered = nodes[i].Value(input.Source).SequenceEqual(required[r])
                    && StructuredFieldParser.FindParameter(nodes, i, input.Source, "req") < 0;
            }

            if (!covered)
            {
                return SignatureVerificationStatus.RequiredComponentNotCovered;
            }
        }

        return SignatureVerificationStatus.Valid;
    }
}
