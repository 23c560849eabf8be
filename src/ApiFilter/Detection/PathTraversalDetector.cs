namespace ApiFilter.Detection;

/// <summary>
/// Finds path traversal in a value: <c>..</c> segments with either separator, NUL truncation,
/// absolute and sensitive paths, each also behind the encodings <see cref="ValueNormalizer"/>
/// undoes (<c>%2e%2e%2f</c>, <c>..%2f</c>, <c>%252e</c>, overlong <c>%c0%ae</c>/<c>%c0%af</c>/<c>%e0%80%ae</c>,
/// <c>%u002e</c>, fullwidth forms, entities). See <see cref="PathTraversalMode"/> for what each
/// mode refuses.
/// </summary>
/// <remarks>
/// A segment is what lies between separators; both <c>/</c> and <c>\</c> separate, since Windows
/// accepts either and many servers normalize <c>\</c> to <c>/</c>. A <c>;</c> ends a segment too:
/// servlet containers strip path parameters (<c>..;/</c>, RFC 3986 section 3.3 allows <c>;</c> in
/// segments) before they resolve dot-segments (RFC 3986 section 5.2.4). Cost: one forward pass with
/// constant look-ahead per form, and the normalizer's bounded layers; nothing is allocated.
/// </remarks>
public static class PathTraversalDetector
{
    /// <summary>Judges one value.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <param name="mode">Free text (default) or a value declared as a relative path.</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value, PathTraversalMode mode = PathTraversalMode.FreeText)
    {
        long work = 0;
        return Detect(value, mode, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, PathTraversalMode)"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, PathTraversalMode mode, ref long work)
    {
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return Detect(ref forms, mode, ref work);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte}, PathTraversalMode)"/> on a value whose decoded form other detectors share.</summary>
    internal static DetectionResult Detect(ref ValueForms forms, PathTraversalMode mode, ref long work)
    {
        DetectionResult r = Scan(forms.Value, mode, ref work);
        if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out var flags))
        {
            return r;
        }

        if ((flags & NormalizationFlags.NulBytes) != 0)
        {
            // An encoded NUL (%00, \u0000, &#0;): the normalizer drops it, so no offset survives.
            return new DetectionResult(DetectionReason.PathNulByte, 0, normalized: true);
        }

        return Scan(decoded, mode, ref work).AsNormalized();
    }

    private static DetectionResult Scan(ReadOnlySpan<byte> s, PathTraversalMode mode, ref long work)
    {
        bool strict = mode == PathTraversalMode.Path;
        int start = 0;
        while (start < s.Length && s[start] is (byte)' ' or (byte)'\t')
        {
            work++;
            start++;
        }

        DetectionReason root = Root(s[start..], strict);
        if (root != DetectionReason.None)
        {
            return new DetectionResult(root, start, normalized: false);
        }

        for (int i = 0; i < s.Length; i++)
        {
            int skip = s[i..].IndexOfAny((byte)'.', (byte)0);
            if (skip < 0)
            {
                work += s.Length - i;
                break;
            }

            work += skip + 1;
            i += skip;
            byte c = s[i];
            if (c == 0)
            {
                return new DetectionResult(DetectionReason.PathNulByte, i, normalized: false);
            }

            if (c != (byte)'.' || i + 1 >= s.Length || s[i + 1] != (byte)'.')
            {
                continue;
            }

            bool before = i == 0 || IsSeparator(s[i - 1]);
            if (!before)
            {
                continue;
            }

            bool atEnd = i + 2 == s.Length;
            bool after = atEnd || IsSeparator(s[i + 2]) || s[i + 2] == (byte)';';
            if (!after)
            {
                continue;
            }

            // Free text needs a separator on at least one side: "../x", "x/..", "..;/"; a lone ".." is an ellipsis.
            if (strict || i > 0 || !atEnd)
            {
                return new DetectionResult(DetectionReason.PathTraversal, i, normalized: false);
            }
        }

        return DetectionResult.Clean;
    }

    // What the start of the value says: a sensitive root (both modes) or any absolute form (strict mode).
    private static DetectionReason Root(ReadOnlySpan<byte> s, bool strict)
    {
        if (s.IsEmpty)
        {
            return DetectionReason.None;
        }

        ReadOnlySpan<byte> path = s;
        bool fileUri = StartsWithIgnoreCase(s, "file:"u8);
        if (fileUri)
        {
            // file:///etc/passwd, file://localhost/etc/passwd, file:/etc/passwd, file:///C:/Windows (RFC 8089).
            path = s[5..];
            if (path.StartsWith("//"u8))
            {
                path = path[2..];
                if (StartsWithIgnoreCase(path, "localhost"u8))
                {
                    path = path[9..];
                }
            }

            if (path.Length >= 3 && path[0] == (byte)'/' && IsAsciiLetter(path[1]) && path[2] is (byte)':' or (byte)'|')
            {
                path = path[1..];
            }
        }

        if (path.Length >= 2 && IsSeparator(path[0]) && path[1] == (byte)'\\')
        {
            // \\server\share, \\?\C:\, \\.\device: UNC and device paths (SMB fetches leak NTLM credentials).
            return DetectionReason.PathSensitiveFile;
        }

        if (path.Length >= 3 && IsAsciiLetter(path[0]) && path[1] == (byte)':' && IsSeparator(path[2]))
        {
            ReadOnlySpan<byte> rest = path[3..];
            if (StartsWithIgnoreCase(rest, "windows"u8) || StartsWithIgnoreCase(rest, "winnt"u8) || StartsWithIgnoreCase(rest, "boot.ini"u8)
                || StartsWithIgnoreCase(rest, "inetpub"u8) || StartsWithIgnoreCase(rest, "programdata"u8))
            {
                return DetectionReason.PathSensitiveFile;
            }
        }

        if (path.Length >= 1 && IsSeparator(path[0]))
        {
            ReadOnlySpan<byte> rest = path[1..];
            if (StartsWithIgnoreCase(rest, "windows"u8) && (rest.Length == 7 || IsSeparator(rest[7])))
            {
                return DetectionReason.PathSensitiveFile;
            }

            if (path[0] == (byte)'/' && (rest.StartsWith("etc/"u8) || rest.StartsWith("proc/"u8) || rest.StartsWith("sys/"u8)
                || rest.StartsWith("root/"u8) || rest.StartsWith("boot/"u8) || rest.StartsWith("var/log/"u8)
                || rest.StartsWith("var/run/"u8) || rest.StartsWith("run/secrets/"u8)))
            {
                return DetectionReason.PathSensitiveFile;
            }
        }

        if (!strict)
        {
            return DetectionReason.None;
        }

        return fileUri || IsSeparator(s[0]) || s[0] == (byte)'~' || (s.Length >= 2 && IsAsciiLetter(s[0]) && s[1] == (byte)':')
            ? DetectionReason.PathAbsolute
            : DetectionReason.None;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lowerPrefix)
    {
        if (s.Length < lowerPrefix.Length)
        {
            return false;
        }

        for (int i = 0; i < lowerPrefix.Length; i++)
        {
            byte c = s[i];
            if ((uint)(c - 'A') <= 'Z' - 'A')
            {
                c |= 0x20;
            }

            if (c != lowerPrefix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSeparator(byte b) => b is (byte)'/' or (byte)'\\';

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
}
