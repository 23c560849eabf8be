using System.Text;

namespace ApiFilter.Tokens;

/// <summary>
/// The scopes a token grants, from "scope" (a space-separated string, RFC 8693 section 4.2, RFC 9068 section 2.2.3)
/// and "scp" (the same as a string or as an array of strings), normalised to one space-separated list of
/// RFC 6749 section 3.3 scope-tokens. This is the form later checks against the OpenAPI OAuth2 scopes take.
/// </summary>
public readonly ref struct JwtScopes
{
    internal JwtScopes(ReadOnlySpan<byte> value, int count)
    {
        Value = value;
        Count = count;
    }

    /// <summary>The scopes as UTF-8, separated by single spaces; empty when the token grants none.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>How many scopes (duplicates counted).</summary>
    public int Count { get; }

    /// <summary>Whether <paramref name="scope"/> (UTF-8) is granted; exact, case-sensitive (RFC 6749 section 3.3).</summary>
    public bool Contains(ReadOnlySpan<byte> scope)
    {
        if (scope.IsEmpty)
        {
            return false;
        }

        foreach (ReadOnlySpan<byte> granted in this)
        {
            if (granted.SequenceEqual(scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="scope"/> is granted; scope-tokens are ASCII, so this compares without transcoding.</summary>
    public bool Contains(ReadOnlySpan<char> scope)
    {
        if (scope.IsEmpty)
        {
            return false;
        }

        foreach (ReadOnlySpan<byte> granted in this)
        {
            if (Ascii.Equals(granted, scope))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether every one of <paramref name="required"/> is granted (an OpenAPI security requirement's scope list).</summary>
    public bool ContainsAll(IReadOnlyList<string> required)
    {
        ArgumentNullException.ThrowIfNull(required);
        for (int i = 0; i < required.Count; i++)
        {
            if (!Contains(required[i].AsSpan()))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Enumerates the scopes.</summary>
    public Enumerator GetEnumerator() => new(Value);

    /// <summary>Enumerates the space-separated scopes without allocating.</summary>
    public ref struct Enumerator
    {
        private ReadOnlySpan<byte> _rest;

        internal Enumerator(ReadOnlySpan<byte> value)
        {
            _rest = value;
            Current = default;
        }

        /// <summary>The current scope.</summary>
        public ReadOnlySpan<byte> Current { get; private set; }

        /// <summary>Moves to the next scope.</summary>
        public bool MoveNext()
        {
            if (_rest.IsEmpty)
            {
                return false;
            }

            int space = _rest.IndexOf((byte)' ');
            if (space < 0)
            {
                Current = _rest;
                _rest = default;
            }
            else
            {
                Current = _rest[..space];
                _rest = _rest[(space + 1)..];
            }

            return true;
        }
    }
}
