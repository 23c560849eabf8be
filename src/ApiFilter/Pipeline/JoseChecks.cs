using ApiFilter.Contract;
using ApiFilter.Policy;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline;

/// <summary>
/// What the filter needs per request for the policy's <c>jose</c> section, built once: the detached JWS verifier
/// (keys, allow-list), the operations it applies to, the JWE decryptor, and the guard that buffers a compact JWE.
/// </summary>
internal sealed class JoseChecks
{
    private readonly HashSet<ContractOperation>? _signedOperations;

    private JoseChecks(FilterPolicy policy, ApiContract? contract)
    {
        var jose = policy.Jose;
        var signature = jose.DetachedSignature;
        SignatureMode = signature.Mode;
        SignatureRequired = signature.Require;
        SignatureHeader = signature.Header;
        if (signature.Mode != EnforcementMode.Off)
        {
            Verifier = new JwsVerifier(signature.Keys!, new JwsVerifierOptions { AllowedAlgorithms = signature.Algorithms });
            if (signature.Operations.Count > 0 && contract is not null)
            {
                _signedOperations = new HashSet<ContractOperation>(ReferenceEqualityComparer.Instance);
                foreach (var operation in contract.Operations)
                {
                    if (operation.Model.OperationId is { } id && signature.Operations.Contains(id))
                    {
                        _signedOperations.Add(operation);
                    }
                }
            }
        }

        var decrypt = jose.Decrypt;
        if (decrypt.Mode == EnforcementMode.Block)
        {
            // base64url makes the ciphertext 4/3 of the plaintext; the header, key, IV and tag add at most a few KiB
            var maxToken = Math.Min(1024L * 1024 * 1024, policy.MaxBufferedBodyBytes * 4 / 3 + 16 * 1024);
            Decryptor = new JweDecryptor(decrypt.Keys, new JweDecryptorOptions
            {
                AllowedKeyManagementAlgorithms = decrypt.KeyManagement,
                AllowedContentEncryptions = decrypt.ContentEncryption,
                MaxTokenBytes = (int)maxToken,
            });
            ForwardPlaintext = decrypt.Forward == JweForwarding.Plaintext;
            Envelope = new PassThroughGuard(maxToken);
        }

        PassThrough = new PassThroughGuard(policy.MaxBufferedBodyBytes);
    }

    public EnforcementMode SignatureMode { get; }

    public bool SignatureRequired { get; }

    public string SignatureHeader { get; }

    /// <summary>The detached JWS verifier; null when <c>jose.detachedSignature</c> is off.</summary>
    public JwsVerifier? Verifier { get; }

    /// <summary>The JWE decryptor; null when <c>jose.decrypt</c> is off.</summary>
    public JweDecryptor? Decryptor { get; }

    /// <summary>True: an allowed JWE body is forwarded as its plaintext (<c>forward: plaintext</c>).</summary>
    public bool ForwardPlaintext { get; }

    /// <summary>Buffers a compact JWE up to the decryptor's size limit; the plaintext is judged once it is decrypted.</summary>
    public PassThroughGuard? Envelope { get; }

    /// <summary>Reads a body no format guard judges, so its detached signature can be checked before forwarding.</summary>
    public PassThroughGuard PassThrough { get; }

    /// <summary>The checks for the policy, or null when the whole <c>jose</c> request side is off (the plan is then untouched).</summary>
    public static JoseChecks? Create(FilterPolicy policy, ApiContract? contract) =>
        policy.Jose.DetachedSignature.Mode == EnforcementMode.Off && policy.Jose.Decrypt.Mode == EnforcementMode.Off
            ? null
            : new JoseChecks(policy, contract);

    /// <summary>Whether the detached signature check applies to a request routed to <paramref name="operation"/>.</summary>
    public bool AppliesTo(ContractOperation? operation) =>
        _signedOperations is null || (operation is not null && _signedOperations.Contains(operation));
}
