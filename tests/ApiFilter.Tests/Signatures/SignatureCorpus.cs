using System.Text.Json.Nodes;
using ApiFilter.Signatures;

namespace ApiFilter.Tests.Signatures;

/// <summary>The RFC 9421 and draft-cavage test data under corpus/ and the B.1 test keys.</summary>
internal static class SignatureCorpus
{
    /// <summary>RFC 9421 B.2's created time: the vectors are judged at that moment.</summary>
    public const long VectorTime = 1618884473;

    private static readonly Lazy<string> Root = new(FindRoot);

    public static string Rfc9421(string relative) => Path.Combine(Root.Value, "corpus", "rfc9421", relative);

    public static string Cavage(string relative) => Path.Combine(Root.Value, "corpus", "http-signatures-cavage", relative);

    public static string Block(string name)
    {
        string[] matches = Directory.GetFiles(Rfc9421("blocks"), name + "*");
        Assert.Single(matches);
        return File.ReadAllText(matches[0]);
    }

    public static JsonNode B2() => JsonNode.Parse(File.ReadAllText(Rfc9421("appendix-b2-test-cases.json")))!;

    public static MessageSignatureKeyStore Keys()
    {
        MessageSignatureKeyStore keys = new();
        keys.Add("test-key-rsa", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaV15Sha256, File.ReadAllText(Rfc9421("keys/test-key-rsa.pub.pem"))));
        keys.Add("test-key-rsa-pss", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaPssSha512, File.ReadAllText(Rfc9421("keys/test-key-rsa-pss.pub.pem"))));
        keys.Add("test-key-ecc-p256", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.EcdsaP256Sha256, File.ReadAllText(Rfc9421("keys/test-key-ecc-p256.pub.pem"))));
        keys.Add("test-shared-secret", MessageSignatureKey.FromSharedSecret(SharedSecret()));
        return keys;
    }

    public static byte[] SharedSecret() => Convert.FromBase64String(File.ReadAllText(Rfc9421("keys/test-shared-secret.b64")).Trim());

    /// <summary>A policy that accepts the vectors at <see cref="VectorTime"/> (the RFC examples carry no expires).</summary>
    public static MessageSignaturePolicy VectorPolicy() => new() { MaxAge = TimeSpan.FromMinutes(5) };

    public static MessageSignatureVerifier Verifier(MessageSignaturePolicy? policy = null, long now = VectorTime) =>
        new(Keys(), policy ?? VectorPolicy(), new FixedClock(now));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ApiFilter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ApiFilter.sln not found above " + AppContext.BaseDirectory);
    }
}
