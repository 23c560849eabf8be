using System.Buffers;
using System.Text;

namespace ApiFilter.Detection;

/// <summary>
/// One pass of <see cref="XssDetector"/> over one form of a value: an HTML tokenizer reduced to
/// what decides whether markup runs script (HTML Living Standard, section 13.2.5 "Tokenization":
/// tag open, tag name, attribute name and value states), plus the URL, CSS and JavaScript contexts
/// that markup leads into.
/// </summary>
/// <remarks>
/// <para>
/// The pass jumps between the bytes that can start a construct (<c>&lt; &gt; = : { ' " ` ( . [ !</c>
/// and, in a value that holds it, 0xBC; found with a vectorised search) and examines each with a
/// bounded look-around (at most a few <see cref="Window"/>s of bytes), so the work is linear in the
/// value's length whatever it holds. The sensitivity level only adds checks at those bytes.
/// Templates are the one construct with an unbounded extent; their closing delimiters are found
/// once and remembered, so each byte is searched at most once for them.
/// </para>
/// <para>
/// Tag state is kept as two positions: the end of the last tag name read and the last <c>&gt;</c>
/// seen; between them the pass is inside a tag, where any <c>on…=</c> attribute is a handler.
/// Outside a tag only a real handler name counts (see <see cref="HtmlEventNames"/>).
/// </para>
/// </remarks>
internal static class XssScanner
{
    // Bound of each look-around: keyword spellings with embedded control characters, whitespace
    // runs and CSS comments longer than this are not followed (they do not occur in the corpora).
    private const int Window = 64;

    private static readonly SearchValues<byte> Triggers = SearchValues.Create("<>=:{'\"`(.[!"u8);

    // With 0xBC, '<' with the top bit set (see HighBit). Used only for a value that holds 0xBC: an
    // all-ASCII set takes the faster of SearchValues' vectorised searches.
    private static readonly SearchValues<byte> TriggersWithHighBit = SearchValues.Create([.. "<>=:{'\"`(.[!"u8, 0xBC]);

    /// <summary>Scans <paramref name="s"/> and returns the first construct found.</summary>
    public static DetectionResult Scan(ReadOnlySpan<byte> s, bool normalized, DetectionSensitivity level, ref long work) =>
        Scan(s, 0, s.Length, normalized, level, ref work);

    /// <summary>
    /// Scans the bytes that can start a construct in <c>[from, to)</c> of <paramref name="s"/>; each
    /// look-around still sees all of <paramref name="s"/>, so a construct near <paramref name="from"/>
    /// or <paramref name="to"/> is judged as in a scan of the whole.
    /// </summary>
    public static DetectionResult Scan(ReadOnlySpan<byte> s, int from, int to, bool normalized, DetectionSensitivity level, ref long work)
    {
        int templateCheckedTo = -1;
        var closers = default(Closers);
        return Scan(s, from, to, normalized, level, -1, -1, -1, ref templateCheckedTo, ref closers, ref work);
    }

    /// <summary>
    /// Scans the parts of <paramref name="s"/> within <paramref name="reach"/> bytes of the ranges
    /// <c>[ranges[k * stride + offset], ranges[k * stride + offset + 1])</c> (ascending, disjoint),
    /// <paramref name="count"/> of them: the bytes a decoding changed, and every construct whose
    /// look-around can touch them. The tag and comment state at the start of each part is read off
    /// the bytes before it (each byte once), templates are remembered across parts: linear.
    /// </summary>
    public static DetectionResult ScanAround(ReadOnlySpan<byte> s, ReadOnlySpan<int> ranges, int count, int stride, int offset, int reach, DetectionSensitivity level, ref long work)
    {
        int templateCheckedTo = -1;
        var closers = default(Closers);
        var context = default(Context);
        int k = 0;
        while (k < count)
        {
            int from = Math.Max(0, ranges[(k * stride) + offset] - reach);
            int to = Math.Min(s.Length, ranges[(k * stride) + offset + 1] + reach);
            k++;
            while (k < count && ranges[(k * stride) + offset] - reach <= to)
            {
                to = Math.Min(s.Length, ranges[(k * stride) + offset + 1] + reach);
                k++;
            }

            context.Advance(s, from, ref work);
            DetectionResult r = Scan(s, from, to, normalized: true, level, context.TagEnd, context.LastGt, context.CommentOpen, ref templateCheckedTo, ref closers, ref work);
            if (r.Detected)
            {
                return r;
            }
        }

        return default;
    }

    private static DetectionResult Scan(ReadOnlySpan<byte> s, int from, int to, bool normalized, DetectionSensitivity level,
        int tagEnd, int lastGt, int commentOpen, ref int templateCheckedTo, ref Closers closers, ref long work)
    {
        // tagEnd: position just past the name of the last tag opened; lastGt: position of the last
        // '>'; commentOpen: position of the last "<!--" not yet closed; templateCheckedTo: templates
        // whose body ends before this were already judged clean.
        DetectionReason deferred = DetectionReason.None;
        int deferredAt = -1;
        int i = from;
        SearchValues<byte> triggers = s[from..to].Contains((byte)0xBC) ? TriggersWithHighBit : Triggers;
        work += to - from;
        while (i < to)
        {
            int next = s[i..to].IndexOfAny(triggers);
            if (next < 0)
            {
                work += to - i;
                break;
            }

            work += next + 1;
            i += next;
            DetectionReason reason = DetectionReason.None;
            int at = i;
            switch (s[i])
            {
                case (byte)'<':
                    if (i + 3 < s.Length && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-')
                    {
                        commentOpen = i;
                    }

                    reason = Tag(s, i, level, ref tagEnd, ref closers, ref work, out at);
                    if (reason == DetectionReason.ForeignContent)
                    {
                        if (deferred == DetectionReason.None)
                        {
                            deferred = reason;
                            deferredAt = i;
                        }

                        reason = DetectionReason.None;
                    }

                    break;
                case (byte)'>':
                    lastGt = i;
                    if (level >= DetectionSensitivity.Elevated)
                    {
                        reason = CommentClose(s, i, level, ref commentOpen, out at);
                    }

                    break;
                case 0xBC:
                    reason = HighBit(s, i, ref work);
                    break;
                case (byte)'=':
                    reason = Attribute(s, i, inTag: tagEnd > lastGt, level, ref work, out at);
                    break;
                case (byte)':':
                    reason = Colon(s, i, ref work, out at);
                    break;
                case (byte)'{':
                    reason = Template(s, i, level, ref templateCheckedTo, ref closers, ref work, out at);
                    break;
                case (byte)'(':
                    reason = Call(s, i, level, ref work, out at);
                    break;
                case (byte)'.':
                case (byte)'[':
                    reason = Sink(s, i, ref work, out at);
                    break;
                case (byte)'!':
                    reason = EntityDeclaration(s, i, ref work);
                    if (reason == DetectionReason.None)
                    {
                        reason = Letterless(s, i, ref work);
                    }

                    break;
                case (byte)'`':
                    reason = Call(s, i, level, ref work, out at);
                    if (reason == DetectionReason.None)
                    {
                        reason = Breakout(s, i, level, ref work);
                    }

                    break;
                default:
                    reason = Breakout(s, i, level, ref work);
                    break;
            }

            if (reason != DetectionReason.None)
            {
                return new DetectionResult(reason, at, normalized);
            }

            i++;
        }

        return deferred == DetectionReason.None ? default : new DetectionResult(deferred, deferredAt, normalized);
    }

    // '<' at i: a start or end tag (tag open state: '<' then an ASCII letter, or "</" then one),
    // or a server template "<% … %>".
    private static DetectionReason Tag(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref int tagEnd, ref Closers closers, ref long work, out int at)
    {
        at = i;
        int j = i + 1;
        if (j >= s.Length)
        {
            return DetectionReason.None;
        }

        if (s[j] == ':' || IsSpace(s[j]))
        {
            return OddTagOpen(s, i, level, ref work);
        }

        if (s[j] == '%')
        {
            // ERB / ASP / JSP: "<%", "<%=", "<%#", "<%@", "<%-" up to "%>", with something inside
            // ("<% %>" is a placeholder a mail template documents).
            work += 2;
            if (j + 1 >= s.Length || s[j + 1] is not ((byte)'=' or (byte)'#' or (byte)'@' or (byte)'-' or (byte)' ' or (byte)'\t' or (byte)'\n'))
            {
                return DetectionReason.None;
            }

            int close = closers.Percent.Find(s, j + 1, "%>"u8, ref work);
            if (close < 0)
            {
                return DetectionReason.None;
            }

            ReadOnlySpan<byte> body = s[(j + 1)..Math.Min(close, j + 1 + Window)];
            work += body.Length;
            return body.IndexOfAnyExcept(" \t\r\n"u8) >= 0 ? DetectionReason.TemplateInjection : DetectionReason.None;
        }

        if (s[j] == '?')
        {
            // "<?import implementation=…>", "<?xml-stylesheet href=…?>" and "<?xml:namespace …>" load
            // code or behaviours into the page.
            work += 16;
            ReadOnlySpan<byte> rest = s[(j + 1)..];
            return StartsWithIgnoreCase(rest, "import"u8) || StartsWithIgnoreCase(rest, "xml-stylesheet"u8) || StartsWithIgnoreCase(rest, "xml:"u8)
                ? DetectionReason.DangerousTag
                : DetectionReason.None;
        }

        if (s[j] == '!')
        {
            // "<!--#exec …-->" is a server-side include; "<!DOCTYPE x [<!ENTITY …>]>" and "<!ATTLIST …>"
            // declare entities and default attributes (event handlers among them) in XML documents.
            work += 10;
            ReadOnlySpan<byte> rest = s[(j + 1)..];
            if (rest.StartsWith("--#"u8))
            {
                return DetectionReason.TemplateInjection;
            }

            return StartsWithIgnoreCase(rest, "doctype"u8) || StartsWithIgnoreCase(rest, "entity"u8)
                || StartsWithIgnoreCase(rest, "attlist"u8) || StartsWithIgnoreCase(rest, "element"u8)
                ? DetectionReason.DangerousTag
                : DetectionReason.None;
        }

        bool end = s[j] == '/';
        if (end)
        {
            j++;
        }

        if (j >= s.Length || !IsAsciiLetter(s[j]))
        {
            return DetectionReason.None;
        }

        // Tag name state: everything up to whitespace, '/' or '>' (bounded: no element name is longer).
        int start = j;
        int limit = Math.Min(s.Length, start + Window);
        while (j < limit && !IsTagNameEnd(s[j]))
        {
            j++;
        }

        work += j - start;
        if (j == limit && limit < s.Length)
        {
            return DetectionReason.None;
        }

        ReadOnlySpan<byte> name = s[start..j];
        if (!end)
        {
            // "<importimplementation=": an attribute glued to an active element's name, read as
            // "<import implementation=" by lax parsers; "<f o r m": a name spelled letter by letter.
            int eq = name.IndexOf((byte)'=');
            if ((eq > 0 && GluedAttribute(name[..eq])) || (name.Length == 1 && SpacedLetters(s, start, ref work)))
            {
                return DetectionReason.ObfuscatedTag;
            }
        }

        // A namespace prefix does not change what an element does in an HTML or XHTML parser
        // (<x:script xmlns:x="http://www.w3.org/1999/xhtml">).
        int colon = name.LastIndexOf((byte)':');
        if (colon >= 0)
        {
            ReadOnlySpan<byte> prefix = name[..colon];
            if (Ascii.EqualsIgnoreCase(prefix, "svg"u8) || Ascii.EqualsIgnoreCase(prefix, "math"u8))
            {
                return DetectionReason.ForeignContent;
            }

            name = name[(colon + 1)..];

            // XInclude pulls another document into this one.
            if (!end && Ascii.EqualsIgnoreCase(name, "include"u8))
            {
                tagEnd = j;
                return DetectionReason.DangerousTag;
            }
        }

        if (end)
        {
            // "</script>" ends the page's own script block: whatever follows runs as markup.
            return Ascii.EqualsIgnoreCase(name, "script"u8) ? DetectionReason.ScriptTag : DetectionReason.None;
        }

        tagEnd = j;
        DetectionReason reason = Classify(name);
        if (reason == DetectionReason.None && level >= DetectionSensitivity.Elevated && IsRawTextElement(LeadingLetters(name)))
        {
            reason = DetectionReason.DangerousTag;
        }

        return reason;
    }

    // Elements whose content the HTML parser reads as raw text or re-parses (noscript, xmp,
    // plaintext, noembed, noframes, title, textarea, template, listing): a value that opens one
    // can swallow the rest of the page or make a sanitiser and the browser disagree (mutation XSS).
    // Prose about HTML names them too, so they count from Elevated on.
    private static bool IsRawTextElement(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "noscript"u8) || Ascii.EqualsIgnoreCase(name, "xmp"u8) || Ascii.EqualsIgnoreCase(name, "plaintext"u8)
        || Ascii.EqualsIgnoreCase(name, "noembed"u8) || Ascii.EqualsIgnoreCase(name, "noframes"u8) || Ascii.EqualsIgnoreCase(name, "title"u8)
        || Ascii.EqualsIgnoreCase(name, "textarea"u8) || Ascii.EqualsIgnoreCase(name, "template"u8) || Ascii.EqualsIgnoreCase(name, "listing"u8);

    private static ReadOnlySpan<byte> LeadingLetters(ReadOnlySpan<byte> name)
    {
        int n = 0;
        while (n < name.Length && IsAsciiLetter(name[n]))
        {
            n++;
        }

        return name[..n];
    }

    // '<' at i followed by ':' or whitespace: no tag for an HTML5 parser, but legacy and XML
    // parsers (and filters that strip the odd bytes) read "<:vmlframe", "< x: script" and
    // "< f o r m" as tags. An active element name after an empty or spaced namespace, or a name
    // spelled letter by letter, is never prose; "< script" (a comparison before a word) is, rarely.
    private static DetectionReason OddTagOpen(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref long work)
    {
        int limit = Math.Min(s.Length, i + 1 + Window);
        int p = i + 1;
        while (p < limit && IsSpace(s[p]))
        {
            p++;
        }

        work += p - i;
        if (p < limit && s[p] == ':')
        {
            return ActiveElementNamed(SkipSpaces(s, p + 1, ref work)) ? DetectionReason.ObfuscatedTag : DetectionReason.None;
        }

        if (p == i + 1 || p >= limit || !IsAsciiLetter(s[p]))
        {
            return DetectionReason.None;
        }

        int q = p;
        while (q < limit && q - p < 16 && IsAttributeNameByte(s[q]) && s[q] != ':')
        {
            q++;
        }

        work += q - p;
        if (q < s.Length && s[q] == ':')
        {
            // "< x: script": a namespace prefix, then the element ("a < b: script.run()" is code).
            return ActiveElementNamed(SkipSpaces(s, q + 1, ref work)) ? DetectionReason.ObfuscatedTag : DetectionReason.None;
        }

        if (q - p == 1)
        {
            return SpacedLetters(s, p, ref work) ? DetectionReason.ObfuscatedTag : DetectionReason.None;
        }

        return level >= DetectionSensitivity.Elevated && (q >= s.Length || IsTagNameEnd(s[q])) && IsActive(Classify(s[p..q]))
            ? DetectionReason.ObfuscatedTag
            : DetectionReason.None;
    }

    // rest starts with an active element's name that ends where a tag name ends.
    private static bool ActiveElementNamed(ReadOnlySpan<byte> rest)
    {
        ReadOnlySpan<byte> name = LeadingLetters(rest);
        return IsActive(Classify(name)) && (name.Length == rest.Length || IsTagNameEnd(rest[name.Length]));
    }

    private static bool IsActive(DetectionReason reason) => reason is DetectionReason.ScriptTag or DetectionReason.DangerousTag;

    // Letters at p, p + 2, p + 4, … separated by single whitespace bytes ("f o r m") that spell an
    // element name of three letters or more: a tag name written so that name checks miss it.
    private static bool SpacedLetters(ReadOnlySpan<byte> s, int p, ref long work)
    {
        Span<byte> letters = stackalloc byte[16];
        int n = 0;
        int j = p;
        while (j < s.Length && n < letters.Length && IsAsciiLetter(s[j]))
        {
            letters[n++] = (byte)(s[j] | 0x20);
            if (j + 2 < s.Length && IsSpace(s[j + 1]) && IsAsciiLetter(s[j + 2]) && (j + 3 >= s.Length || !IsAsciiLetter(s[j + 3])))
            {
                j += 2;
                continue;
            }

            j++;
            break;
        }

        work += j - p;
        if (n < 3 || (j < s.Length && IsAsciiLetter(s[j])))
        {
            return false;
        }

        ReadOnlySpan<byte> name = letters[..n];
        return Classify(name) != DetectionReason.None || IsRawTextElement(name) || IsFormOrMediaElement(name);
    }

    // Elements an injected tag uses to phish, submit or load something without script.
    private static bool IsFormOrMediaElement(ReadOnlySpan<byte> name) =>
        name.SequenceEqual("form"u8) || name.SequenceEqual("dialog"u8) || name.SequenceEqual("input"u8) || name.SequenceEqual("button"u8)
        || name.SequenceEqual("img"u8) || name.SequenceEqual("image"u8) || name.SequenceEqual("body"u8) || name.SequenceEqual("html"u8)
        || name.SequenceEqual("video"u8) || name.SequenceEqual("audio"u8) || name.SequenceEqual("source"u8) || name.SequenceEqual("details"u8)
        || name.SequenceEqual("select"u8) || name.SequenceEqual("marquee"u8) || name.SequenceEqual("isindex"u8) || name.SequenceEqual("keygen"u8)
        || name.SequenceEqual("bgsound"u8) || name.SequenceEqual("canvas"u8) || name.SequenceEqual("table"u8);

    // A tag name holding '=' whose start is an active element and whose rest is an attribute name.
    private static bool GluedAttribute(ReadOnlySpan<byte> beforeEq)
    {
        for (int n = 3; n <= Math.Min(10, beforeEq.Length - 2); n++)
        {
            if (IsActive(Classify(beforeEq[..n])) && AllLetters(beforeEq[n..]))
            {
                return true;
            }
        }

        return false;
    }

    // 0xBC at i: '<' with its top bit set. Where a page is served as US-ASCII, old Internet
    // Explorer dropped the top bit, so "¼script¾" (0xBC "script" 0xBE) became "<script>". Two
    // spellings count: an active element name right after 0xBC that ends where a tag name ends
    // (0xBE, another top-bit byte, '>', whitespace, '/'), and any name between a stray 0xBC and a
    // stray 0xBE, i.e. bytes that are not part of a UTF-8 sequence, which no text carries.
    private static DetectionReason HighBit(ReadOnlySpan<byte> s, int i, ref long work)
    {
        int j = i + 1;
        if (j < s.Length && s[j] == '/')
        {
            j++;
        }

        int start = j;
        int limit = Math.Min(s.Length, start + Window);
        while (j < limit && IsAsciiLetter(s[j]))
        {
            j++;
        }

        work += j - i;
        if (j == start)
        {
            return DetectionReason.None;
        }

        // 0xBC ending a three- or four-byte character (CJK, U+xx3C) before an ASCII word is text; a
        // two-byte one ('¼' C2 BC, 'м' D0 BC) or a stray byte is what the top-bit spelling uses.
        bool afterContinuation = i > 0 && s[i - 1] is >= 0x80 and <= 0xBF;
        if (!afterContinuation && Classify(s[start..j]) != DetectionReason.None && (j >= s.Length || s[j] >= 0x80 || IsTagNameEnd(s[j])))
        {
            return DetectionReason.HighBitTag;
        }

        if (!IsStray(s, i))
        {
            return DetectionReason.None;
        }

        limit = Math.Min(s.Length, i + Window);
        for (int k = j; k < limit; k++)
        {
            if (s[k] == 0xBE && IsStray(s, k))
            {
                work += k - j;
                return DetectionReason.HighBitTag;
            }
        }

        work += limit - j;
        return DetectionReason.None;
    }

    // A UTF-8 continuation byte (0x80–0xBF) at p with no lead byte before it.
    private static bool IsStray(ReadOnlySpan<byte> s, int p) => p == 0 || s[p - 1] < 0x80;

    // '>' at i closing "-->" or "--!>" (HTML comment end states) with no "<!--" before it: the value
    // ends a comment of the page, and what follows runs as markup. An arrow between spaces
    // ("A --> B") is prose at Elevated and counts only from High on.
    private static DetectionReason CommentClose(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref int commentOpen, out int at)
    {
        at = i;
        int c = i >= 2 && s[i - 1] == '-' && s[i - 2] == '-' ? i - 2
            : i >= 3 && s[i - 1] == '!' && s[i - 2] == '-' && s[i - 3] == '-' ? i - 3
            : -1;
        if (c < 0)
        {
            return DetectionReason.None;
        }

        if (commentOpen >= 0)
        {
            commentOpen = -1;
            return DetectionReason.None;
        }

        at = c;
        bool arrow = c > 0 && IsSpace(s[c - 1]) && i + 1 < s.Length && IsSpace(s[i + 1]);
        return !arrow || level >= DetectionSensitivity.High ? DetectionReason.CommentBreakout : DetectionReason.None;
    }

    // '!' at i starting "!ENTITY name SYSTEM|PUBLIC …": an external entity declaration (XML 1.0
    // section 4.2.2), which makes an XML parser fetch a document, whether or not "<" precedes it.
    private static DetectionReason EntityDeclaration(ReadOnlySpan<byte> s, int i, ref long work)
    {
        ReadOnlySpan<byte> rest = s[(i + 1)..];
        if (!StartsWithIgnoreCase(rest, "entity"u8) || rest.Length < 7 || !IsSpace(rest[6]))
        {
            return DetectionReason.None;
        }

        ReadOnlySpan<byte> declaration = rest[6..Math.Min(rest.Length, 6 + Window)];
        work += declaration.Length;
        for (int k = 0; k + 7 <= declaration.Length; k++)
        {
            if (IsSpace(declaration[k]) && (StartsWithIgnoreCase(declaration[(k + 1)..], "system"u8) || StartsWithIgnoreCase(declaration[(k + 1)..], "public"u8)))
            {
                return DetectionReason.DangerousTag;
            }
        }

        return DetectionReason.None;
    }

    private static DetectionReason Classify(ReadOnlySpan<byte> name)
    {
        switch (name.Length)
        {
            case 3:
                return Ascii.EqualsIgnoreCase(name, "svg"u8) ? DetectionReason.ForeignContent
                    : Ascii.EqualsIgnoreCase(name, "xml"u8) ? DetectionReason.DangerousTag
                    : DetectionReason.None;
            case 4:
                return Ascii.EqualsIgnoreCase(name, "math"u8) ? DetectionReason.ForeignContent
                    : Ascii.EqualsIgnoreCase(name, "base"u8) || Ascii.EqualsIgnoreCase(name, "link"u8) || Ascii.EqualsIgnoreCase(name, "meta"u8)
                    ? DetectionReason.DangerousTag
                    : DetectionReason.None;
            case 5:
                return Ascii.EqualsIgnoreCase(name, "frame"u8) || Ascii.EqualsIgnoreCase(name, "embed"u8)
                    || Ascii.EqualsIgnoreCase(name, "style"u8) || Ascii.EqualsIgnoreCase(name, "layer"u8)
                    ? DetectionReason.DangerousTag
                    : DetectionReason.None;
            case 6:
                return Ascii.EqualsIgnoreCase(name, "script"u8) ? DetectionReason.ScriptTag
                    : Ascii.EqualsIgnoreCase(name, "iframe"u8) || Ascii.EqualsIgnoreCase(name, "object"u8)
                    || Ascii.EqualsIgnoreCase(name, "applet"u8) || Ascii.EqualsIgnoreCase(name, "import"u8)
                    || Ascii.EqualsIgnoreCase(name, "ilayer"u8)
                    ? DetectionReason.DangerousTag
                    : DetectionReason.None;
            case 7:
                // XML Events: a handler element runs its content for the event a listener names.
                return Ascii.EqualsIgnoreCase(name, "handler"u8) ? DetectionReason.DangerousTag : DetectionReason.None;
            case 8:
                return Ascii.EqualsIgnoreCase(name, "frameset"u8) || Ascii.EqualsIgnoreCase(name, "listener"u8)
                    || Ascii.EqualsIgnoreCase(name, "vmlframe"u8)
                    ? DetectionReason.DangerousTag
                    : DetectionReason.None;
            case 10:
                // An XSLT stylesheet inside a document transforms it into whatever markup it wants.
                return Ascii.EqualsIgnoreCase(name, "stylesheet"u8) ? DetectionReason.DangerousTag : DetectionReason.None;
            default:
                return DetectionReason.None;
        }
    }

    // '=' at i: the end of an attribute name (attribute name state ends at '='; whitespace may
    // separate them, "after attribute name state").
    private static DetectionReason Attribute(ReadOnlySpan<byte> s, int i, bool inTag, DetectionSensitivity level, ref long work, out int at)
    {
        at = i;
        int k = i - 1;
        int floor = Math.Max(0, i - Window);
        while (k >= floor && IsSpace(s[k]))
        {
            k--;
        }

        int nameEnd = k + 1;
        while (k >= floor && IsAttributeNameByte(s[k]))
        {
            k--;
        }

        int nameStart = k + 1;
        work += i - k;
        int length = nameEnd - nameStart;
        if (length < 3)
        {
            return DetectionReason.None;
        }

        if (k >= 0 && !IsAttributeSeparator(s[k]))
        {
            // Glued to a word or token: no attribute. From High on, "on…=" after a digit counts
            // ("…51onabcd=6"): a handler hidden in an opaque token that a later split exposes.
            return level >= DetectionSensitivity.High && DigitGluedOnName(s, nameStart, nameEnd, i) ? DetectionReason.EventHandler : DetectionReason.None;
        }

        if (level >= DetectionSensitivity.High && DigitGluedOnName(s, nameStart, nameEnd, i))
        {
            return DetectionReason.EventHandler;
        }

        // "==" is a comparison, not an attribute. A value may be missing: the page's own text after
        // the pasted value becomes it.
        work++;
        if (i + 1 < s.Length && s[i + 1] == '=')
        {
            return DetectionReason.None;
        }

        ReadOnlySpan<byte> name = s[nameStart..nameEnd];
        at = nameStart;
        ReadOnlySpan<byte> local = name;
        int colon = name.LastIndexOf((byte)':');
        if (colon >= 0)
        {
            local = name[(colon + 1)..];
        }

        if (local.Length > 2 && (local[0] | 0x20) == 'o' && (local[1] | 0x20) == 'n')
        {
            if (inTag)
            {
                return AllLetters(local) ? DetectionReason.EventHandler : DetectionReason.None;
            }

            if (HtmlEventNames.IsKnown(local))
            {
                return DetectionReason.EventHandler;
            }

            // Unknown names: from Elevated on, a value that is nothing but "on…=" (an attribute
            // waiting for the page's text as its value); from High on, any "on…=" after a separator.
            if (IsOnName(local) && (level >= DetectionSensitivity.High
                || (level >= DetectionSensitivity.Elevated && OnlySpace(s[..nameStart]) && OnlySpace(s[(i + 1)..Math.Min(s.Length, i + 1 + Window)]))))
            {
                return DetectionReason.EventHandler;
            }

            return DetectionReason.None;
        }

        if (inTag)
        {
            if (Ascii.EqualsIgnoreCase(name, "xmlns"u8) || StartsWithIgnoreCase(name, "xmlns:"u8))
            {
                return ActiveNamespace(s, i + 1, ref work) ? DetectionReason.DangerousAttribute : DetectionReason.None;
            }

            if (IsDangerousAttribute(local))
            {
                return DetectionReason.DangerousAttribute;
            }

            // A link, a form target or a loaded resource changes the page without script (Elevated);
            // any attribute at all is markup (Paranoid).
            return (level >= DetectionSensitivity.Elevated && IsUrlAttribute(local)) || level >= DetectionSensitivity.Paranoid
                ? DetectionReason.MarkupAttribute
                : DetectionReason.None;
        }

        // After an attribute breakout ("'formaction=…") the two attribute names no prose uses.
        return Ascii.EqualsIgnoreCase(local, "formaction"u8) || Ascii.EqualsIgnoreCase(local, "srcdoc"u8)
            ? DetectionReason.DangerousAttribute
            : DetectionReason.None;
    }

    // "on" and at least three letters: the shape of an event handler name.
    private static bool IsOnName(ReadOnlySpan<byte> name) =>
        name.Length >= 5 && (name[0] | 0x20) == 'o' && (name[1] | 0x20) == 'n' && AllLetters(name);

    // The name ends in a digit, "on" and letters ("…a51onabcd="), and something follows the '='.
    private static bool DigitGluedOnName(ReadOnlySpan<byte> s, int nameStart, int nameEnd, int eq)
    {
        int r = nameEnd;
        while (r > nameStart && IsAsciiLetter(s[r - 1]))
        {
            r--;
        }

        return r > nameStart && (uint)(s[r - 1] - '0') <= 9 && IsOnName(s[r..nameEnd]) && eq + 1 < s.Length && s[eq + 1] != '=';
    }

    private static bool OnlySpace(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if (!IsSpace(b))
            {
                return false;
            }
        }

        return true;
    }

    // Attributes whose value is a URL the browser follows or loads (HTML Living Standard, attribute
    // index: href, src, action, formaction, poster, data, background, cite, ping, and the legacy
    // lowsrc, dynsrc, code, codebase).
    private static bool IsUrlAttribute(ReadOnlySpan<byte> local) =>
        Ascii.EqualsIgnoreCase(local, "href"u8) || Ascii.EqualsIgnoreCase(local, "src"u8) || Ascii.EqualsIgnoreCase(local, "action"u8)
        || Ascii.EqualsIgnoreCase(local, "poster"u8) || Ascii.EqualsIgnoreCase(local, "data"u8) || Ascii.EqualsIgnoreCase(local, "background"u8)
        || Ascii.EqualsIgnoreCase(local, "cite"u8) || Ascii.EqualsIgnoreCase(local, "ping"u8) || Ascii.EqualsIgnoreCase(local, "lowsrc"u8)
        || Ascii.EqualsIgnoreCase(local, "dynsrc"u8) || Ascii.EqualsIgnoreCase(local, "code"u8) || Ascii.EqualsIgnoreCase(local, "codebase"u8);

    // Attributes that run or load something without a script URL or an event name: an inline style
    // (CSS expressions, bindings, url() loads, and CSS parsing differences that break out of it),
    // a nested document (srcdoc), a form target (formaction), Internet Explorer data binding
    // (datasrc, datafld, dataformatas), SVG animation of another attribute (attributeName, which
    // can target href or an event handler) and XML Schema locations that make a parser fetch a
    // document (schemaLocation, noNamespaceSchemaLocation).
    private static bool IsDangerousAttribute(ReadOnlySpan<byte> local) =>
        Ascii.EqualsIgnoreCase(local, "style"u8) || Ascii.EqualsIgnoreCase(local, "srcdoc"u8)
        || Ascii.EqualsIgnoreCase(local, "formaction"u8) || Ascii.EqualsIgnoreCase(local, "datasrc"u8)
        || Ascii.EqualsIgnoreCase(local, "datafld"u8) || Ascii.EqualsIgnoreCase(local, "dataformatas"u8)
        || Ascii.EqualsIgnoreCase(local, "attributename"u8) || Ascii.EqualsIgnoreCase(local, "schemaLocation"u8)
        || Ascii.EqualsIgnoreCase(local, "noNamespaceSchemaLocation"u8);

    // An xmlns declaration's value (starting at p) naming a namespace whose elements run or load
    // code: XHTML, SVG, MathML, XML Events, XInclude, XSLT, VML. Other namespaces are data.
    private static bool ActiveNamespace(ReadOnlySpan<byte> s, int p, ref long work)
    {
        ReadOnlySpan<byte> value = s[p..Math.Min(s.Length, p + Window)];
        work += value.Length;
        return value.IndexOf("w3.org/1999/xhtml"u8) >= 0 || value.IndexOf("w3.org/2000/svg"u8) >= 0
            || value.IndexOf("MathML"u8) >= 0 || value.IndexOf("xml-events"u8) >= 0 || value.IndexOf("XInclude"u8) >= 0
            || value.IndexOf("XSL/Transform"u8) >= 0 || value.IndexOf("microsoft-com:vml"u8) >= 0;
    }

    // ':' at i: a URL scheme before it (URL Standard, "scheme state"; browsers remove ASCII tab and
    // newline anywhere in a URL and C0 controls and spaces around it), or a CSS declaration whose
    // property or value runs script.
    private static DetectionReason Colon(ReadOnlySpan<byte> s, int i, ref long work, out int at)
    {
        // Every scheme and property this looks for ends in t, a, g or r (javascript, vbscript,
        // livescript, mocha, data, -moz-binding, binding, behavior, behaviour): the colons of prose
        // ("Note:", "12:30") mostly do not, and go straight to the style check.
        int last = i - 1;
        while (last >= 0 && i - last <= Window && IsUrlIgnorable(s[last]))
        {
            last--;
        }

        work += i - last;
        if (last < 0 || (s[last] | 0x20) is not ((byte)'t' or (byte)'a' or (byte)'g' or (byte)'r'))
        {
            return Style(s, i, ref work, out at);
        }

        at = i;
        Span<byte> word = stackalloc byte[16];
        int n = 0;
        int k = i - 1;
        int floor = Math.Max(0, i - Window);
        bool obfuscated = false;
        while (k >= floor)
        {
            byte b = s[k];
            if (IsSchemeByte(b) || b == '-')
            {
                if (n == word.Length)
                {
                    n = -1;
                    break;
                }

                word[n++] = (byte)(b | (IsAsciiLetter(b) ? 0x20 : 0));
            }
            else if (IsUrlIgnorable(b))
            {
                obfuscated |= n > 0;
            }
            else
            {
                break;
            }

            k--;
        }

        work += i - k;
        if (n > 0 && (k < floor || !IsSchemeByte(s[k])))
        {
            at = k + 1;
            word = word[..n];
            word.Reverse();
            if (word.SequenceEqual("javascript"u8) || word.SequenceEqual("vbscript"u8) || word.SequenceEqual("livescript"u8)
                || word.SequenceEqual("mocha"u8))
            {
                // "JavaScript: The Good Parts" is a title, "javascript:alert(1)" is code: the URL must go
                // on at once, or the scheme must be spelled as no prose spells it (control characters
                // inside), or stand where a URL goes (after '=', a quote or "url(").
                int f = i + 1;
                while (f < s.Length && f - i < Window && IsUrlIgnorable(s[f]))
                {
                    f++;
                }

                work += f - i;
                if ((f < s.Length && s[f] != ' ') || obfuscated || (k >= 0 && IsUrlContext(s, k, floor)))
                {
                    return DetectionReason.ScriptUrl;
                }

                // Titles are capitalised ("JavaScript: The Good Parts"); the scheme in lower case
                // followed by something that starts code, not a word, is a URL with spaces in it.
                ReadOnlySpan<byte> code = SkipSpaces(s, i + 1, ref work);
                if (!code.IsEmpty && code[0] is (byte)'\\' or (byte)'\'' or (byte)'"' or (byte)'(' or (byte)'[' or (byte)'{' or (byte)'/' or (byte)';'
                    && AllLower(s[(k + 1)..i]))
                {
                    return DetectionReason.ScriptUrl;
                }
            }
            else if (word.SequenceEqual("data"u8))
            {
                ReadOnlySpan<byte> rest = SkipSpaces(s, i + 1, ref work);

                // "data:,<payload>": no media type is text/plain for a browser, but a payload of
                // markup right after it is what a lax sniffer or a template renders as HTML.
                if (!rest.IsEmpty && rest[0] == ',' && OpensTag(rest[1..Math.Min(rest.Length, Window)]))
                {
                    return DetectionReason.DataUrl;
                }

                if (StartsWithIgnoreCase(rest, "text/html"u8) || StartsWithIgnoreCase(rest, "text/xml"u8)
                    || StartsWithIgnoreCase(rest, "text/javascript"u8) || StartsWithIgnoreCase(rest, "text/x-"u8)
                    || StartsWithIgnoreCase(rest, "image/svg"u8) || StartsWithIgnoreCase(rest, "application/"u8))
                {
                    return DetectionReason.DataUrl;
                }
            }
            else if (word.SequenceEqual("-moz-binding"u8))
            {
                return DetectionReason.StyleScript;
            }
            else if (word.SequenceEqual("behavior"u8) || word.SequenceEqual("behaviour"u8) || word.SequenceEqual("binding"u8))
            {
                if (StartsWithIgnoreCase(SkipSpaces(s, i + 1, ref work), "url("u8))
                {
                    return DetectionReason.StyleScript;
                }
            }
        }

        return Style(s, i, ref work, out at);
    }

    // "property: expression(…)" (Internet Explorer's CSS expressions), comments allowed inside, and
    // "property: url(javascript…" whether or not the scheme's colon follows. Both start with 'e',
    // 'u' or a comment after the colon's whitespace, which most colons are not followed by.
    private static DetectionReason Style(ReadOnlySpan<byte> s, int i, ref long work, out int at)
    {
        at = i;
        int j = i + 1;
        while (j < s.Length && j - i <= Window && (IsSpace(s[j]) || IsUrlIgnorable(s[j])))
        {
            j++;
        }

        work += j - i;
        if (j >= s.Length || ((s[j] | 0x20) is not ((byte)'e' or (byte)'u') && s[j] != '/'))
        {
            return DetectionReason.None;
        }

        return CssExpression(s, i + 1, ref work) || CssScriptUrl(s, i + 1, ref work) ? DetectionReason.StyleScript : DetectionReason.None;
    }

    private static bool AllLower(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s)
        {
            if ((uint)(b - 'a') > 'z' - 'a')
            {
                return false;
            }
        }

        return true;
    }

    // A '<' followed by a letter: a tag opens.
    private static bool OpensTag(ReadOnlySpan<byte> s)
    {
        int lt = s.IndexOf((byte)'<');
        return lt >= 0 && lt + 1 < s.Length && IsAsciiLetter(s[lt + 1]);
    }

    // Before a scheme (k is the byte before it, whitespace skipped): '=', a quote or '(' put it where a URL goes.
    private static bool IsUrlContext(ReadOnlySpan<byte> s, int k, int floor)
    {
        while (k >= floor && IsSpace(s[k]))
        {
            k--;
        }

        return k < floor || s[k] is (byte)'=' or (byte)'"' or (byte)'\'' or (byte)'`' or (byte)'(';
    }

    // "url ( 'javascript" after a CSS property's colon.
    private static bool CssScriptUrl(ReadOnlySpan<byte> s, int p, ref long work)
    {
        ReadOnlySpan<byte> rest = SkipSpaces(s, p, ref work);
        if (!StartsWithIgnoreCase(rest, "url"u8))
        {
            return false;
        }

        rest = SkipSpaces(rest, 3, ref work);
        if (rest.IsEmpty || rest[0] != '(')
        {
            return false;
        }

        rest = SkipSpaces(rest, 1, ref work);
        if (!rest.IsEmpty && rest[0] is (byte)'"' or (byte)'\'')
        {
            rest = SkipSpaces(rest, 1, ref work);
        }

        return StartsWithIgnoreCase(rest, "javascript"u8) || StartsWithIgnoreCase(rest, "vbscript"u8) || StartsWithIgnoreCase(rest, "livescript"u8);
    }

    // Matches "expression" then '(' at p, skipping whitespace and CSS comments (bounded).
    private static bool CssExpression(ReadOnlySpan<byte> s, int p, ref long work)
    {
        ReadOnlySpan<byte> keyword = "expression("u8;
        int matched = 0;
        int limit = Math.Min(s.Length, p + Window);
        int j = p;
        while (j < limit && matched < keyword.Length)
        {
            byte b = s[j];
            if (b == '/' && j + 1 < limit && s[j + 1] == '*')
            {
                int close = s[(j + 2)..limit].IndexOf("*/"u8);
                if (close < 0)
                {
                    break;
                }

                j += close + 4;
                continue;
            }

            if (IsSpace(b) && (matched == 0 || matched == keyword.Length - 1))
            {
                j++;
                continue;
            }

            if ((b | (IsAsciiLetter(b) ? 0x20 : 0)) != keyword[matched])
            {
                break;
            }

            matched++;
            j++;
        }

        work += j - p;
        return matched == keyword.Length;
    }

    // '{' at i: "{{ … }}" (Angular, Vue, Handlebars), "${ … }" (template literals, EL, Thymeleaf),
    // and Netscape's "&{ … };" entity, holding code rather than a plain name.
    private static DetectionReason Template(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref int checkedTo, ref Closers closers, ref long work, out int at)
    {
        at = i;
        int open;
        bool doubled = i + 1 < s.Length && s[i + 1] == '{';
        if (doubled)
        {
            open = i + 2;
        }
        else if (i > 0 && s[i - 1] is (byte)'$' or (byte)'&')
        {
            at = i - 1;
            open = i + 1;
        }
        else
        {
            return level >= DetectionSensitivity.High && ModuleImport(s, i, ref work) ? DetectionReason.ScriptCall : DetectionReason.None;
        }

        int close = doubled ? closers.Braces.Find(s, open, "}}"u8, ref work) : closers.Brace.Find(s, open, "}"u8, ref work);
        if (close < 0 || close <= checkedTo)
        {
            // No end, or a body inside one already judged: its bytes were seen.
            return DetectionReason.None;
        }

        int from = Math.Max(open, checkedTo);
        checkedTo = close;
        ReadOnlySpan<byte> body = s[from..close];
        work += body.Length;
        return body.IndexOfAny("()[]*+=;'\"`"u8) >= 0 || body.IndexOf("constructor"u8) >= 0
            ? DetectionReason.TemplateInjection
            : DetectionReason.None;
    }

    // '{' at i in "import { a, b } from '…'": an ECMAScript module import (ECMA-262 section 16.2.2),
    // which loads and runs another script. Code samples in prose carry it too, hence High.
    private static bool ModuleImport(ReadOnlySpan<byte> s, int i, ref long work)
    {
        int floor = Math.Max(0, i - Window);
        int k = SkipTriviaBack(s, i - 1, floor, out _);
        if (k - 5 < 0 || !s[(k - 5)..(k + 1)].SequenceEqual("import"u8) || (k - 6 >= 0 && IsIdentifierByte(s[k - 6])))
        {
            return false;
        }

        ReadOnlySpan<byte> names = s[(i + 1)..Math.Min(s.Length, i + 1 + Window)];
        work += names.Length;
        int close = names.IndexOf((byte)'}');
        if (close < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = SkipSpaces(names, close + 1, ref work);
        if (!rest.StartsWith("from"u8))
        {
            return false;
        }

        ReadOnlySpan<byte> specifier = SkipSpaces(rest, 4, ref work);
        return !specifier.IsEmpty && specifier[0] is (byte)'"' or (byte)'\'' or (byte)'`';
    }

    // A quote at i: the value may end the JavaScript string it was pasted into and go on with a
    // statement or an operand: "';alert(1)//", "\"-alert(1)-\"", "');document.location=…".
    private static DetectionReason Breakout(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref long work)
    {
        if (level >= DetectionSensitivity.Elevated && s[i] != '`' && InAssignment(s, i, ref work))
        {
            return DetectionReason.ScriptBreakout;
        }

        int limit = Math.Min(s.Length, i + Window);
        int j = i + 1;
        int closers = 0;
        while (j < limit && (IsSpace(s[j]) || (s[j] is (byte)')' or (byte)']' or (byte)'}' && ++closers <= 3)))
        {
            j++;
        }

        if (j >= limit || !IsJsOperator(s[j]))
        {
            work += j - i;
            return DetectionReason.None;
        }

        int ops = 0;
        while (j < limit && (IsSpace(s[j]) || (IsJsOperator(s[j]) && ++ops <= 3)))
        {
            j++;
        }

        int start = j;
        while (j < limit && IsIdentifierByte(s[j]))
        {
            j++;
        }

        ReadOnlySpan<byte> identifier = s[start..j];
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        work += j - i;
        if (identifier.IsEmpty || j >= s.Length || !IsKnownGlobal(identifier))
        {
            return DetectionReason.None;
        }

        return s[j] is (byte)'(' or (byte)'`' or (byte)'.' or (byte)'[' or (byte)'='
            ? DetectionReason.ScriptBreakout
            : DetectionReason.None;
    }

    // A quote at i, then the "in" operator and an assignment: "\"in valueOf=", "'  infoo.bar=".
    // Internet Explorer's XSS filter knew these as string breakouts that reach a property without
    // a call; they count from Elevated on, as "in" followed by a word is also English.
    private static bool InAssignment(ReadOnlySpan<byte> s, int i, ref long work)
    {
        int limit = Math.Min(s.Length, i + Window);
        int j = i + 1;
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        if (j + 2 >= limit || s[j] != 'i' || s[j + 1] != 'n')
        {
            work += j - i;
            return false;
        }

        j += 2;
        bool spaced = IsSpace(s[j]);
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        int start = j;
        bool dotted = false;
        while (j < limit && (IsIdentifierByte(s[j]) || s[j] == '.'))
        {
            dotted |= s[j] == '.';
            j++;
        }

        bool path = j > start && (spaced || dotted);
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        work += j - i;
        return path && j < limit && s[j] == '=' && (j + 1 >= s.Length || s[j + 1] != '=');
    }

    // Globals and statements through which injected JavaScript reaches something (ECMA-262 and the
    // HTML window object's members); an arbitrary word after "'+" is too common in prose.
    private static bool IsKnownGlobal(ReadOnlySpan<byte> id) => id.Length switch
    {
        3 => id.SequenceEqual("top"u8) || id.SequenceEqual("new"u8),
        4 => id.SequenceEqual("eval"u8) || id.SequenceEqual("open"u8) || id.SequenceEqual("self"u8)
            || id.SequenceEqual("this"u8) || id.SequenceEqual("void"u8) || id.SequenceEqual("atob"u8),
        5 => id.SequenceEqual("alert"u8) || id.SequenceEqual("fetch"u8) || id.SequenceEqual("throw"u8)
            || id.SequenceEqual("print"u8),
        6 => id.SequenceEqual("prompt"u8) || id.SequenceEqual("window"u8) || id.SequenceEqual("parent"u8)
            || id.SequenceEqual("import"u8) || id.SequenceEqual("String"u8) || id.SequenceEqual("frames"u8),
        7 => id.SequenceEqual("confirm"u8) || id.SequenceEqual("console"u8) || id.SequenceEqual("opener"u8),
        8 => id.SequenceEqual("document"u8) || id.SequenceEqual("location"u8) || id.SequenceEqual("Function"u8),
        10 => id.SequenceEqual("setTimeout"u8) || id.SequenceEqual("globalThis"u8),
        11 => id.SequenceEqual("setInterval"u8) || id.SequenceEqual("constructor"u8),
        14 => id.SequenceEqual("XMLHttpRequest"u8),
        _ => false,
    };

    // '(' or '`' at i: a call of a function that shows, evaluates or decodes code ("alert(1)",
    // "eval('…')", "setTimeout(…)", "new Function()", tagged templates "[].sort.call`…`").
    private static DetectionReason Call(ReadOnlySpan<byte> s, int i, DetectionSensitivity level, ref long work, out int at)
    {
        int floor = Math.Max(0, i - Window);
        int afterTrivia = SkipTriviaBack(s, i - 1, floor, out bool spaced);
        int end = afterTrivia + 1;
        int k = afterTrivia;
        while (k >= floor && IsIdentifierByte(s[k]))
        {
            k--;
        }

        work += i - k;
        at = k + 1;
        ReadOnlySpan<byte> name = s[(k + 1)..end];
        if (name.IsEmpty || name.Length > 16)
        {
            return DetectionReason.None;
        }

        if (s[i] == '`')
        {
            // A tagged template calls its tag: the way to call without parentheses.
            // "call", "apply" and "bind" only as members ("[].sort.call`…`"): "call `url`" is prose.
            bool member = k >= floor && SkipTriviaBack(s, k, floor, out _) is int m && m >= floor && s[m] == '.';
            return IsCodeFunction(name) || (member && (name.SequenceEqual("call"u8) || name.SequenceEqual("apply"u8) || name.SequenceEqual("bind"u8)))
                ? DetectionReason.ScriptCall
                : DetectionReason.None;
        }

        if (!IsCodeFunction(name))
        {
            return DetectionReason.None;
        }

        // Names that are English words ("alert (daily)", "confirm (by email)", "import (and wait)")
        // count only when the parenthesis follows at once, below Paranoid.
        if (spaced && level < DetectionSensitivity.Paranoid && IsEnglishWord(name))
        {
            return DetectionReason.None;
        }

        // The argument must look like code: nothing, a number, a string, a regular expression, an
        // array, an object or an expression ("alert(s)" in prose is a plural).
        int j = SkipTriviaForward(s, i + 1, ref work);
        if (j >= s.Length)
        {
            return DetectionReason.ScriptCall;
        }

        byte b = s[j];
        if (b is (byte)')' or (byte)'"' or (byte)'\'' or (byte)'`' or (byte)'/' or (byte)'[' or (byte)'{' or (byte)'-' or (byte)'!' or (byte)'+' or (byte)'('
            || (uint)(b - '0') <= 9)
        {
            return DetectionReason.ScriptCall;
        }

        int idStart = j;
        while (j < s.Length && j - idStart <= 16 && IsIdentifierByte(s[j]))
        {
            j++;
        }

        work += j - idStart;
        return j - idStart >= 3 ? DetectionReason.ScriptCall : DetectionReason.None;
    }

    private static bool IsCodeFunction(ReadOnlySpan<byte> id) => id.Length switch
    {
        4 => id.SequenceEqual("eval"u8) || id.SequenceEqual("atob"u8) || id.SequenceEqual("btoa"u8),
        5 => id.SequenceEqual("alert"u8),
        6 => id.SequenceEqual("prompt"u8) || id.SequenceEqual("import"u8) || id.SequenceEqual("msgbox"u8),
        7 => id.SequenceEqual("confirm"u8),
        8 => id.SequenceEqual("Function"u8),
        10 => id.SequenceEqual("setTimeout"u8) || id.SequenceEqual("execScript"u8),
        11 => id.SequenceEqual("setInterval"u8),
        12 => id.SequenceEqual("fromCharCode"u8) || id.SequenceEqual("setImmediate"u8),
        _ => false,
    };

    private static bool IsEnglishWord(ReadOnlySpan<byte> id) =>
        id.SequenceEqual("alert"u8) || id.SequenceEqual("prompt"u8) || id.SequenceEqual("confirm"u8) || id.SequenceEqual("import"u8);

    // '.' or '[' at i: a sensitive member of a browser global ("document.cookie", "window.location",
    // "self['alert']", "(document)['cookie']"), or a member that writes markup (".innerHTML").
    private static DetectionReason Sink(ReadOnlySpan<byte> s, int i, ref long work, out int at)
    {
        at = i;
        bool member = s[i] == '.';
        if (member && i + 1 < s.Length && s[i + 1] is (byte)'i' or (byte)'o' or (byte)'p')
        {
            ReadOnlySpan<byte> markup = ReadIdentifier(s, i + 1, ref work);
            if (markup.SequenceEqual("innerHTML"u8) || markup.SequenceEqual("outerHTML"u8)
                || markup.SequenceEqual("insertAdjacentHTML"u8) || markup.SequenceEqual("parentNode"u8))
            {
                return DetectionReason.ScriptSink;
            }
        }

        // The object first: most dots and brackets follow no browser global, and that is cheap to see.
        // 16,838 of the 38,000 bytes that start a construct in 1 MB of API prose are dots, nearly all
        // right after a word or a number ("requests.", "example.com", "v1.0"): that word is compared
        // with the globals' names directly. Only whitespace, a comment or ')' before the dot needs the
        // general walk back.
        work++;
        byte before = i > 0 ? s[i - 1] : (byte)0;
        if (IsIdentifierByte(before))
        {
            if (!EndsWithGlobal(s, i))
            {
                return DetectionReason.None;
            }
        }
        else if (!IsSpace(before) && before is not ((byte)'/' or (byte)')'))
        {
            return DetectionReason.None;
        }

        int floor = Math.Max(0, i - Window);
        int k = SkipTriviaBack(s, i - 1, floor, out _);
        if (k >= floor && s[k] == ')')
        {
            k = SkipTriviaBack(s, k - 1, floor, out _);
        }

        int objectEnd = k + 1;
        while (k >= floor && objectEnd - k <= 10 && IsIdentifierByte(s[k]))
        {
            k--;
        }

        work += i - k;
        ReadOnlySpan<byte> obj = s[(k + 1)..objectEnd];
        bool document = obj.SequenceEqual("document"u8);
        if (!document && !(obj.SequenceEqual("window"u8) || obj.SequenceEqual("self"u8) || obj.SequenceEqual("top"u8)
            || obj.SequenceEqual("parent"u8) || obj.SequenceEqual("frames"u8) || obj.SequenceEqual("globalThis"u8)
            || obj.SequenceEqual("opener"u8)))
        {
            return DetectionReason.None;
        }

        at = k + 1;
        int j = SkipTriviaForward(s, i + 1, ref work);
        if (!member)
        {
            // window["alert"], self['document']: access by a computed name.
            return j < s.Length && s[j] is (byte)'"' or (byte)'\'' or (byte)'`' ? DetectionReason.ScriptSink : DetectionReason.None;
        }

        ReadOnlySpan<byte> property = ReadIdentifier(s, j, ref work);
        return (document ? IsDocumentSink(property) : IsWindowSink(property)) ? DetectionReason.ScriptSink : DetectionReason.None;
    }

    // The identifier that ends just before i is one of the globals Sink knows.
    private static bool EndsWithGlobal(ReadOnlySpan<byte> s, int i)
    {
        ReadOnlySpan<byte> head = s[..i];
        return s[i - 1] switch
        {
            (byte)'t' => Word(head, "document"u8) || Word(head, "parent"u8),
            (byte)'w' => Word(head, "window"u8),
            (byte)'f' => Word(head, "self"u8),
            (byte)'p' => Word(head, "top"u8),
            (byte)'s' => Word(head, "frames"u8) || Word(head, "globalThis"u8),
            (byte)'r' => Word(head, "opener"u8),
            _ => false,
        };
    }

    // head ends with the whole identifier word.
    private static bool Word(ReadOnlySpan<byte> head, ReadOnlySpan<byte> word) =>
        head.EndsWith(word) && (head.Length == word.Length || !IsIdentifierByte(head[head.Length - word.Length - 1]));

    private static ReadOnlySpan<byte> ReadIdentifier(ReadOnlySpan<byte> s, int p, ref long work)
    {
        int j = p;
        while (j < s.Length && j - p <= 20 && IsIdentifierByte(s[j]))
        {
            j++;
        }

        work += j - p;
        return s[p..j];
    }

    private static bool IsDocumentSink(ReadOnlySpan<byte> p) =>
        p.SequenceEqual("cookie"u8) || p.SequenceEqual("domain"u8) || p.SequenceEqual("write"u8) || p.SequenceEqual("writeln"u8)
        || p.SequenceEqual("location"u8) || p.SequenceEqual("createElement"u8) || p.SequenceEqual("body"u8)
        || p.SequenceEqual("querySelector"u8) || p.SequenceEqual("getElementById"u8) || p.SequenceEqual("documentElement"u8)
        || p.SequenceEqual("head"u8) || p.SequenceEqual("forms"u8) || p.SequenceEqual("referrer"u8)
        || p.SequenceEqual("execCommand"u8) || p.SequenceEqual("defaultView"u8) || p.SequenceEqual("URL"u8);

    private static bool IsWindowSink(ReadOnlySpan<byte> p) =>
        p.SequenceEqual("location"u8) || p.SequenceEqual("eval"u8) || p.SequenceEqual("alert"u8) || p.SequenceEqual("prompt"u8)
        || p.SequenceEqual("confirm"u8) || p.SequenceEqual("document"u8) || p.SequenceEqual("open"u8)
        || p.SequenceEqual("execScript"u8) || p.SequenceEqual("setTimeout"u8) || p.SequenceEqual("setInterval"u8)
        || p.SequenceEqual("Function"u8) || p.SequenceEqual("atob"u8) || p.SequenceEqual("postMessage"u8)
        || p.SequenceEqual("localStorage"u8) || p.SequenceEqual("sessionStorage"u8) || p.SequenceEqual("XMLHttpRequest"u8)
        || p.SequenceEqual("fetch"u8) || p.SequenceEqual("name"u8) || p.SequenceEqual("opener"u8);

    // '!' at i: "![]" after '!', '(', '[' or '+': the building block of letterless JavaScript.
    private static DetectionReason Letterless(ReadOnlySpan<byte> s, int i, ref long work)
    {
        int limit = Math.Min(s.Length, i + 8);
        int j = i + 1;
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        if (j >= limit || s[j] != '[')
        {
            work += j - i;
            return DetectionReason.None;
        }

        j++;
        while (j < limit && IsSpace(s[j]))
        {
            j++;
        }

        work += j - i;
        if (j >= limit || s[j] != ']')
        {
            return DetectionReason.None;
        }

        int k = i - 1;
        while (k >= 0 && i - k < 8 && IsSpace(s[k]))
        {
            k--;
        }

        return k < 0 || s[k] is (byte)'!' or (byte)'(' or (byte)'[' or (byte)'+'
            ? DetectionReason.ObfuscatedScript
            : DetectionReason.None;
    }

    // Moves back from k over whitespace and /* … */ comments (bounded by floor); returns the
    // position of the first other byte (floor - 1 when none).
    private static int SkipTriviaBack(ReadOnlySpan<byte> s, int k, int floor, out bool spaced)
    {
        spaced = false;
        while (k >= floor)
        {
            if (IsSpace(s[k]))
            {
                spaced = true;
                k--;
            }
            else if (s[k] == '/' && k - 1 >= floor && s[k - 1] == '*')
            {
                int open = s[floor..(k - 1)].LastIndexOf("/*"u8);
                if (open < 0)
                {
                    break;
                }

                k = floor + open - 1;
            }
            else
            {
                break;
            }
        }

        return k;
    }

    // Moves forward from p over whitespace and /* … */ comments (bounded); returns the position reached.
    private static int SkipTriviaForward(ReadOnlySpan<byte> s, int p, ref long work)
    {
        int limit = Math.Min(s.Length, p + Window);
        int j = p;
        while (j < limit)
        {
            if (IsSpace(s[j]))
            {
                j++;
            }
            else if (s[j] == '/' && j + 1 < limit && s[j + 1] == '*')
            {
                int close = s[(j + 2)..limit].IndexOf("*/"u8);
                if (close < 0)
                {
                    break;
                }

                j += close + 4;
            }
            else
            {
                break;
            }
        }

        work += j - p;
        return j;
    }

    private static ReadOnlySpan<byte> SkipSpaces(ReadOnlySpan<byte> s, int p, ref long work)
    {
        int j = p;
        while (j < s.Length && j - p < Window && (IsSpace(s[j]) || IsUrlIgnorable(s[j])))
        {
            j++;
        }

        work += j - p + 16;
        return s[j..];
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> s, ReadOnlySpan<byte> prefix) =>
        s.Length >= prefix.Length && Ascii.EqualsIgnoreCase(s[..prefix.Length], prefix);

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static bool AllLetters(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
        {
            if (!IsAsciiLetter(b))
            {
                return false;
            }
        }

        return true;
    }

    // HTML's ASCII whitespace (tab, LF, FF, CR, space) and the vertical tab some engines accept.
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x0B;

    private static bool IsTagNameEnd(byte b) => IsSpace(b) || b is (byte)'/' or (byte)'>' or (byte)'<';

    private static bool IsAttributeNameByte(byte b) => IsAsciiLetter(b) || (uint)(b - '0') <= 9 || b is (byte)'-' or (byte)'_' or (byte)':';

    // What may stand before an attribute name: a space, '/', a closing quote, or a byte a browser
    // skips; a letter, digit, '.', '&' or '?' means the name is part of a longer word or a URL.
    private static bool IsAttributeSeparator(byte b) => b <= 0x20 || b is (byte)'/' or (byte)'"' or (byte)'\'' or (byte)'`' or (byte)';' or (byte)',' or (byte)'(' or (byte)'+';

    private static bool IsSchemeByte(byte b) => IsAsciiLetter(b) || (uint)(b - '0') <= 9 || b is (byte)'+' or (byte)'.';

    // Removed from URLs by the URL parser (tab, LF, CR) or skipped by lax ones (other C0 controls).
    private static bool IsUrlIgnorable(byte b) => b < 0x20;

    private static bool IsJsOperator(byte b) => b is (byte)';' or (byte)'+' or (byte)'-' or (byte)'*' or (byte)',' or (byte)'|' or (byte)'&' or (byte)'^' or (byte)'?' or (byte)'%';

    private static bool IsIdentifierByte(byte b) => IsAsciiLetter(b) || (uint)(b - '0') <= 9 || b is (byte)'_' or (byte)'$';

    // The tag and comment state before a position, read forward from where the last call stopped:
    // the last '<' that opens a tag, the last '>', the last "<!--" and the last comment closer.
    private struct Context
    {
        private static readonly SearchValues<byte> Angles = SearchValues.Create("<>"u8);

        private int done;
        private int lastTagOpen;
        private int lastGt;
        private int lastCommentOpen;
        private int lastCommentClose;
        private bool started;

        public readonly int TagEnd => lastTagOpen > lastGt ? lastTagOpen + 1 : -1;

        public readonly int LastGt => lastGt;

        public readonly int CommentOpen => lastCommentOpen > lastCommentClose ? lastCommentOpen : -1;

        public void Advance(ReadOnlySpan<byte> s, int to, ref long work)
        {
            if (!started)
            {
                started = true;
                lastTagOpen = lastGt = lastCommentOpen = lastCommentClose = -1;
            }

            int i = done;
            while (i < to)
            {
                int next = s[i..to].IndexOfAny(Angles);
                if (next < 0)
                {
                    break;
                }

                i += next;
                if (s[i] == '>')
                {
                    lastGt = i;
                    if (i >= 2 && s[i - 1] == '-' && s[i - 2] == '-' && (i < 3 || s[i - 3] != '!' || i < 4 || s[i - 4] != '<'))
                    {
                        lastCommentClose = i;
                    }
                }
                else if (i + 1 < s.Length)
                {
                    byte b = s[i + 1];
                    if (IsAsciiLetter(b) || (b == '/' && i + 2 < s.Length && IsAsciiLetter(s[i + 2])))
                    {
                        lastTagOpen = i;
                    }
                    else if (b == '!' && i + 3 < s.Length && s[i + 2] == '-' && s[i + 3] == '-')
                    {
                        lastCommentOpen = i;
                    }
                }

                i++;
            }

            work += Math.Max(0, to - done);
            done = Math.Max(done, to);
        }
    }

    // The closing delimiters of the three template kinds, each searched independently.
    private struct Closers
    {
        public CloserMemo Percent;
        public CloserMemo Braces;
        public CloserMemo Brace;
    }

    // Remembers where the next closing delimiter of one kind is, so that a value of many openers
    // ("{{{{…") searches every byte for a closer once, not once per opener.
    private struct CloserMemo
    {
        private int found;   // position of the closer found by the last search, or -1
        private int from;    // where that search started
        private bool valid;

        public int Find(ReadOnlySpan<byte> s, int start, ReadOnlySpan<byte> closer, ref long work)
        {
            if (valid && start >= from && (found < 0 || found >= start))
            {
                return found;
            }

            int at = s[start..].IndexOf(closer);
            work += at < 0 ? s.Length - start : at + closer.Length;
            valid = true;
            from = start;
            found = at < 0 ? -1 : start + at;
            return found;
        }
    }
}
