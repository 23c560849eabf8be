using ApiFilter.Policy;
using ApiFilter.Signatures;

namespace ApiFilter.Pipeline;

/// <summary>
/// The message-integrity half of the filter: RFC 9421 (and draft-cavage) signatures checked from the
/// head, and the body's RFC 9530 <c>Content-Digest</c> / RFC 3230 <c>Digest</c> planned from the head
/// and checked in the same pass that judges the body.
/// </summary>
public sealed partial class RequestFilter
{
    /// <summary>Null when the policy checks neither digests nor signatures: the plan is then untouched.</summary>
    private readonly MessageIntegrity? _integrity;

    /// <summary>Adds the integrity checks to a plan the head has not refused.</summary>
    private BodyPlan CheckIntegrity(in HttpMessageView request, in BodyPlan plan) =>
        _integrity is null || plan.IsRefused ? plan : PlanIntegrity(request, plan, _integrity);

    private BodyPlan PlanIntegrity(in HttpMessageView request, in BodyPlan plan, MessageIntegrity integrity)
    {
        // a declared empty body is body-less for the digest: its content is the empty sequence
        var hasBody = request.HasBody && request.ContentLength != 0;
        var digestForced = false;
        var digestRequired = false;
        if (integrity.SignatureMode != EnforcementMode.Off)
        {
            var status = integrity.Verify(request, hasBody, out var cavage);
            if (status == SignatureVerificationStatus.Valid)
            {
                // the signature vouches for the digest field only if the body matches it: a digest that
                // is sent is then always checked, and one the policy has the signature cover must be sent
                digestForced = true;
                digestRequired = hasBody && integrity.SignatureCoversDigest;
            }
            else if (status != SignatureVerificationStatus.Missing || integrity.SignatureRequired)
            {
                var refusal = integrity.Refusal(status, cavage, hasBody);
                if (integrity.SignatureMode == EnforcementMode.Block)
                {
                    return new BodyPlan(plan.Kind, refusal, false, null);
                }

                Report(refusal.FirstViolation!);
            }
        }

        if (integrity.DigestMode == EnforcementMode.Off && !digestForced)
        {
            return plan;
        }

        var reportOnly = !digestForced && integrity.DigestMode == EnforcementMode.Report;
        var headers = request.Headers;
        if (headers is null || headers.GetValueCount(FieldNames.ContentDigest) == 0 && headers.GetValueCount(FieldNames.Digest) == 0)
        {
            return hasBody && (digestRequired || integrity.DigestRequired)
                ? DigestRefusal(plan, new Violation(ViolationCodes.DigestMissing, "", "The request body has no Content-Digest.", -1, "header", null), reportOnly && !digestRequired)
                : plan;
        }

        var digest = integrity.RentDigest();
        var begun = digest.Begin(headers);
        if (begun != DigestVerificationStatus.Valid)
        {
            integrity.ReturnDigest(digest);
            var code = begun == DigestVerificationStatus.NoSupportedAlgorithm ? ViolationCodes.DigestAlgorithm : ViolationCodes.DigestMalformed;
            return DigestRefusal(plan, new Violation(code, "", begun == DigestVerificationStatus.NoSupportedAlgorithm
                ? "The digest field offers no accepted algorithm (RFC 9530 section 5: md5, sha, unixsum and unixcksum are deprecated)."
                : "The digest field is not a valid Content-Digest (RFC 9530) or Digest (RFC 3230).", -1, "header", null), reportOnly);
        }

        if (!hasBody)
        {
            // nothing will be read: the digest must be that of the empty content
            var verified = digest.Verify();
            integrity.ReturnDigest(digest);
            return verified == DigestVerificationStatus.Valid ? plan : DigestRefusal(plan, MismatchViolation(0), reportOnly);
        }

        return plan with { Digest = digest, DigestReportOnly = reportOnly };
    }

    private BodyPlan DigestRefusal(in BodyPlan plan, Violation violation, bool reportOnly)
    {
        if (reportOnly)
        {
            Report(violation);
            return plan;
        }

        return new BodyPlan(plan.Kind, Verdict.Refuse(violation), false, null);
    }

    /// <summary>The verdict of the body's digest once the whole body was read; gives the digest back to its pool.</summary>
    private Verdict FinishDigest(ContentDigest digest, bool reportOnly, long length)
    {
        var status = digest.Verify();
        if (status == DigestVerificationStatus.Valid)
        {
            return Verdict.Allow;
        }

        var violation = MismatchViolation(length);
        if (reportOnly)
        {
            Report(violation);
            return Verdict.Allow;
        }

        return Verdict.Refuse(violation);
    }

    private static Violation MismatchViolation(long length) =>
        new(ViolationCodes.DigestMismatch, "", $"The body ({length} bytes as received) does not match its digest.", -1, "body", null);
}
