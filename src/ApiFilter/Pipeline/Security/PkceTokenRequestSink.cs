using ApiFilter.Json;
using ApiFilter.Tokens;

namespace ApiFilter.Pipeline.Security;

/// <summary>
/// The PKCE check of a token request's form body (RFC 6749 section 4.1.3 puts the parameters there): rides
/// along the form guard's token stream in front of the schema validator and detectors, watching the top-level
/// <c>grant_type</c> and <c>code_verifier</c> fields. With <c>grant_type=authorization_code</c>, exactly one
/// <c>code_verifier</c> of 43–128 unreserved characters must be there (RFC 7636 sections 4.1 and 4.5).
/// Pooled; allocates nothing when it allows.
/// </summary>
internal sealed class PkceTokenRequestSink : IJsonValidatorSink
{
    private readonly List<Violation> _violations = [];
    private IJsonValidatorSink? _inner;
    private Action<Violation>? _report;
    private int _depth;
    private Field _field;
    private bool _authorizationCode;
    private int _verifiers;
    private bool _verifierValid;
    private Violation? _refusal;

    private enum Field : byte
    {
        Other,
        GrantType,
        CodeVerifier,
    }

    /// <summary>The sink this one forwards every token to (schema validator and detectors), or null.</summary>
    public IJsonValidatorSink? Inner => _inner;

    /// <inheritdoc/>
    public IReadOnlyList<Violation> Violations
    {
        get
        {
            _violations.Clear();
            if (_refusal is not null)
            {
                _violations.Add(_refusal);
            }

            if (_inner is not null)
            {
                _violations.AddRange(_inner.Violations);
            }

            return _violations;
        }
    }

    /// <summary>Readies the sink for one body; <paramref name="report"/> non-null means report mode (log, let pass).</summary>
    public void Reset(IJsonValidatorSink? inner, Action<Violation>? report)
    {
        _inner = inner;
        _report = report;
        _depth = 0;
        _field = Field.Other;
        _authorizationCode = false;
        _verifiers = 0;
        _verifierValid = false;
        _refusal = null;
        _violations.Clear();
    }

    /// <summary>Drops the references of the last body before the sink goes back to its pool.</summary>
    public void Clear() => Reset(null, null);

    public bool StartObject()
    {
        _depth++;
        return _inner?.StartObject() ?? true;
    }

    public bool EndObject()
    {
        _depth--;
        return _inner?.EndObject() ?? true;
    }

    public bool StartArray()
    {
        // a repeated field the schema reads as an array is not one verifier: it stays uncounted and fails closed
        _depth++;
        _field = Field.Other;
        return _inner?.StartArray() ?? true;
    }

    public bool EndArray()
    {
        _depth--;
        return _inner?.EndArray() ?? true;
    }

    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        _field = _depth != 1 ? Field.Other
            : utf8Name.SequenceEqual("grant_type"u8) ? Field.GrantType
            : utf8Name.SequenceEqual("code_verifier"u8) ? Field.CodeVerifier
            : Field.Other;
        return _inner?.PropertyName(utf8Name) ?? true;
    }

    public bool String(ReadOnlySpan<byte> utf8Value)
    {
        Scalar(utf8Value, isString: true);
        return _inner?.String(utf8Value) ?? true;
    }

    public bool Number(ReadOnlySpan<byte> literal)
    {
        Scalar(literal, isString: false);
        return _inner?.Number(literal) ?? true;
    }

    public bool Boolean(bool value)
    {
        Scalar(default, isString: false);
        return _inner?.Boolean(value) ?? true;
    }

    public bool Null()
    {
        Scalar(default, isString: false);
        return _inner?.Null() ?? true;
    }

    public bool Finish()
    {
        if (_authorizationCode && (_verifiers != 1 || !_verifierValid))
        {
            var violation = new Violation(ViolationCodes.AuthPkceVerifier, "/code_verifier", _verifiers == 0
                ? "The authorization code token request has no code_verifier (RFC 7636 section 4.5)"
                : "The code_verifier is not one value of 43 to 128 unreserved characters (RFC 7636 section 4.1)", -1, "body", null);
            if (_report is null)
            {
                _refusal = violation;
            }
            else
            {
                _report(violation);
            }
        }

        var inner = _inner?.Finish() ?? true;
        return _refusal is null && inner;
    }

    private void Scalar(ReadOnlySpan<byte> value, bool isString)
    {
        if (_depth != 1)
        {
            return;
        }

        switch (_field)
        {
            case Field.GrantType:
                _authorizationCode = isString && value.SequenceEqual("authorization_code"u8);
                break;
            case Field.CodeVerifier:
                _verifiers++;
                _verifierValid = isString && IsVerifier(value);
                break;
        }

        _field = Field.Other;
    }

    private static bool IsVerifier(ReadOnlySpan<byte> value)
    {
        if (value.Length > PkceRules.MaxVerifierLength || !System.Text.Ascii.IsValid(value))
        {
            return false;
        }

        Span<char> chars = stackalloc char[PkceRules.MaxVerifierLength];
        System.Text.Ascii.ToUtf16(value, chars, out var written);
        return PkceRules.CheckTokenRequest(chars[..written]) == PkceStatus.Valid;
    }
}
