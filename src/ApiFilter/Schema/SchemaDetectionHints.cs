using ApiFilter.Detection;

namespace ApiFilter.Schema;

/// <summary>
/// What each compiled schema says about the attack detection a string value that passes it needs,
/// worked out once per program: a <see cref="ValueDetectors"/> mask in the low bits plus
/// <see cref="Safe"/> or <see cref="Explicit"/>. Read by <see cref="JsonSchemaValidator"/> for each
/// string value (see <see cref="JsonSchemaValidator.StringDetection"/>). Cold code.
/// </summary>
/// <remarks>
/// <para>
/// A value the schema pins down is <see cref="Safe"/>: an <c>enum</c> or <c>const</c> (the author
/// wrote every value that passes), a type other than string (a string fails), an asserted format
/// whose grammar leaves no room for code (date, time, date-time, duration, uuid, ipv4, ipv6,
/// hostname, byte, int32, int64, float, double), or a pattern anchored at both ends whose every
/// character comes from letters, digits, <c>_</c> and <c>-</c>. No SQL, markup, shell or path
/// construct can be spelled in that alphabet, so the detectors would do work for nothing and could
/// only be wrong. The check is done after validation: a value that fails the schema is refused anyway.
/// </para>
/// <para>
/// URL-typed values (<c>uri</c>, <c>uri-reference</c>, <c>iri</c>, <c>iri-reference</c>) add SSRF
/// detection and header-injection detection (a URL is what a back end puts in <c>Location</c>);
/// pointer-typed values (<c>json-pointer</c>, <c>relative-json-pointer</c>) add JSON Pointer
/// detection. <c>x-apifilter-detect</c> replaces all of that (<see cref="Explicit"/>).
/// </para>
/// <para>
/// In-place applicators count as the validator applies them: <c>$ref</c> and <c>allOf</c> members
/// must all pass, so one safe member makes the value safe and an explicit choice of a member holds
/// unless the node makes its own; <c>anyOf</c>/<c>oneOf</c> make the value safe only when every
/// branch is. A reference cycle counts as unconstrained.
/// </para>
/// </remarks>
internal static class SchemaDetectionHints
{
    /// <summary>Every string value that passes is harmless: no detector runs.</summary>
    public const ushort Safe = 0x8000;

    /// <summary>The low bits are the detectors <c>x-apifilter-detect</c> chose, replacing the defaults.</summary>
    public const ushort Explicit = 0x4000;

    /// <summary>A detection in such a value is reported, never blocks (<c>x-apifilter-detect: report</c>).</summary>
    public const ushort ReportOnly = ValueDetectorNames.ReportOnly;

    /// <summary>The detector bits.</summary>
    public const ushort Mask = (ushort)ValueDetectors.All;

    private const ushort Visiting = 0x2000;
    private const ushort Done = 0x1000;

    /// <summary>The hint of each node of a compiled program.</summary>
    public static ushort[] Build(SchemaNode[] nodes, int[] lists, SchemaPattern[] patterns)
    {
        var hints = new ushort[nodes.Length];
        for (int i = 0; i < nodes.Length; i++)
        {
            Compute(i, nodes, lists, patterns, hints);
        }

        for (int i = 0; i < hints.Length; i++)
        {
            hints[i] &= unchecked((ushort)~Done);
        }

        return hints;
    }

    private static ushort Compute(int index, SchemaNode[] nodes, int[] lists, SchemaPattern[] patterns, ushort[] hints)
    {
        ushort state = hints[index];
        if ((state & Done) != 0)
        {
            return (ushort)(state & ~Done);
        }

        if ((state & Visiting) != 0)
        {
            return 0; // a cycle: nothing known
        }

        hints[index] = Visiting;
        ref SchemaNode n = ref nodes[index];
        bool safe = OwnSafe(ref n, patterns);
        ushort extra = OwnExtra(n.Format);
        int chosen = n.Detect; // -1: none here
        bool childExplicit = false;
        ushort childChosen = Mask;
        bool reportOnly = chosen >= 0 && (chosen & ValueDetectorNames.ReportOnly) != 0;

        // a $ref target or an allOf member: the value must pass it as well
        void Certain(ushort h)
        {
            reportOnly |= (h & ReportOnly) != 0;
            if ((h & Explicit) != 0)
            {
                childExplicit = true;
                childChosen &= (ushort)(h & Mask);
            }
            else
            {
                safe |= (h & Safe) != 0;
                extra |= (ushort)(h & Mask);
            }
        }

        if (n.Ref >= 0)
        {
            Certain(Compute(n.Ref, nodes, lists, patterns, hints));
        }

        for (int k = 0; k < n.AllOfCount; k++)
        {
            Certain(Compute(lists[n.AllOfStart + k], nodes, lists, patterns, hints));
        }

        Branches(n.AnyOfStart, n.AnyOfCount, nodes, lists, patterns, hints, ref safe, ref extra);
        Branches(n.OneOfStart, n.OneOfCount, nodes, lists, patterns, hints, ref safe, ref extra);

        ushort result;
        if (chosen >= 0 && (chosen & ValueDetectorNames.KeepDefaults) == 0)
        {
            result = (ushort)(Explicit | ((ushort)chosen & Mask));
        }
        else if (childExplicit)
        {
            result = (ushort)(Explicit | childChosen);
        }
        else
        {
            result = (ushort)((safe ? Safe : 0) | (extra & Mask));
        }

        if (reportOnly)
        {
            result |= ReportOnly;
        }

        hints[index] = (ushort)(result | Done);
        return result;
    }

    /// <summary>anyOf / oneOf: safe when every branch is; a branch's extra detectors apply (the value may be the branch's).</summary>
    private static void Branches(int start, int count, SchemaNode[] nodes, int[] lists, SchemaPattern[] patterns, ushort[] hints, ref bool safe, ref ushort extra)
    {
        if (count == 0)
        {
            return;
        }

        bool all = true;
        for (int k = 0; k < count; k++)
        {
            ushort h = Compute(lists[start + k], nodes, lists, patterns, hints);
            all &= (h & Safe) != 0;
            if ((h & Explicit) == 0)
            {
                extra |= (ushort)(h & Mask);
            }
        }

        safe |= all;
    }

    private static bool OwnSafe(ref SchemaNode n, SchemaPattern[] patterns)
    {
        if ((n.Flags & (SchemaNodeFlags.False | SchemaNodeFlags.HasEnum)) != 0 || n.Const >= 0)
        {
            return true;
        }

        if ((n.Flags & SchemaNodeFlags.HasType) != 0 && (n.Types & SchemaTypes.String) == 0)
        {
            return true;
        }

        if (n.Format is SchemaFormat.Date or SchemaFormat.DateTime or SchemaFormat.Time or SchemaFormat.Duration or SchemaFormat.Uuid
            or SchemaFormat.Ipv4 or SchemaFormat.Ipv6 or SchemaFormat.Hostname or SchemaFormat.Byte or SchemaFormat.Int32
            or SchemaFormat.Int64 or SchemaFormat.Float or SchemaFormat.Double)
        {
            return true;
        }

        return n.Pattern >= 0 && IsSafeAlphabetPattern(patterns[n.Pattern].Source);
    }

    private static ushort OwnExtra(SchemaFormat format) => format switch
    {
        SchemaFormat.Uri or SchemaFormat.UriReference or SchemaFormat.Iri or SchemaFormat.IriReference
            => (ushort)(ValueDetectors.Ssrf | ValueDetectors.Header),
        SchemaFormat.JsonPointer or SchemaFormat.RelativeJsonPointer => (ushort)ValueDetectors.JsonPointer,
        _ => 0,
    };

    /// <summary>
    /// True for an ECMA-262 pattern that matches only whole strings over letters, digits, <c>_</c>
    /// and <c>-</c>: <c>^</c> first, an unescaped <c>$</c> last, and between them only such
    /// literals, <c>\d</c>, <c>\w</c>, non-negated classes of them (ranges within one of a–z, A–Z,
    /// 0–9), groups, alternation inside a group, and quantifiers. Anything else (a dot, <c>\s</c>,
    /// a negated class, a lookaround, a top-level <c>|</c> that would unanchor a side) says no.
    /// </summary>
    internal static bool IsSafeAlphabetPattern(string pattern)
    {
        if (pattern.Length < 2 || pattern[0] != '^' || pattern[^1] != '$' || Escaped(pattern, pattern.Length - 1))
        {
            return false;
        }

        int depth = 0;
        int end = pattern.Length - 1;
        for (int i = 1; i < end; i++)
        {
            char c = pattern[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= end || pattern[i + 1] is not ('d' or 'w' or '-' or '_'))
                    {
                        return false;
                    }

                    i++;
                    break;
                case '[':
                    if (!SafeClass(pattern, ref i, end))
                    {
                        return false;
                    }

                    break;
                case '(':
                    if (i + 2 < end && pattern[i + 1] == '?')
                    {
                        if (pattern[i + 2] != ':')
                        {
                            return false; // lookaround or named group: keep it simple
                        }

                        i += 2;
                    }

                    depth++;
                    break;
                case ')':
                    if (--depth < 0)
                    {
                        return false;
                    }

                    break;
                case '|':
                    if (depth == 0)
                    {
                        return false;
                    }

                    break;
                case '*' or '+' or '?':
                    break;
                case '{':
                    int close = pattern.IndexOf('}', i);
                    if (close < 0 || close >= end)
                    {
                        return false;
                    }

                    for (int k = i + 1; k < close; k++)
                    {
                        if (!char.IsAsciiDigit(pattern[k]) && pattern[k] != ',')
                        {
                            return false;
                        }
                    }

                    i = close;
                    break;
                default:
                    if (!IsSafeChar(c))
                    {
                        return false;
                    }

                    break;
            }
        }

        return depth == 0;
    }

    private static bool SafeClass(string pattern, ref int i, int end)
    {
        int k = i + 1;
        if (k < end && pattern[k] == '^')
        {
            return false;
        }

        while (k < end && pattern[k] != ']')
        {
            char c = pattern[k];
            if (c == '\\')
            {
                if (k + 1 >= end || pattern[k + 1] is not ('d' or 'w' or '-' or '_'))
                {
                    return false;
                }

                k += 2;
                continue;
            }

            if (k + 2 < end && pattern[k + 1] == '-' && pattern[k + 2] != ']')
            {
                char to = pattern[k + 2];
                bool sameRun = (char.IsAsciiDigit(c) && char.IsAsciiDigit(to)) || (char.IsAsciiLetterLower(c) && char.IsAsciiLetterLower(to))
                    || (char.IsAsciiLetterUpper(c) && char.IsAsciiLetterUpper(to));
                if (!sameRun || to < c)
                {
                    return false;
                }

                k += 3;
                continue;
            }

            if (!IsSafeChar(c))
            {
                return false;
            }

            k++;
        }

        if (k >= end)
        {
            return false;
        }

        i = k;
        return true;
    }

    private static bool IsSafeChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool Escaped(string pattern, int at)
    {
        int backslashes = 0;
        for (int k = at - 1; k >= 0 && pattern[k] == '\\'; k--)
        {
            backslashes++;
        }

        return (backslashes & 1) == 1;
    }
}
