namespace ApiFilter.Signatures;

/// <summary>The <c>created</c> / <c>expires</c> window checks shared by the RFC 9421 and draft-cavage verifiers.</summary>
internal static class SignatureFreshness
{
    public static SignatureVerificationStatus Check(long? created, long? expires, MessageSignaturePolicy policy, TimeProvider time)
    {
        if (created is null && (policy.RequireCreated || policy.MaxAge is not null))
        {
            return SignatureVerificationStatus.CreatedMissing;
        }

        if (expires is null && policy.RequireExpires)
        {
            return SignatureVerificationStatus.ExpiresMissing;
        }

        long now = time.GetUtcNow().ToUnixTimeSeconds();
        long skew = (long)policy.ClockSkew.TotalSeconds;
        if (created is long c)
        {
            if (c > now + skew)
            {
                return SignatureVerificationStatus.NotYetValid;
            }

            if (policy.MaxAge is TimeSpan maxAge && now - c > (long)maxAge.TotalSeconds + skew)
            {
                return SignatureVerificationStatus.TooOld;
            }
        }

        if (expires is long e && now > e + skew)
        {
            return SignatureVerificationStatus.Expired;
        }

        return SignatureVerificationStatus.Valid;
    }
}
