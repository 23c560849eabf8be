using ApiFilter.Tokens;

namespace ApiFilter.Tests.Tokens;

public sealed class PkceRulesTests
{
    // RFC 7636 appendix B.
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void TheAppendixBVerifierMatchesItsChallenge()
    {
        Assert.Equal(PkceStatus.Valid, PkceRules.CheckAuthorizationRequest(Challenge, "S256"));
        Assert.Equal(PkceStatus.Valid, PkceRules.CheckTokenRequest(Verifier));
        Assert.Equal(PkceStatus.Valid, PkceRules.VerifierMatchesChallenge(Verifier, Challenge));
    }

    [Fact]
    public void AnotherVerifierDoesNotMatch() =>
        Assert.Equal(PkceStatus.Mismatch, PkceRules.VerifierMatchesChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXl", Challenge));

    [Theory]
    [InlineData("", "S256", PkceStatus.MissingChallenge)]
    [InlineData(Challenge, "", PkceStatus.MissingChallengeMethod)]
    [InlineData(Challenge, "plain", PkceStatus.UnsupportedChallengeMethod)]
    [InlineData(Challenge, "s256", PkceStatus.UnsupportedChallengeMethod)]
    [InlineData(Challenge, "S256 ", PkceStatus.UnsupportedChallengeMethod)]
    [InlineData(Verifier, "S256", PkceStatus.Valid)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", "S256", PkceStatus.InvalidChallenge)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=", "S256", PkceStatus.InvalidChallenge)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", "S256", PkceStatus.InvalidChallenge)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", "S256", PkceStatus.InvalidChallenge)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c\u00e9", "S256", PkceStatus.InvalidChallenge)]
    public void ChecksTheAuthorizationRequest(string challenge, string method, PkceStatus expected) =>
        Assert.Equal(expected, PkceRules.CheckAuthorizationRequest(challenge, method));

    [Theory]
    [InlineData("", PkceStatus.MissingVerifier)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjX", PkceStatus.InvalidVerifier)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk.~", PkceStatus.Valid)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk+", PkceStatus.InvalidVerifier)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk=", PkceStatus.InvalidVerifier)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk ", PkceStatus.InvalidVerifier)]
    [InlineData("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk\u00e9", PkceStatus.InvalidVerifier)]
    public void ChecksTheTokenRequest(string verifier, PkceStatus expected) =>
        Assert.Equal(expected, PkceRules.CheckTokenRequest(verifier));

    [Fact]
    public void VerifierLengthBoundsAre43And128()
    {
        Assert.Equal(PkceStatus.Valid, PkceRules.CheckTokenRequest(new string('a', 128)));
        Assert.Equal(PkceStatus.InvalidVerifier, PkceRules.CheckTokenRequest(new string('a', 129)));
        Assert.Equal(PkceStatus.Valid, PkceRules.CheckTokenRequest(new string('a', 43)));
        Assert.Equal(PkceStatus.InvalidVerifier, PkceRules.CheckTokenRequest(new string('a', 42)));
        Assert.Equal(PkceStatus.InvalidVerifier, PkceRules.VerifierMatchesChallenge(new string('a', 129), Challenge));
        Assert.Equal(PkceStatus.MissingChallenge, PkceRules.VerifierMatchesChallenge(Verifier, string.Empty));
        Assert.Equal(PkceStatus.InvalidChallenge, PkceRules.VerifierMatchesChallenge(Verifier, "abc"));
    }

    [Fact]
    public void ChecksAllocateNothing()
    {
        Assert.Equal(PkceStatus.Valid, PkceRules.VerifierMatchesChallenge(Verifier, Challenge));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            PkceRules.CheckAuthorizationRequest(Challenge, "S256");
            PkceRules.VerifierMatchesChallenge(Verifier, Challenge);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
