using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ApiFilter.Tokens;

/// <summary>
/// What a verified token's claims must say (RFC 7519 section 4.1, RFC 8725 sections 3.8–3.11, RFC 9068 section 4):
/// an accepted issuer (exact), an accepted audience (the "aud" string or any element of the array), "exp" not past
/// and "nbf"/"iat" not in the future beyond the clock skew, the required claims present, and optionally the
/// "at+jwt" type. Issuer and audience are mandatory: an edge filter that skipped them would accept tokens minted
/// for any other service by the same issuer. Validation reads the claims once with <see cref="Utf8JsonReader"/>,
/// refuses duplicate claim names, and allocates nothing.
/// </summary>
public sealed class JwtClaimsPolicy
{
    /// <summary>A scratch buffer of this size serves payloads up to half its size without renting.</summary>
    public const int StackScratchSize = 2048;

    private const int MaxTrackedClaims = 128;

    // RFC 7800 registers five confirmation methods and RFC 8705/9449 two more; 16 leaves room without unbounded tracking.
    private const int MaxConfirmationMembers = 16;

    private readonly byte[][] _issuers;
    private readonly byte[][] _audiences;
    private byte[][] _requiredClaims = [];
    private IReadOnlyList<string> _requiredClaimNames = [];
    private TimeSpan _clockSkew = TimeSpan.FromSeconds(60);
    private int _maxClaimCount = 64;
    private int _maxDepth = 8;

    /// <summary>Creates a policy accepting <paramref name="issuers"/> and <paramref name="audiences"/>.</summary>
    /// <exception cref="ArgumentException">No issuer or no audience is given, or one is empty.</exception>
    public JwtClaimsPolicy(IEnumerable<string> issuers, IEnumerable<string> audiences)
    {
        ArgumentNullException.ThrowIfNull(issuers);
        ArgumentNullException.ThrowIfNull(audiences);
        _issuers = ToUtf8(issuers, nameof(issuers));
        _audiences = ToUtf8(audiences, nameof(audiences));
        ValidIssuers = [.. issuers];
        ValidAudiences = [.. audiences];
    }

    /// <summary>The accepted "iss" values, compared exactly.</summary>
    public IReadOnlyList<string> ValidIssuers { get; }

    /// <summary>The accepted "aud" values, compared exactly.</summary>
    public IReadOnlyList<string> ValidAudiences { get; }

    /// <summary>Tolerance for clocks that disagree, applied to "exp", "nbf" and "iat". Default 60 seconds; 0 to 1 hour.</summary>
    public TimeSpan ClockSkew
    {
        get => _clockSkew;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, TimeSpan.FromHours(1));
            _clockSkew = value;
        }
    }

    /// <summary>The clock; inject a fake one in tests.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Whether a token without "exp" is refused. Default true (RFC 9068 section 2.2 makes "exp" required).</summary>
    public bool RequireExpirationTime { get; init; } = true;

    /// <summary>
    /// Whether the header "typ" must say this is an OAuth access token: "at+jwt", or "application/at+jwt"
    /// (RFC 9068 section 4; media type names compare case-insensitively, RFC 8725 section 3.11). Default false.
    /// </summary>
    public bool RequireAccessTokenType { get; init; }

    /// <summary>Claims that must be present, whatever their value ("sub", "client_id", …).</summary>
    public IReadOnlyList<string> RequiredClaims
    {
        get => _requiredClaimNames;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Count > 64)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(RequiredClaims), "At most 64 required claims.");
            }

            _requiredClaims = ToUtf8(value, nameof(RequiredClaims), allowNone: true);
            _requiredClaimNames = [.. value];
        }
    }

    /// <summary>Most members in the claims object. Default 64.</summary>
    public int MaxClaimCount
    {
        get => _maxClaimCount;
        init
        {
            ThrowHelper.ThrowIfNotPositive(value, nameof(MaxClaimCount));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxTrackedClaims);
            _maxClaimCount = value;
        }
    }

    /// <summary>Deepest nesting in the claims (the claims object is depth 1). Default 8; 1 to 64.</summary>
    public int MaxDepth
    {
        get => _maxDepth;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 64);
            _maxDepth = value;
        }
    }

    /// <summary>The scratch size that lets <see cref="Validate"/> read <paramref name="payloadLength"/> bytes without renting.</summary>
    public static int GetScratchSize(int payloadLength) => 2 * payloadLength;

    /// <summary>
    /// Validates the claims set <paramref name="payload"/> of a token whose signature was verified, with its
    /// <paramref name="header"/> for "typ". Unescaped values go to <paramref name="scratch"/> (see <see cref="GetScratchSize"/>)
    /// or a pooled array; dispose <paramref name="claims"/> to return it. Never throws for bad input.
    /// </summary>
    public TokenValidationStatus Validate(scoped ReadOnlySpan<byte> payload, scoped JoseHeader header, Span<byte> scratch, out JwtClaims claims)
    {
        claims = default;
        if (RequireAccessTokenType && !IsAccessTokenType(header.Type))
        {
            return TokenValidationStatus.InvalidTokenType;
        }

        int needed = GetScratchSize(payload.Length);
        byte[]? rented = null;
        Span<byte> work = needed <= scratch.Length ? scratch : (rented = ArrayPool<byte>.Shared.Rent(needed));
        TokenValidationStatus status;
        try
        {
            status = Read(payload, work[..payload.Length], work.Slice(payload.Length, payload.Length), out claims);
        }
        catch (JsonException)
        {
            // Utf8JsonReader reports syntax errors only by throwing; the exception stays here.
            status = TokenValidationStatus.InvalidClaims;
        }
        catch (InvalidOperationException)
        {
            // CopyString throws this for escapes that decode to invalid UTF-8 or lone surrogates.
            status = TokenValidationStatus.InvalidClaims;
        }

        if (status != TokenValidationStatus.Valid)
        {
            claims = default;
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            return status;
        }

        claims = new JwtClaims(
            claims.Issuer,
            claims.Subject,
            claims.ClientId,
            claims.JwtId,
            claims.ExpirationTime,
            claims.NotBefore,
            claims.IssuedAt,
            claims.Scopes,
            claims.ConfirmationKeyThumbprint,
            claims.ConfirmationCertificateThumbprint,
            claims.HasConfirmation,
            rented);
        return TokenValidationStatus.Valid;
    }

    /// <summary>"at+jwt" or "application/at+jwt", ASCII case-insensitive.</summary>
    private static bool IsAccessTokenType(ReadOnlySpan<byte> type) =>
        Ascii.EqualsIgnoreCase(type, "at+jwt"u8) || Ascii.EqualsIgnoreCase(type, "application/at+jwt"u8);

    private TokenValidationStatus Read(scoped ReadOnlySpan<byte> payload, Span<byte> values, Span<byte> scopes, out JwtClaims claims)
    {
        claims = default;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions
        {
            MaxDepth = MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
        });

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return TokenValidationStatus.InvalidClaims;
        }

        Span<int> nameStarts = stackalloc int[MaxTrackedClaims];
        Span<int> nameLengths = stackalloc int[MaxTrackedClaims];
        int members = 0;
        int used = 0;
        int scopeLength = 0;
        int scopeCount = 0;
        ulong requiredSeen = 0;

        int issStart = 0, issLength = -1, subStart = 0, subLength = 0, cidStart = 0, cidLength = 0, jtiStart = 0, jtiLength = 0;
        long? exp = null, nbf = null, iat = null;
        bool audiencePresent = false;
        bool audienceMatches = false;
        bool confirmationPresent = false;
        int jktStart = 0, jktLength = 0, x5tStart = 0, x5tLength = 0;

        while (true)
        {
            if (!reader.Read())
            {
                return TokenValidationStatus.InvalidClaims;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (members == _maxClaimCount)
            {
                return TokenValidationStatus.InvalidClaims;
            }

            int nameLength = reader.CopyString(values[used..]);
            ReadOnlySpan<byte> name = values.Slice(used, nameLength);

            // RFC 7519 section 4: claim names are unique; refusing a duplicate beats guessing which one the signer meant.
            // Each name meets at most MaxClaimCount earlier ones: O(MaxClaimCount × payload length), linear in the input.
            if (IsRepeated(name, values, nameStarts[..members], nameLengths[..members]))
            {
                return TokenValidationStatus.DuplicateClaim;
            }

            for (int i = 0; i < _requiredClaims.Length; i++)
            {
                if (name.SequenceEqual(_requiredClaims[i]))
                {
                    requiredSeen |= 1UL << i;
                }
            }

            nameStarts[members] = used;
            nameLengths[members] = nameLength;
            members++;
            used += nameLength;

            if (!reader.Read())
            {
                return TokenValidationStatus.InvalidClaims;
            }

            JsonTokenType type = reader.TokenType;
            if (name.SequenceEqual("iss"u8))
            {
                if (type != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidClaims;
                }

                issStart = used;
                issLength = reader.CopyString(values[used..]);
                used += issLength;
            }
            else if (name.SequenceEqual("sub"u8) || name.SequenceEqual("client_id"u8) || name.SequenceEqual("jti"u8))
            {
                if (type != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidClaims;
                }

                int start = used;
                int length = reader.CopyString(values[used..]);
                used += length;
                switch (name[0])
                {
                    case (byte)'s':
                        (subStart, subLength) = (start, length);
                        break;
                    case (byte)'c':
                        (cidStart, cidLength) = (start, length);
                        break;
                    default:
                        (jtiStart, jtiLength) = (start, length);
                        break;
                }
            }
            else if (name.SequenceEqual("aud"u8))
            {
                audiencePresent = true;
                if (type == JsonTokenType.String)
                {
                    audienceMatches = IsAcceptedAudience(ref reader, values[used..]);
                }
                else if (type == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            return TokenValidationStatus.InvalidClaims;
                        }

                        audienceMatches |= IsAcceptedAudience(ref reader, values[used..]);
                    }
                }
                else
                {
                    return TokenValidationStatus.InvalidClaims;
                }
            }
            else if (name.SequenceEqual("exp"u8) || name.SequenceEqual("nbf"u8) || name.SequenceEqual("iat"u8))
            {
                // NumericDate (RFC 7519 section 2): a JSON number of seconds, possibly with a fraction. Rounded towards refusal.
                bool isExp = name[0] == (byte)'e';
                if (type != JsonTokenType.Number || !TryReadNumericDate(ref reader, roundUp: !isExp, out long seconds))
                {
                    return TokenValidationStatus.InvalidClaims;
                }

                switch (name[0])
                {
                    case (byte)'e':
                        exp = seconds;
                        break;
                    case (byte)'n':
                        nbf = seconds;
                        break;
                    default:
                        iat = seconds;
                        break;
                }
            }
            else if (name.SequenceEqual("scope"u8) || name.SequenceEqual("scp"u8))
            {
                if (type == JsonTokenType.String)
                {
                    if (!AppendScopes(ref reader, scopes, ref scopeLength, ref scopeCount, single: false))
                    {
                        return TokenValidationStatus.InvalidClaims;
                    }
                }
                else if (type == JsonTokenType.StartArray && name.Length == 3)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String || !AppendScopes(ref reader, scopes, ref scopeLength, ref scopeCount, single: true))
                        {
                            return TokenValidationStatus.InvalidClaims;
                        }
                    }
                }
                else
                {
                    return TokenValidationStatus.InvalidClaims;
                }
            }
            else if (name.SequenceEqual("cnf"u8))
            {
                TokenValidationStatus confirmation = ReadConfirmation(ref reader, values, ref used, out jktStart, out jktLength, out x5tStart, out x5tLength);
                if (confirmation != TokenValidationStatus.Valid)
                {
                    return confirmation;
                }

                confirmationPresent = true;
            }
            else if (!JoseHeaderParser.SkipValue(ref reader, MaxDepth))
            {
                return TokenValidationStatus.InvalidClaims;
            }
        }

        if (reader.Read())
        {
            return TokenValidationStatus.InvalidClaims;
        }

        if (issLength < 0 || !audiencePresent)
        {
            return TokenValidationStatus.MissingRequiredClaim;
        }

        if (!Matches(values.Slice(issStart, issLength), _issuers))
        {
            return TokenValidationStatus.InvalidIssuer;
        }

        if (!audienceMatches)
        {
            return TokenValidationStatus.InvalidAudience;
        }

        long now = TimeProvider.GetUtcNow().ToUnixTimeSeconds();
        long skew = (long)_clockSkew.TotalSeconds;
        if (exp is null)
        {
            if (RequireExpirationTime)
            {
                return TokenValidationStatus.MissingRequiredClaim;
            }
        }
        else if (now - skew >= exp.Value)
        {
            // RFC 7519 section 4.1.4: the current time must be before "exp".
            return TokenValidationStatus.Expired;
        }

        if (nbf is { } notBefore && now + skew < notBefore)
        {
            return TokenValidationStatus.NotYetValid;
        }

        if (iat is { } issuedAt && now + skew < issuedAt)
        {
            return TokenValidationStatus.IssuedInFuture;
        }

        if (_requiredClaims.Length != 0 && requiredSeen != (_requiredClaims.Length == 64 ? ulong.MaxValue : (1UL << _requiredClaims.Length) - 1))
        {
            return TokenValidationStatus.MissingRequiredClaim;
        }

        claims = new JwtClaims(
            values.Slice(issStart, issLength),
            values.Slice(subStart, subLength),
            values.Slice(cidStart, cidLength),
            values.Slice(jtiStart, jtiLength),
            exp,
            nbf,
            iat,
            new JwtScopes(scopes[..scopeLength], scopeCount),
            values.Slice(jktStart, jktLength),
            values.Slice(x5tStart, x5tLength),
            confirmationPresent,
            rented: null);
        return TokenValidationStatus.Valid;
    }

    /// <summary>
    /// Reads "cnf" (RFC 7800 section 3.1): an object of confirmation methods. "jkt" (RFC 9449 section 6.1) and
    /// "x5t#S256" (RFC 8705 section 3.1) are strings kept as their unescaped text; other methods ("jwk", "kid", …)
    /// are skipped. Member names are unique, as in the claims object: a duplicate "jkt" could bind the token to two keys.
    /// </summary>
    private TokenValidationStatus ReadConfirmation(
        ref Utf8JsonReader reader,
        Span<byte> values,
        ref int used,
        out int jktStart,
        out int jktLength,
        out int x5tStart,
        out int x5tLength)
    {
        jktStart = jktLength = x5tStart = x5tLength = 0;
        if (reader.TokenType != JsonTokenType.StartObject || reader.CurrentDepth + 1 > MaxDepth)
        {
            return TokenValidationStatus.InvalidClaims;
        }

        Span<int> nameStarts = stackalloc int[MaxConfirmationMembers];
        Span<int> nameLengths = stackalloc int[MaxConfirmationMembers];
        int members = 0;
        while (true)
        {
            if (!reader.Read())
            {
                return TokenValidationStatus.InvalidClaims;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return TokenValidationStatus.Valid;
            }

            if (members == MaxConfirmationMembers)
            {
                return TokenValidationStatus.InvalidClaims;
            }

            int nameLength = reader.CopyString(values[used..]);
            ReadOnlySpan<byte> name = values.Slice(used, nameLength);
            if (IsRepeated(name, values, nameStarts[..members], nameLengths[..members]))
            {
                return TokenValidationStatus.DuplicateClaim;
            }

            nameStarts[members] = used;
            nameLengths[members] = nameLength;
            members++;
            used += nameLength;

            if (!reader.Read())
            {
                return TokenValidationStatus.InvalidClaims;
            }

            bool isJkt = name.SequenceEqual("jkt"u8);
            if (isJkt || name.SequenceEqual("x5t#S256"u8))
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return TokenValidationStatus.InvalidClaims;
                }

                int start = used;
                int length = reader.CopyString(values[used..]);
                used += length;
                if (isJkt)
                {
                    (jktStart, jktLength) = (start, length);
                }
                else
                {
                    (x5tStart, x5tLength) = (start, length);
                }
            }
            else if (!JoseHeaderParser.SkipValue(ref reader, MaxDepth))
            {
                return TokenValidationStatus.InvalidClaims;
            }
        }
    }

    private bool IsAcceptedAudience(ref Utf8JsonReader reader, Span<byte> scratch)
    {
        // Written at the free end of the scratch and not kept.
        int length = reader.CopyString(scratch);
        return Matches(scratch[..length], _audiences);
    }

    private static bool Matches(ReadOnlySpan<byte> value, byte[][] accepted)
    {
        foreach (byte[] candidate in accepted)
        {
            if (value.SequenceEqual(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryReadNumericDate(ref Utf8JsonReader reader, bool roundUp, out long seconds)
    {
        if (reader.TryGetInt64(out seconds))
        {
            return true;
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            return false;
        }

        value = roundUp ? Math.Ceiling(value) : Math.Floor(value);

        // Beyond ±2^62 seconds no clock reaches; clamping keeps the comparisons free of overflow.
        const double Limit = 4.6e18;
        seconds = value >= Limit ? (long)Limit : value <= -Limit ? -(long)Limit : (long)value;
        return true;
    }

    /// <summary>
    /// Appends the scope-tokens of the current string to <paramref name="scopes"/>, space-separated. A "scope" string is
    /// scope-tokens separated by single spaces (RFC 6749 section 3.3); an "scp" array element is one scope-token.
    /// Scope-tokens are %x21 / %x23-5B / %x5D-7E; anything else is refused.
    /// </summary>
    private static bool AppendScopes(ref Utf8JsonReader reader, Span<byte> scopes, ref int length, ref int count, bool single)
    {
        int start = length == 0 ? 0 : length + 1;
        int written = reader.CopyString(scopes[start..]);
        if (written == 0)
        {
            // An empty string grants nothing; an empty array element is not a scope-token.
            return !single;
        }

        ReadOnlySpan<byte> text = scopes.Slice(start, written);
        int tokens = 1;
        for (int i = 0; i < text.Length; i++)
        {
            byte c = text[i];
            if (c == (byte)' ')
            {
                if (single || i == 0 || i == text.Length - 1 || text[i - 1] == (byte)' ')
                {
                    return false;
                }

                tokens++;
            }
            else if (c < 0x21 || c == (byte)'"' || c == (byte)'\\' || c > 0x7E)
            {
                return false;
            }
        }

        if (length != 0)
        {
            scopes[length] = (byte)' ';
        }

        length = start + written;
        count += tokens;
        return true;
    }

    private static byte[][] ToUtf8(IEnumerable<string> values, string name, bool allowNone = false)
    {
        var list = new List<byte[]>();
        foreach (string value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                ThrowHelper.ThrowArgument(name, $"{name} must not contain an empty value.");
            }

            list.Add(Encoding.UTF8.GetBytes(value));
        }

        if (list.Count == 0 && !allowNone)
        {
            ThrowHelper.ThrowArgument(name, $"{name} must name at least one value.");
        }

        return [.. list];
    }

    /// <summary>Whether <paramref name="name"/> equals one of the names already read, each at its start and length in <paramref name="values"/>.</summary>
    private static bool IsRepeated(ReadOnlySpan<byte> name, ReadOnlySpan<byte> values, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths)
    {
        for (int i = 0; i < starts.Length; i++)
        {
            if (lengths[i] == name.Length && name.SequenceEqual(values.Slice(starts[i], name.Length)))
            {
                return true;
            }
        }

        return false;
    }
}
