using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds values that reach into a document through a JSON Pointer (RFC 6901): a parameter declared
/// as a pointer (JSON Patch <c>path</c>/<c>from</c>, a <c>fields</c> or <c>$ref</c>-like selector),
/// or free text that a back end pastes into one (<c>"/users/" + id</c>).
/// </summary>
/// <remarks>
/// <para>
/// A declared pointer (<see cref="DetectPointer(ReadOnlySpan{byte})"/>) must follow RFC 6901 section 3: empty, or
/// <c>/</c>-separated reference tokens in which <c>~</c> is only ever <c>~0</c> or <c>~1</c>; a
/// URI fragment form (<c>#/a%20b</c>, section 6) is percent-decoded first. Also refused:
/// <c>~01</c>, which is the key <c>~1</c> when unescaped in the RFC's order (<c>~1</c> first, then
/// <c>~0</c>) but <c>/</c> to a resolver that unescapes <c>~0</c> first, so it crosses a segment
/// boundary there; a <c>..</c> token, meaningless in RFC 6901 but a step up for resolvers that map
/// pointers onto paths or relative references; and prototype-pollution steps (<c>__proto__</c>,
/// <c>constructor/prototype</c>) that JavaScript back ends apply to plain objects.
/// </para>
/// <para>
/// Free text (<see cref="DetectFragment(ReadOnlySpan{byte})"/>) is refused only for constructs prose does not contain:
/// a <c>..</c> segment next to a <c>/</c>, <c>__proto__</c> anywhere and <c>constructor</c> followed
/// by <c>/prototype</c> or <c>.prototype</c>. A single <c>/</c> or
/// <c>~</c> passes ("and/or", "~5 minutes"). Cost: one pass; nothing is allocated.
/// </para>
/// </remarks>
public static class JsonPointerInjectionDetector
{
    private const int StackLimit = 512;

    /// <summary>Judges a value declared as a JSON Pointer (or its URI fragment form, starting with <c>#</c>).</summary>
    /// <param name="pointer">The value's bytes (UTF-8).</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a valid, harmless pointer.</returns>
    public static DetectionResult DetectPointer(ReadOnlySpan<byte> pointer)
    {
        long work = 0;
        return DetectPointer(pointer, ref work);
    }

    /// <summary>As <see cref="DetectPointer(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectPointer(ReadOnlySpan<byte> pointer, ref long work)
    {
        if (pointer.IsEmpty || pointer[0] != (byte)'#')
        {
            return Pointer(pointer, 0, ref work);
        }

        // URI fragment form: percent-decode (RFC 3986 section 2.1), once; the output is never longer than the input.
        ReadOnlySpan<byte> f = pointer[1..];
        byte[]? rented = null;
        Span<byte> buffer = f.Length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(f.Length));
        try
        {
            int n = 0;
            bool decoded = false;
            for (int i = 0; i < f.Length; i++)
            {
                work++;
                byte c = f[i];
                if (c == (byte)'%' && i + 2 < f.Length && Hex(f[i + 1]) >= 0 && Hex(f[i + 2]) >= 0)
                {
                    c = (byte)((Hex(f[i + 1]) << 4) | Hex(f[i + 2]));
                    i += 2;
                    decoded = true;
                }

                buffer[n++] = c;
            }

            DetectionResult r = Pointer(buffer[..n], 0, ref work);
            return r.Detected ? new DetectionResult(r.Reason, r.Offset, decoded) : r;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Judges free text that may be pasted into a JSON Pointer or used as a member name.</summary>
    /// <param name="value">The value's bytes (UTF-8).</param>
    /// <returns>What was found.</returns>
    public static DetectionResult DetectFragment(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return DetectFragment(value, ref work);
    }

    /// <summary>As <see cref="DetectFragment(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult DetectFragment(ReadOnlySpan<byte> s, ref long work)
    {
        work += s.Length;
        int proto = s.IndexOf("__proto__"u8);
        if (proto >= 0)
        {
            return new DetectionResult(DetectionReason.PrototypePollution, proto, normalized: false);
        }

        int from = 0;
        while (from < s.Length)
        {
            int c = s[from..].IndexOf("constructor"u8);
            if (c < 0)
            {
                break;
            }

            int at = from + c;
            int after = at + 11;
            if (after < s.Length && s[after] is (byte)'/' or (byte)'.' && s[(after + 1)..].StartsWith("prototype"u8))
            {
                return new DetectionResult(DetectionReason.PrototypePollution, at, normalized: false);
            }

            from = after;
        }

        work += s.Length;
        int tokenStart = 0;
        for (int i = 0; i <= s.Length; i++)
        {
            work++;
            if (i < s.Length && s[i] != (byte)'/')
            {
                continue;
            }

            ReadOnlySpan<byte> token = s[tokenStart..i];
            bool slashBefore = tokenStart > 0;
            bool slashAfter = i < s.Length;
            if (token.SequenceEqual(".."u8) && (slashBefore || slashAfter))
            {
                return new DetectionResult(DetectionReason.JsonPointerTraversal, tokenStart, normalized: false);
            }

            if (Pollution(s, tokenStart, i))
            {
                return new DetectionResult(DetectionReason.PrototypePollution, tokenStart, normalized: false);
            }

            tokenStart = i + 1;
        }

        return DetectionResult.Clean;
    }

    private static DetectionResult Pointer(ReadOnlySpan<byte> s, int shift, ref long work)
    {
        if (s.IsEmpty)
        {
            return DetectionResult.Clean;
        }

        if (s[0] != (byte)'/')
        {
            return new DetectionResult(DetectionReason.JsonPointerSyntax, shift, normalized: false);
        }

        int tokenStart = 1;
        for (int i = 1; i <= s.Length; i++)
        {
            work++;
            if (i < s.Length && s[i] == (byte)'~')
            {
                // escaped = "~" ( "0" / "1" ), and "~01" as explained on the type.
                if (i + 1 >= s.Length || s[i + 1] is not ((byte)'0' or (byte)'1')
                    || (s[i + 1] == (byte)'0' && i + 2 < s.Length && s[i + 2] == (byte)'1'))
                {
                    return new DetectionResult(DetectionReason.JsonPointerEscape, shift + i, normalized: false);
                }

                continue;
            }

            if (i < s.Length && s[i] != (byte)'/')
            {
                continue;
            }

            if (s[tokenStart..i].SequenceEqual(".."u8))
            {
                return new DetectionResult(DetectionReason.JsonPointerTraversal, shift + tokenStart, normalized: false);
            }

            if (Pollution(s, tokenStart, i))
            {
                return new DetectionResult(DetectionReason.PrototypePollution, shift + tokenStart, normalized: false);
            }

            tokenStart = i + 1;
        }

        return DetectionResult.Clean;
    }

    // The token [start, end) is __proto__, or constructor followed by the token prototype.
    private static bool Pollution(ReadOnlySpan<byte> s, int start, int end)
    {
        ReadOnlySpan<byte> token = s[start..end];
        if (token.SequenceEqual("__proto__"u8))
        {
            return true;
        }

        return token.SequenceEqual("constructor"u8) && end < s.Length && s[(end + 1)..].StartsWith("prototype"u8)
            && (end + 10 == s.Length || s[end + 10] == (byte)'/');
    }

    private static int Hex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
