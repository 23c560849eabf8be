using System.Security.Cryptography;
using System.Text;
using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

/// <summary>Keys generated for the test run and tokens signed with them through System.Security.Cryptography.</summary>
internal static class TestTokens
{
    public static readonly RSA Rsa = RSA.Create(2048);
    public static readonly ECDsa P256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public static readonly ECDsa P384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
    public static readonly byte[] Secret = RandomNumberGenerator.GetBytes(64);

    /// <summary>A key set with the RSA key ("rsa-1"), the P-256 key ("ec-1"), the P-384 key ("ec-384") and the secret ("hmac-1").</summary>
    public static JsonWebKeySet KeySet { get; } = JsonWebKeySet.Parse(Encoding.UTF8.GetBytes(
        "{\"keys\":[" + RsaJwk("rsa-1") + "," + EcJwk(P256, "P-256", "ec-1") + "," + EcJwk(P384, "P-384", "ec-384") + "," + SecretJwk("hmac-1") + "]}"));

    public static string RsaJwk(string kid, string extra = "")
    {
        RSAParameters p = Rsa.ExportParameters(false);
        return $"{{\"kty\":\"RSA\",\"kid\":\"{kid}\"{extra},\"n\":\"{B64(p.Modulus!)}\",\"e\":\"{B64(p.Exponent!)}\"}}";
    }

    public static string EcJwk(ECDsa key, string crv, string kid, string extra = "")
    {
        ECParameters p = key.ExportParameters(false);
        return $"{{\"kty\":\"EC\",\"kid\":\"{kid}\"{extra},\"crv\":\"{crv}\",\"x\":\"{B64(p.Q.X!)}\",\"y\":\"{B64(p.Q.Y!)}\"}}";
    }

    public static string SecretJwk(string kid, string extra = "") => $"{{\"kty\":\"oct\",\"kid\":\"{kid}\"{extra},\"k\":\"{B64(Secret)}\"}}";

    public static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);

    public static string B64(string text) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    /// <summary>Signs header and payload JSON with the key the algorithm needs (RSA, P-256/P-384, or the secret).</summary>
    public static string Sign(string header, string payload, JwsAlgorithm algorithm)
    {
        string input = B64(header) + "." + B64(payload);
        return input + "." + B64(SignInput(Encoding.ASCII.GetBytes(input), algorithm));
    }

    public static byte[] SignInput(byte[] input, JwsAlgorithm algorithm) => algorithm switch
    {
        JwsAlgorithm.HS256 => HMACSHA256.HashData(Secret, input),
        JwsAlgorithm.HS384 => HMACSHA384.HashData(Secret, input),
        JwsAlgorithm.HS512 => HMACSHA512.HashData(Secret, input),
        JwsAlgorithm.RS256 => Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        JwsAlgorithm.RS384 => Rsa.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1),
        JwsAlgorithm.RS512 => Rsa.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1),
        JwsAlgorithm.PS256 => Rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        JwsAlgorithm.PS384 => Rsa.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pss),
        JwsAlgorithm.PS512 => Rsa.SignData(input, HashAlgorithmName.SHA512, RSASignaturePadding.Pss),
        JwsAlgorithm.ES256 => P256.SignData(input, HashAlgorithmName.SHA256),
        JwsAlgorithm.ES384 => P384.SignData(input, HashAlgorithmName.SHA384),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>The kid of the test key that verifies <paramref name="algorithm"/>.</summary>
    public static string KidFor(JwsAlgorithm algorithm) => algorithm switch
    {
        >= JwsAlgorithm.HS256 and <= JwsAlgorithm.HS512 => "hmac-1",
        JwsAlgorithm.ES256 => "ec-1",
        JwsAlgorithm.ES384 => "ec-384",
        _ => "rsa-1",
    };

    public static JwsVerifier Verifier(params JwsAlgorithm[] allowed) =>
        new(KeySet, new JwsVerifierOptions { AllowedAlgorithms = allowed });

    public static TokenValidationStatus Verify(JwsVerifier verifier, string token) => verifier.Verify(Encoding.ASCII.GetBytes(token));

    /// <summary>Reads <paramref name="token"/> and returns the read status and, when read, the header's facts.</summary>
    public static TokenValidationStatus Read(string token, out JwsAlgorithm algorithm, out JoseHeaderParameters parameters, JwsReaderLimits? limits = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(token);
        Span<byte> buffer = stackalloc byte[JwsReader.StackBufferSize];
        TokenValidationStatus status = JwsReader.TryRead(bytes, buffer, limits ?? JwsReaderLimits.Default, out JwsReader reader);
        algorithm = status == TokenValidationStatus.Valid ? reader.Header.Algorithm : JwsAlgorithm.Unknown;
        parameters = status == TokenValidationStatus.Valid ? reader.Header.Parameters : JoseHeaderParameters.None;
        reader.Dispose();
        return status;
    }
}
