using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Signatures;
using ApiFilter.Tests.Signatures;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// RFC 9421 signatures and RFC 9530 / RFC 3230 digests checked through <see cref="RequestFilter"/>
/// as a host runs it: Plan from the head, then the body pass. The RFC 9421 Appendix B.2 requests are
/// verified end to end with the B.1 keys at the vectors' created time.
/// </summary>
public sealed class MessageIntegrityTests
{
    private const string HelloBody = "{\"hello\": \"world\"}";

    private static readonly byte[] Hello = Encoding.ASCII.GetBytes(HelloBody);

    private static FilterPolicy Signed(IReadOnlyList<string>? components = null, long now = SignatureCorpus.VectorTime, EnforcementMode mode = EnforcementMode.Block, bool require = true, bool nonce = false) =>
        FilterPolicy.Default with
        {
            Signatures = new SignaturePolicy
            {
                Mode = mode,
                Keys = SignatureCorpus.Keys(),
                Components = components ?? [],
                Require = require,
                Nonce = nonce,
                Clock = new FixedClock(now),
            },
        };

    private static FilterPolicy Digests(EnforcementMode mode = EnforcementMode.Block, bool require = false, DigestAlgorithms algorithms = DigestAlgorithms.All) =>
        FilterPolicy.Default with { Digest = new DigestPolicy { Mode = mode, Require = require, Algorithms = algorithms }, ContentEncodings = ContentCodings.Gzip };

    /// <summary>The RFC 9421 test request (B.2) signed as in case <paramref name="index"/>.</summary>
    private static TestMessage B2Request(int index)
    {
        var corpus = SignatureCorpus.B2();
        var testCase = corpus["cases"]![index]!;
        var message = TestMessage.Parse((string)corpus["request"]!);
        message.Headers.Add("Signature-Input", (string)testCase["signature_input"]!);
        message.Headers.Add("Signature", (string)testCase["signature"]!);
        return message;
    }

    private static TestMessage Unsigned(string body, string? contentDigest = null, string? legacyDigest = null)
    {
        var message = TestMessage.Parse("POST /orders HTTP/1.1\nHost: example.com\nContent-Type: application/json\n\n" + body);
        if (contentDigest is not null)
        {
            message.Headers.Add("Content-Digest", contentDigest);
        }

        if (legacyDigest is not null)
        {
            message.Headers.Add("Digest", legacyDigest);
        }

        return message;
    }

    private static HttpMessageView View(TestMessage message, byte[] body, string? method = null, string? path = null, string? query = null, string? contentEncoding = null)
    {
        var contentType = message.Headers.GetValueCount("Content-Type") > 0 ? message.Headers.GetValue("Content-Type", 0).ToString() : null;
        var q = query ?? (message.Query.Length == 0 ? null : "?" + message.Query);
        return new HttpMessageView(method ?? message.Method, path ?? message.Path, q, contentType, contentEncoding, body.Length, body.Length > 0, message.Headers)
        {
            Scheme = message.Scheme,
            Authority = message.Authority,
        };
    }

    private static string Sha256Field(byte[] content) => "sha-256=:" + Convert.ToBase64String(SHA256.HashData(content)) + ":";

    private static string Sha512Field(byte[] content) => "sha-512=:" + Convert.ToBase64String(SHA512.HashData(content)) + ":";

    /// <summary>Plan, then the body in two writes split at <paramref name="split"/> (the whole body at once when negative).</summary>
    private static Verdict Judge(RequestFilter filter, HttpMessageView view, byte[] body, int split = -1)
    {
        var plan = filter.Plan(view);
        if (plan.IsRefused)
        {
            return plan.Refusal;
        }

        if (!plan.MustInspectBody)
        {
            return Verdict.Allow;
        }

        var pipe = new Pipe(new PipeOptions(readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline, useSynchronizationContext: false));
        var guard = filter.RentGuard(plan);
        try
        {
            var first = split < 0 ? body.Length : split;
            pipe.Writer.Write(body.AsSpan(0, first));
            Assert.True(pipe.Writer.FlushAsync().IsCompleted);
            var inspecting = filter.InspectBodyAsync(pipe.Reader, plan, guard, CancellationToken.None);
            pipe.Writer.Write(body.AsSpan(first));
            pipe.Writer.Complete();
            var inspection = inspecting.AsTask().GetAwaiter().GetResult();
            if (inspection.Verdict.IsAllowed)
            {
                Assert.Equal(body.Length, inspection.Body.Length);
                pipe.Reader.AdvanceTo(inspection.Body.End);
            }

            return inspection.Verdict;
        }
        finally
        {
            filter.ReturnGuard(guard);
            pipe.Reader.Complete();
        }
    }

    private static void AssertRefused(Verdict verdict, string code, int status = 400)
    {
        Assert.False(verdict.IsAllowed, "expected " + code);
        Assert.Equal(code, verdict.FirstViolation!.Code);
        Assert.Equal(status, verdict.Status);
    }

    // ---- RFC 9421 Appendix B.2 through the pipeline ----

    [Theory]
    [InlineData(0)] // B.2.1 minimal, rsa-pss-sha512, nonce
    [InlineData(1)] // B.2.2 selective, covers content-digest and a query parameter
    [InlineData(2)] // B.2.3 full coverage
    [InlineData(4)] // B.2.5 hmac-sha256
    public void B2_requests_are_verified_end_to_end(int index)
    {
        var message = B2Request(index);
        var filter = new RequestFilter(Signed());
        Assert.True(Judge(filter, View(message, Hello), Hello).IsAllowed);
    }

    [Fact]
    public void B2_3_with_its_components_required_and_the_body_digest_checked()
    {
        var filter = new RequestFilter(Signed(["@method", "@path", "@query", "@authority", "content-digest"]));
        Assert.True(Judge(filter, View(B2Request(2), Hello), Hello).IsAllowed);

        // the signature covers content-digest, whose value is the digest of the original body: a changed body is caught in the body pass
        var altered = Encoding.ASCII.GetBytes("{\"hello\": \"World\"}");
        AssertRefused(Judge(filter, View(B2Request(2), altered), altered), ViolationCodes.DigestMismatch);
    }

    [Fact]
    public void A_signed_digest_is_checked_even_with_digest_checking_off()
    {
        var policy = Signed(["@method", "content-digest"]) with { Digest = new DigestPolicy { Mode = EnforcementMode.Off } };
        var filter = new RequestFilter(policy);
        var altered = Encoding.ASCII.GetBytes("{\"hello\": \"w0rld\"}");
        AssertRefused(Judge(filter, View(B2Request(2), altered), altered), ViolationCodes.DigestMismatch);
        Assert.True(Judge(filter, View(B2Request(2), Hello), Hello).IsAllowed);
    }

    [Theory]
    [InlineData("PUT", null, null)]
    [InlineData(null, "/bar", null)]
    [InlineData(null, null, "?param=Value&Pet=cat")]
    [InlineData(null, null, "?param=value&Pet=dog")]
    public void Tampered_method_path_or_query_is_signature_invalid(string? method, string? path, string? query)
    {
        var filter = new RequestFilter(Signed());
        AssertRefused(Judge(filter, View(B2Request(2), Hello, method, path, query), Hello), ViolationCodes.SignatureInvalid);
    }

    [Theory]
    [InlineData("Date", "Tue, 20 Apr 2021 02:07:56 GMT")]
    [InlineData("Content-Type", "application/json; charset=utf-8")]
    public void Tampered_covered_header_is_signature_invalid(string name, string value)
    {
        var message = B2Request(2);
        message.Headers.Set(name, value);
        AssertRefused(Judge(new RequestFilter(Signed()), View(message, Hello), Hello), ViolationCodes.SignatureInvalid);
    }

    [Fact]
    public void Tampered_authority_is_signature_invalid()
    {
        var message = B2Request(4);
        message.Authority = "example.org";
        AssertRefused(Judge(new RequestFilter(Signed()), View(message, Hello), Hello), ViolationCodes.SignatureInvalid);
    }

    [Fact]
    public void Required_component_not_covered_is_refused()
    {
        // B.2.5 covers date, @authority and content-type, not @method
        AssertRefused(Judge(new RequestFilter(Signed(["@method"])), View(B2Request(4), Hello), Hello), ViolationCodes.SignatureComponents);

        // content-digest is required only of a request with a body: B.2.5 without its body passes
        var bodiless = B2Request(4);
        bodiless.Headers.Remove("Content-Digest");
        var view = new HttpMessageView("GET", "/foo", null, null, null, null, false, bodiless.Headers) { Scheme = "https", Authority = "example.com" };
        Assert.True(Judge(new RequestFilter(Signed(["@authority", "content-digest"])), view, []).IsAllowed);
        AssertRefused(Judge(new RequestFilter(Signed(["@authority", "content-digest"])), View(B2Request(4), Hello), Hello), ViolationCodes.SignatureComponents);
    }

    [Fact]
    public void Old_signature_is_expired_and_a_fresh_one_is_not()
    {
        // created + maxAgeSeconds (300) + the one-minute clock skew
        Assert.True(Judge(new RequestFilter(Signed(now: SignatureCorpus.VectorTime + 360)), View(B2Request(2), Hello), Hello).IsAllowed);
        AssertRefused(Judge(new RequestFilter(Signed(now: SignatureCorpus.VectorTime + 361)), View(B2Request(2), Hello), Hello), ViolationCodes.SignatureExpired);
        AssertRefused(Judge(new RequestFilter(Signed(now: SignatureCorpus.VectorTime - 61)), View(B2Request(2), Hello), Hello), ViolationCodes.SignatureExpired);
    }

    [Fact]
    public void Expires_is_honoured()
    {
        // an hmac signature made here with expires 10 s after created
        var message = Unsigned(HelloBody);
        var input = "sig=(\"@method\");created=1618884473;expires=1618884483;keyid=\"test-shared-secret\"";
        var signatureBase = "\"@method\": POST\n\"@signature-params\": " + input["sig=".Length..];
        var mac = HMACSHA256.HashData(SignatureCorpus.SharedSecret(), Encoding.ASCII.GetBytes(signatureBase));
        message.Headers.Add("Signature-Input", input).Add("Signature", "sig=:" + Convert.ToBase64String(mac) + ":");
        Assert.True(Judge(new RequestFilter(Signed(now: 1618884483 + 60)), View(message, Hello), Hello).IsAllowed);
        AssertRefused(Judge(new RequestFilter(Signed(now: 1618884483 + 61)), View(message, Hello), Hello), ViolationCodes.SignatureExpired);
    }

    [Fact]
    public void Unknown_key_is_signature_key()
    {
        // B.2.6 is signed with the ed25519 key, which is not (cannot be) configured
        AssertRefused(Judge(new RequestFilter(Signed()), View(B2Request(5), Hello), Hello), ViolationCodes.SignatureKey);
    }

    [Fact]
    public void Algorithm_outside_the_policy_is_refused()
    {
        var policy = Signed();
        policy = policy with { Signatures = policy.Signatures with { Algorithms = [MessageSignatureAlgorithm.EcdsaP256Sha256] } };
        AssertRefused(Judge(new RequestFilter(policy), View(B2Request(2), Hello), Hello), ViolationCodes.SignatureAlgorithm);
    }

    [Fact]
    public void Missing_signature_is_refused_only_when_required()
    {
        var message = Unsigned(HelloBody);
        AssertRefused(Judge(new RequestFilter(Signed()), View(message, Hello), Hello), ViolationCodes.SignatureMissing);
        Assert.True(Judge(new RequestFilter(Signed(require: false)), View(message, Hello), Hello).IsAllowed);

        // not required, but a signature that is present is still verified
        AssertRefused(Judge(new RequestFilter(Signed(require: false)), View(B2Request(2), Hello, method: "PUT"), Hello), ViolationCodes.SignatureInvalid);
    }

    [Fact]
    public void A_required_signature_refusal_says_what_to_sign()
    {
        var policy = Signed(["@method", "@target-uri", "content-digest"], nonce: true);
        var refused = Judge(new RequestFilter(policy), View(Unsigned(HelloBody), Hello), Hello);
        AssertRefused(refused, ViolationCodes.SignatureMissing);
        Assert.Equal("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;nonce", refused.AcceptSignature);
        Assert.Null(refused.Challenge);

        // content-digest is asked for only when there is a body
        var bodiless = new HttpMessageView("GET", "/orders", null, null, null, null, false, new HeaderList());
        Assert.Equal("sig1=(\"@method\" \"@target-uri\");created;nonce", Judge(new RequestFilter(policy), bodiless, []).AcceptSignature);

        // not required: a bad signature is refused without the hint
        Assert.Null(Judge(new RequestFilter(Signed(require: false)), View(B2Request(2), Hello, method: "PUT"), Hello).AcceptSignature);
    }

    [Fact]
    public void Malformed_signature_input_is_signature_malformed()
    {
        var message = B2Request(2);
        message.Headers.Set("Signature-Input", "sig-b23=(\"@method\";created=1618884473");
        AssertRefused(Judge(new RequestFilter(Signed()), View(message, Hello), Hello), ViolationCodes.SignatureMalformed);
    }

    [Fact]
    public void Nonce_replay_is_refused()
    {
        var filter = new RequestFilter(Signed(nonce: true));
        // B.2.1 carries a nonce: the first use passes, the second is a replay
        Assert.True(Judge(filter, View(B2Request(0), Hello), Hello).IsAllowed);
        AssertRefused(Judge(filter, View(B2Request(0), Hello), Hello), ViolationCodes.SignatureReplay);

        // B.2.3 carries none
        AssertRefused(Judge(filter, View(B2Request(2), Hello), Hello), ViolationCodes.SignatureReplay);
    }

    [Fact]
    public void One_valid_signature_of_several_is_enough()
    {
        var message = B2Request(2);
        var b25 = B2Request(4);
        message.Headers.Set("Signature-Input", b25.Headers.GetValue("Signature-Input", 0).ToString() + ", " + message.Headers.GetValue("Signature-Input", 0).ToString());
        message.Headers.Set("Signature", b25.Headers.GetValue("Signature", 0).ToString() + ", " + message.Headers.GetValue("Signature", 0).ToString());
        var filter = new RequestFilter(Signed());
        Assert.True(Judge(filter, View(message, Hello), Hello).IsAllowed);

        // with the path changed, B.2.3's signature breaks but B.2.5's (date, @authority, content-type) still holds
        Assert.True(Judge(filter, View(message, Hello, path: "/bar"), Hello).IsAllowed);
        var redated = message.Clone();
        redated.Headers.Set("Date", "Tue, 20 Apr 2021 02:07:56 GMT");
        AssertRefused(Judge(filter, View(redated, Hello), Hello), ViolationCodes.SignatureInvalid);
        var moved = View(message, Hello, path: "/bar");
        AssertRefused(Judge(new RequestFilter(Signed(["@path"])), moved, Hello), ViolationCodes.SignatureComponents);
    }

    [Fact]
    public void Report_mode_lets_a_bad_signature_pass_and_reports_it()
    {
        var filter = new RequestFilter(Signed(mode: EnforcementMode.Report));
        var reported = new List<Violation>();
        filter.DetectionReported = reported.Add;
        Assert.True(Judge(filter, View(B2Request(2), Hello, method: "PUT"), Hello).IsAllowed);
        Assert.Equal(ViolationCodes.SignatureInvalid, Assert.Single(reported).Code);

        reported.Clear();
        Assert.True(Judge(filter, View(B2Request(2), Hello), Hello).IsAllowed);
        Assert.Empty(reported);
    }

    [Fact]
    public void Without_header_access_a_required_signature_is_missing()
    {
        var view = new HttpMessageView("POST", "/foo", null, "application/json", null, Hello.Length, true);
        AssertRefused(Judge(new RequestFilter(Signed()), view, Hello), ViolationCodes.SignatureMissing);
    }

    // ---- draft-cavage-12 ----

    [Fact]
    public void Cavage_signature_passes_and_a_tampered_one_gets_a_401_challenge()
    {
        var corpus = JsonNode.Parse(File.ReadAllText(SignatureCorpus.Cavage("appendix-c-recomputed.json")))!;
        var c3 = (string)corpus["cases"]![2]!["signature_header"]!;
        var keys = new MessageSignatureKeyStore();
        keys.Add("Test", MessageSignatureKey.FromPublicKeyPem(MessageSignatureAlgorithm.RsaV15Sha256, File.ReadAllText(SignatureCorpus.Cavage("keys/rsa.pub"))));
        var policy = FilterPolicy.Default with
        {
            Signatures = new SignaturePolicy { Mode = EnforcementMode.Block, Keys = keys, Cavage = true, Components = ["@method", "@target-uri", "content-digest"], Clock = new FixedClock(1402170697) },
        };
        var filter = new RequestFilter(policy);
        var message = TestMessage.Parse((string)corpus["request"]!);
        message.Headers.Add("Authorization", "Signature " + c3);
        Assert.True(Judge(filter, View(message, Hello), Hello).IsAllowed);

        // its Digest header is covered, so the body is checked against it
        var altered = Encoding.ASCII.GetBytes("{\"hello\": \"wOrld\"}");
        AssertRefused(Judge(filter, View(message, altered), altered), ViolationCodes.DigestMismatch);

        var refused = Judge(filter, View(message, Hello, method: "PUT"), Hello);
        AssertRefused(refused, ViolationCodes.SignatureInvalid, 401);
        Assert.Equal("Signature realm=\"api\",headers=\"(request-target) digest\"", refused.Challenge);

        var unsigned = TestMessage.Parse((string)corpus["request"]!);
        var missing = Judge(filter, View(unsigned, Hello), Hello);
        AssertRefused(missing, ViolationCodes.SignatureMissing, 401);
        Assert.NotNull(missing.Challenge);
    }

    // ---- digests ----

    [Fact]
    public void Matching_digests_pass()
    {
        var filter = new RequestFilter(Digests());
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha256Field(Hello)), Hello), Hello).IsAllowed);
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha512Field(Hello)), Hello), Hello).IsAllowed);
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha256Field(Hello) + ", " + Sha512Field(Hello)), Hello), Hello).IsAllowed);
        Assert.True(Judge(filter, View(Unsigned(HelloBody, legacyDigest: "SHA-256=" + Convert.ToBase64String(SHA256.HashData(Hello))), Hello), Hello).IsAllowed);

        // an unknown algorithm next to a matching accepted one is ignored (RFC 9530 section 2)
        Assert.True(Judge(filter, View(Unsigned(HelloBody, "md5=:AAAAAAAAAAAAAAAAAAAAAA==:, " + Sha256Field(Hello)), Hello), Hello).IsAllowed);
    }

    [Fact]
    public void The_default_policy_checks_a_digest_that_is_sent()
    {
        var other = Encoding.ASCII.GetBytes("{\"hello\": \"there\"}");
        AssertRefused(Judge(new RequestFilter(FilterPolicy.Default), View(Unsigned(HelloBody, Sha256Field(other)), Hello), Hello), ViolationCodes.DigestMismatch);
        Assert.True(Judge(new RequestFilter(FilterPolicy.Default), View(Unsigned(HelloBody), Hello), Hello).IsAllowed);
    }

    [Fact]
    public void Any_accepted_digest_that_does_not_match_refuses()
    {
        var other = Encoding.ASCII.GetBytes("{\"hello\": \"there\"}");
        var filter = new RequestFilter(Digests());
        AssertRefused(Judge(filter, View(Unsigned(HelloBody, Sha256Field(Hello) + ", " + Sha512Field(other)), Hello), Hello), ViolationCodes.DigestMismatch);
        AssertRefused(Judge(filter, View(Unsigned(HelloBody, Sha256Field(other) + ", " + Sha512Field(Hello)), Hello), Hello), ViolationCodes.DigestMismatch);
        AssertRefused(Judge(filter, View(Unsigned(HelloBody, legacyDigest: "SHA-512=" + Convert.ToBase64String(SHA512.HashData(other))), Hello), Hello), ViolationCodes.DigestMismatch);
    }

    [Fact]
    public void Digest_is_checked_at_every_split_of_the_body()
    {
        var body = Encoding.UTF8.GetBytes("{\"id\": 42, \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 1}], \"note\": \"é\"}");
        var other = (byte[])body.Clone();
        other[^3] ^= 1; // "é" becomes another valid UTF-8 letter
        var filter = new RequestFilter(Digests());
        for (var split = 0; split <= body.Length; split++)
        {
            Assert.True(Judge(filter, View(Unsigned("", Sha256Field(body) + ", " + Sha512Field(body)), body), body, split).IsAllowed, $"split at {split}");
            AssertRefused(Judge(filter, View(Unsigned("", Sha512Field(body)), other), other, split), ViolationCodes.DigestMismatch);
        }
    }

    [Fact]
    public void Digest_is_over_the_encoded_bytes_as_received()
    {
        byte[] gzipped;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Hello);
            }

            gzipped = output.ToArray();
        }

        var filter = new RequestFilter(Digests());
        for (var split = 0; split <= gzipped.Length; split += 7)
        {
            Assert.True(Judge(filter, View(Unsigned("", Sha256Field(gzipped)), gzipped, contentEncoding: "gzip"), gzipped, split).IsAllowed);
        }

        // the digest of the decoded content is a representation digest (Repr-Digest), not this field's
        AssertRefused(Judge(filter, View(Unsigned("", Sha256Field(Hello)), gzipped, contentEncoding: "gzip"), gzipped), ViolationCodes.DigestMismatch);
    }

    [Fact]
    public void Required_digest_is_missing()
    {
        AssertRefused(Judge(new RequestFilter(Digests(require: true)), View(Unsigned(HelloBody), Hello), Hello), ViolationCodes.DigestMissing);

        // a body-less request needs none
        var view = new HttpMessageView("GET", "/orders", null, null, null, null, false, new HeaderList());
        Assert.True(Judge(new RequestFilter(Digests(require: true)), view, []).IsAllowed);
    }

    [Theory]
    [InlineData("md5=:1B2M2Y8AsgTpgAmY7PhCfg==:")]
    [InlineData("sha=:2jmj7l5rSw0yVb/vlWAYkK/YBwk=:, unixsum=:AAAA:")]
    public void Only_weak_algorithms_are_digest_algorithm(string field)
    {
        AssertRefused(Judge(new RequestFilter(Digests()), View(Unsigned(HelloBody, field), Hello), Hello), ViolationCodes.DigestAlgorithm);
    }

    [Fact]
    public void An_algorithm_left_out_of_the_policy_counts_as_weak()
    {
        var filter = new RequestFilter(Digests(algorithms: DigestAlgorithms.Sha512));
        AssertRefused(Judge(filter, View(Unsigned(HelloBody, Sha256Field(Hello)), Hello), Hello), ViolationCodes.DigestAlgorithm);
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha512Field(Hello)), Hello), Hello).IsAllowed);
    }

    [Theory]
    [InlineData("sha-256=:not base64!:")]
    [InlineData("sha-256=:AAAA:")]
    [InlineData("sha-256=\"text\"")]
    [InlineData("sha-256=:")]
    public void Malformed_digest_is_digest_malformed(string field)
    {
        AssertRefused(Judge(new RequestFilter(Digests()), View(Unsigned(HelloBody, field), Hello), Hello), ViolationCodes.DigestMalformed);
    }

    [Fact]
    public void A_bodyless_request_with_the_digest_of_empty_content_passes()
    {
        var headers = new HeaderList().Add("Content-Digest", Sha256Field([]));
        var view = new HttpMessageView("DELETE", "/orders/1", null, null, null, null, false, headers);
        Assert.True(Judge(new RequestFilter(Digests()), view, []).IsAllowed);

        var wrong = new HeaderList().Add("Content-Digest", Sha256Field(Hello));
        AssertRefused(Judge(new RequestFilter(Digests()), new HttpMessageView("DELETE", "/orders/1", null, null, null, null, false, wrong), []), ViolationCodes.DigestMismatch);
    }

    [Fact]
    public void An_unjudged_body_is_read_for_its_digest()
    {
        var body = Encoding.ASCII.GetBytes("plain text, no guard judges it");
        var message = TestMessage.Parse("POST /upload HTTP/1.1\nHost: example.com\nContent-Type: text/plain\n\n");
        message.Headers.Add("Content-Digest", Sha256Field(body));
        var filter = new RequestFilter(Digests());
        Assert.True(filter.Plan(View(message, body)).MustInspectBody);
        Assert.True(Judge(filter, View(message, body), body, 5).IsAllowed);
        var other = Encoding.ASCII.GetBytes("plain text, no guard judges iT");
        AssertRefused(Judge(filter, View(message, other), other, 5), ViolationCodes.DigestMismatch);

        // without a digest it is still forwarded unread
        Assert.False(filter.Plan(View(TestMessage.Parse("POST /upload HTTP/1.1\nHost: example.com\nContent-Type: text/plain\n\n"), body)).MustInspectBody);
    }

    [Fact]
    public void Report_mode_lets_a_wrong_digest_pass_and_reports_it()
    {
        var filter = new RequestFilter(Digests(EnforcementMode.Report));
        var reported = new List<Violation>();
        filter.DetectionReported = reported.Add;
        var other = Encoding.ASCII.GetBytes("{\"hello\": \"there\"}");
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha256Field(other)), Hello), Hello).IsAllowed);
        Assert.Equal(ViolationCodes.DigestMismatch, Assert.Single(reported).Code);
    }

    [Fact]
    public void Digest_checking_off_ignores_digests()
    {
        var other = Encoding.ASCII.GetBytes("{\"hello\": \"there\"}");
        var filter = new RequestFilter(Digests(EnforcementMode.Off));
        Assert.True(Judge(filter, View(Unsigned(HelloBody, Sha256Field(other)), Hello), Hello).IsAllowed);
        Assert.Null(filter.Plan(View(Unsigned(HelloBody, Sha256Field(other)), Hello)).Digest);
    }

    // ---- allocation ----

    [Fact]
    public void The_allow_path_with_headers_and_no_digest_allocates_nothing()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var body = Encoding.UTF8.GetBytes("{\"id\": 42, \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]}");
        var headers = new HeaderList().Add("Host", "example.com").Add("Content-Type", "application/json");
        var view = new HttpMessageView("POST", "/orders", null, "application/json", null, body.Length, true, headers);
        var pipe = new Pipe();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(RequestJudge.Judge(filter, view, body, pipe).IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = RequestJudge.Judge(filter, view, body, pipe).IsAllowed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allowed);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_contract_allow_path_allocates_nothing_with_or_without_a_digest(bool withDigest)
    {
        var contract = ApiFilter.Contract.ContractCompiler.Compile(ApiFilter.Contract.ContractLoader.LoadFile(
            Path.Combine(Contract.ContractCorpusTests.RepoRoot(), "src", "ApiFilter.Host", "DemoContract.yaml")));
        // the demo contract's orders need tokens: authentication is off here, the digest pass is the subject
        var filter = new RequestFilter(FilterPolicy.Default with { Auth = AuthenticationPolicy.Default with { Mode = EnforcementMode.Off } }, contract);
        var body = Encoding.UTF8.GetBytes("{\"items\":[{\"sku\":\"A-1000\",\"qty\":1}],\"payment\":{\"method\":\"card\",\"cardToken\":\"tok_4eC39HqLyjWDarjtT1zdp7dc\"}}");
        var headers = new HeaderList().Add("X-Request-Id", "3f6d2a8e-5b1c-4e7a-9d2f-0c8b7a6e5d4c");
        if (withDigest)
        {
            headers.Add("Content-Digest", Sha512Field(body));
        }

        var view = new HttpMessageView("POST", "/orders", null, "application/json", null, body.Length, true, headers);
        var pipe = new Pipe();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(RequestJudge.Judge(filter, view, body, pipe).IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RequestJudge.Judge(filter, view, body, pipe);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_allow_path_with_a_matching_digest_allocates_nothing()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var body = Encoding.UTF8.GetBytes("{\"id\": 42, \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]}");
        var headers = new HeaderList().Add("Content-Digest", Sha256Field(body) + ", " + Sha512Field(body));
        var view = new HttpMessageView("POST", "/orders", null, "application/json", null, body.Length, true, headers);
        var pipe = new Pipe();
        for (var i = 0; i < 50; i++)
        {
            Assert.True(RequestJudge.Judge(filter, view, body, pipe).IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = RequestJudge.Judge(filter, view, body, pipe).IsAllowed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allowed);
        Assert.Equal(0, allocated);
    }
}
