using System.Buffers;

namespace ApiFilter.Detection;

/// <summary>
/// Finds OS command injection in a value that a back end may pass to a shell (<c>sh -c</c>,
/// <c>cmd /c</c>): a command separator followed by a command word, command substitution, shell
/// expansions used to dodge filters, redirections to devices, and command words split by quotes.
/// </summary>
/// <remarks>
/// <para>
/// The decision rests on a small list of command words: Unix and Windows commands that attackers
/// run to prove or use a foothold (<c>id</c>, <c>whoami</c>, <c>uname</c>, <c>cat</c>,
/// <c>curl</c>, <c>wget</c>, <c>nc</c>, <c>ping</c>, <c>sleep</c>, <c>powershell</c>,
/// <c>certutil</c>, interpreters, ...). Words that are not ordinary English (<c>whoami</c>,
/// <c>wget</c>, <c>ls</c>) are refused right after a separator when written in one case (Windows
/// accepts <c>WHOAMI</c>; <c>hostName</c> is an identifier). Words that are English or name a
/// language (<c>cat</c>, <c>head</c>, <c>find</c>, <c>python</c>) must be lower case, as a Unix
/// shell needs them, and must be followed by something only a command line has: an option
/// (<c>-la</c>), a path (<c>/etc</c>, <c>./x</c>, <c>~</c>), a variable, a redirection, another
/// separator glued to the word (<c>;id;</c>), a number for the timing words (<c>sleep 5</c>), or
/// the end of the value when the separator is glued to the word (<c>;id</c>) or is a pipe,
/// <c>&amp;&amp;</c> or <c>$(</c>. A backtick counts as a separator too, but Markdown code spans
/// look the same (<c>`id`</c>, <c>`start`</c>), so its closing backtick is no evidence. So "Tom &amp; Jerry; then lunch", "Skills: Java;
/// Python; Perl" and "| id | name |" pass while <c>;id</c>, <c>| cat /etc/passwd</c> and
/// <c>&amp;&amp; sleep 10</c> do not. A lone <c>&amp;</c> and a line break count like <c>;</c>; after
/// a line break the word must also start in lower case, since prose lines start with a capital
/// ("Notes:\nWhoami is a game" passes). The price: <c>x; id</c> (a space, then a weak word ending the
/// value) passes too.
/// </para>
/// <para>
/// Quote evasion (<c>c''at</c>, <c>c\at</c>, <c>w"h"o"a"m"i</c>, <c>c$@at</c>): the shell drops
/// quotes, backslashes and empty expansions inside a word, so a word is also read with them removed;
/// when a command word appears only that way, the value is refused wherever it stands.
/// </para>
/// <para>
/// The value is judged as received and once more after <see cref="ValueNormalizer"/> when it
/// carries encodings (<c>%0aid</c>, <c>%3Bid</c>). Cost: one forward pass; each separator reads the
/// next word once more (so each byte is read at most three times); nothing is allocated.
/// </para>
/// </remarks>
public static class CommandInjectionDetector
{
    // Longest path-qualified command word considered (/usr/local/bin/powershell.exe fits).
    private const int MaxWord = 128;

    private static readonly SearchValues<byte> EvasionMarks = SearchValues.Create("'\"\\"u8);

    // Bytes that start a construct other than a split word.
    private static readonly SearchValues<byte> Triggers = SearchValues.Create(";|&\n\r`$<>/{"u8);

    private enum CommandWordClass : byte
    {
        None,

        // Refused after any separator.
        Strong,

        // Lower case only, and needs command-line context after it.
        Weak,

        // As Weak, and a number after it also counts (sleep 5, ping 127.0.0.1).
        WeakNumeric,
    }

    private enum Separator : byte
    {
        // ; & and newline: prose uses them too, so a weak word at the end of the value counts only when glued to it.
        Prose,

        // | || && $( : nothing in prose.
        Strong,

        // ` : Markdown code spans look the same (`id`, `start`), so the closing backtick is no evidence.
        Backtick,
    }

    /// <summary>Judges one value.</summary>
    /// <param name="value">The value's bytes (UTF-8), as the transport decoded them.</param>
    /// <returns>What was found; <see cref="DetectionResult.Detected"/> is false for a clean value.</returns>
    public static DetectionResult Detect(ReadOnlySpan<byte> value)
    {
        long work = 0;
        return Detect(value, ref work);
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/>, adding the bytes examined to <paramref name="work"/>.</summary>
    internal static DetectionResult Detect(ReadOnlySpan<byte> value, ref long work)
    {
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return Detect(ref forms, ref work);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>As <see cref="Detect(ReadOnlySpan{byte})"/> on a value whose decoded form other detectors share.</summary>
    internal static DetectionResult Detect(ref ValueForms forms, ref long work)
    {
        DetectionResult r = Scan(forms.Value, ref work);
        if (r.Detected || !forms.TryDecoded(ref work, out var decoded, out _))
        {
            return r;
        }

        return Scan(decoded, ref work).AsNormalized();
    }

    private static DetectionResult Scan(ReadOnlySpan<byte> s, ref long work)
    {
        Span<byte> scratch = stackalloc byte[MaxWord];

        // Without quotes, backslashes or empty expansions no word can be split, so only the bytes
        // that start a construct need a look (found vectorized); otherwise every word is read.
        work += s.Length;
        bool marks = s.IndexOfAny(EvasionMarks) >= 0 || s.IndexOf("$@"u8) >= 0 || s.IndexOf("$*"u8) >= 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (!marks)
            {
                int skip = s[i..].IndexOfAny(Triggers);
                if (skip < 0)
                {
                    work += s.Length - i;
                    break;
                }

                work += skip;
                i += skip;
            }

            work++;
            byte c = s[i];
            switch (c)
            {
                case (byte)';':
                case (byte)'|':
                case (byte)'&':
                case (byte)'\n':
                case (byte)'\r':
                    {
                        int j = i + 1;
                        Separator kind = Separator.Prose;
                        if (c == (byte)'|')
                        {
                            kind = Separator.Strong;
                            j += j < s.Length && s[j] is (byte)'|' or (byte)'&' ? 1 : 0;
                        }
                        else if (c == (byte)'&' && j < s.Length && s[j] == (byte)'&')
                        {
                            kind = Separator.Strong;
                            j++;
                        }

                        // After a line break prose starts with a capital; a shell needs lower case.
                        bool lowerOnly = c is (byte)'\n' or (byte)'\r';
                        if (CommandAt(s, j, kind, lowerOnly, scratch, ref work))
                        {
                            return new DetectionResult(DetectionReason.CommandChain, i, normalized: false);
                        }

                        i = j - 1;
                        break;
                    }

                case (byte)'`':
                    if (CommandAt(s, i + 1, Separator.Backtick, lowerOnly: false, scratch, ref work))
                    {
                        return new DetectionResult(DetectionReason.CommandSubstitution, i, normalized: false);
                    }

                    break;

                case (byte)'$':
                    {
                        if (i + 1 >= s.Length)
                        {
                            break;
                        }

                        byte n = s[i + 1];
                        if (n == (byte)'(' && (i + 2 >= s.Length || s[i + 2] != (byte)'('))
                        {
                            if (CommandAt(s, i + 2, Separator.Strong, lowerOnly: false, scratch, ref work))
                            {
                                return new DetectionResult(DetectionReason.CommandSubstitution, i, normalized: false);
                            }
                        }
                        else if (s[(i + 1)..].StartsWith("IFS"u8) || s[(i + 1)..].StartsWith("{IFS"u8))
                        {
                            return new DetectionResult(DetectionReason.ShellExpansion, i, normalized: false);
                        }
                        else if (n == (byte)'{' && SubstringExpansion(s, i + 2, ref work))
                        {
                            return new DetectionResult(DetectionReason.ShellExpansion, i, normalized: false);
                        }

                        break;
                    }

                case (byte)'>':
                case (byte)'<':
                    {
                        // Not the end of an HTML tag (<code>/dev/sda1</code>): a redirection follows a space, a descriptor number, & or another > <.
                        if (c == (byte)'>' && i > 0 && (IsAsciiLetter(s[i - 1]) || s[i - 1] is (byte)'"' or (byte)'\'' or (byte)'/'))
                        {
                            break;
                        }

                        // >/dev/null, 2>&1 >/dev/tcp/..., </dev/tcp/...
                        int j = i + 1;
                        if (j < s.Length && s[j] is (byte)'>' or (byte)'&')
                        {
                            j++;
                        }

                        while (j < s.Length && s[j] is (byte)' ' or (byte)'\t')
                        {
                            work++;
                            j++;
                        }

                        if (s[j..].StartsWith("/dev/"u8))
                        {
                            return new DetectionResult(DetectionReason.CommandRedirection, i, normalized: false);
                        }

                        break;
                    }

                case (byte)'/':
                    if (s[i..].StartsWith("/dev/tcp/"u8) || s[i..].StartsWith("/dev/udp/"u8))
                    {
                        return new DetectionResult(DetectionReason.CommandRedirection, i, normalized: false);
                    }

                    break;

                case (byte)'{':
                    {
                        // Brace expansion {cat,/etc/passwd}: a command and its argument without a space.
                        int end = ReadWord(s, i + 1, scratch, out CommandWordClass cls, out _, ref work);
                        if (cls != CommandWordClass.None && end < s.Length && s[end] == (byte)',')
                        {
                            return new DetectionResult(DetectionReason.ShellExpansion, i, normalized: false);
                        }

                        break;
                    }

                default:
                    if (marks && (IsAsciiLetter(c) || c is (byte)'\'' or (byte)'"' or (byte)'\\'))
                    {
                        int end = ReadWord(s, i, scratch, out CommandWordClass cls, out bool evasive, ref work, onlyIfSplit: true);
                        if (evasive && cls != CommandWordClass.None)
                        {
                            return new DetectionResult(DetectionReason.ShellQuoteEvasion, i, normalized: false);
                        }

                        i = Math.Max(i, end - 1);
                    }

                    break;
            }
        }

        return DetectionResult.Clean;
    }

    // Whether the bytes at 'at' (after a separator) start a command the rules in the remarks accept.
    private static bool CommandAt(ReadOnlySpan<byte> s, int at, Separator kind, bool lowerOnly, Span<byte> scratch, ref long work)
    {
        int j = at;
        while (j < s.Length && s[j] is (byte)' ' or (byte)'\t')
        {
            work++;
            j++;
        }

        bool glued = j == at;

        // A subshell or group: ;(id) ;{ id; }
        if (j < s.Length && s[j] is (byte)'(' or (byte)'{')
        {
            j++;
            while (j < s.Length && s[j] is (byte)' ' or (byte)'\t')
            {
                work++;
                j++;
            }
        }

        if (j >= s.Length)
        {
            return false;
        }

        if (lowerOnly && (uint)(s[j] - 'A') <= 'Z' - 'A')
        {
            return false;
        }

        int end = ReadWord(s, j, scratch, out CommandWordClass cls, out bool evasive, ref work);
        if (cls == CommandWordClass.None)
        {
            return false;
        }

        if (cls == CommandWordClass.Strong || evasive)
        {
            return true;
        }

        // Weak words: what follows must belong to a command line.
        if (end >= s.Length)
        {
            return kind == Separator.Strong || (glued && kind == Separator.Prose);
        }

        byte f = s[end];
        if ((f == (byte)'`' && kind != Separator.Backtick) || f is (byte)')' or (byte)'|' or (byte)'&' or (byte)'>' or (byte)'<' or (byte)'$' || (f == (byte)';' && glued))
        {
            return true;
        }

        if (f is not ((byte)' ' or (byte)'\t'))
        {
            return false;
        }

        int n = end;
        while (n < s.Length && s[n] is (byte)' ' or (byte)'\t')
        {
            work++;
            n++;
        }

        if (n >= s.Length)
        {
            return kind == Separator.Strong || (glued && kind == Separator.Prose);
        }

        byte a = s[n];
        return a is (byte)'-' or (byte)'/' or (byte)'\\' or (byte)'$' or (byte)'~' or (byte)'<' or (byte)'>'
            || (a == (byte)'.' && n + 1 < s.Length && s[n + 1] is (byte)'/' or (byte)'.')
            || (IsAsciiLetter(a) && n + 2 < s.Length && s[n + 1] == (byte)':' && s[n + 2] is (byte)'\\' or (byte)'/')
            || (cls == CommandWordClass.WeakNumeric && IsDigit(a) && NumberEndsCommand(s, n, ref work));
    }

    // "sleep 5", "sleep 5;", "ping 10.0.0.1 #": the number ends the value or a command, not a sentence ("sleep 8 hours").
    private static bool NumberEndsCommand(ReadOnlySpan<byte> s, int n, ref long work)
    {
        int j = n;
        while (j < s.Length && j - n < 64 && (IsDigit(s[j]) || s[j] == (byte)'.'))
        {
            work++;
            j++;
        }

        while (j < s.Length && j - n < 128 && s[j] is (byte)' ' or (byte)'\t')
        {
            work++;
            j++;
        }

        return j >= s.Length || s[j] is (byte)';' or (byte)'|' or (byte)'&' or (byte)'#' or (byte)'`' or (byte)')' or (byte)'>' or (byte)'\n';
    }

    // ${name:offset...}: substring expansion, used to conjure '/' and spaces out of PATH or HOME.
    private static bool SubstringExpansion(ReadOnlySpan<byte> s, int at, ref long work)
    {
        int j = at;
        while (j < s.Length && j - at < 64 && (IsAsciiLetter(s[j]) || IsDigit(s[j]) || s[j] == (byte)'_'))
        {
            work++;
            j++;
        }

        return j > at && j + 1 < s.Length && s[j] == (byte)':' && (IsDigit(s[j + 1]) || s[j + 1] == (byte)' ');
    }

    // Reads a shell word from 'at': letters, digits and _ - . / \ : plus the quotes, backslashes and
    // empty expansions ($@, $*) the shell removes. Returns the index after the word. The word is
    // classified by its last path step, first with backslashes removed (c\at), then with them as
    // Windows separators (C:\Windows\System32\cmd.exe); 'evasive' says a quote, backslash or empty
    // expansion stood between two word characters and the first reading named a command.
    private static int ReadWord(ReadOnlySpan<byte> s, int at, Span<byte> scratch, out CommandWordClass cls, out bool evasive, ref long work, bool onlyIfSplit = false)
    {
        cls = CommandWordClass.None;
        evasive = false;
        int len = 0;
        int unixStep = 0;
        int windowsStep = 0;
        bool upper = false;
        bool lower = false;
        bool pendingMark = false;
        bool interiorMark = false;
        bool overflow = false;
        int i = at;
        while (i < s.Length)
        {
            byte c = s[i];
            work++;
            if (c is (byte)'\'' or (byte)'"')
            {
                pendingMark |= len > 0;
                i++;
                continue;
            }

            if (c == (byte)'\\')
            {
                // Case is judged on the last path step only (C:\Windows\System32\cmd.exe).
                pendingMark |= len > 0;
                windowsStep = len;
                upper = lower = false;
                i++;
                continue;
            }

            if (c == (byte)'$' && i + 1 < s.Length && s[i + 1] is (byte)'@' or (byte)'*')
            {
                pendingMark |= len > 0;
                i += 2;
                continue;
            }

            if (!(IsAsciiLetter(c) || IsDigit(c) || c is (byte)'_' or (byte)'-' or (byte)'.' or (byte)'/' or (byte)':'))
            {
                break;
            }

            if (pendingMark)
            {
                interiorMark = true;
                pendingMark = false;
            }

            if ((uint)(c - 'A') <= 'Z' - 'A')
            {
                upper = true;
                c |= 0x20;
            }
            else if ((uint)(c - 'a') <= 'z' - 'a')
            {
                lower = true;
            }

            if (len < scratch.Length)
            {
                scratch[len++] = c;
                if (c == (byte)'/')
                {
                    unixStep = len;
                    windowsStep = len;
                    upper = lower = false;
                }
            }
            else
            {
                overflow = true;
            }

            i++;
        }

        if (overflow || len == 0 || (onlyIfSplit && !interiorMark))
        {
            return i;
        }

        CommandWordClass unix = Classify(StripExe(scratch[unixStep..len]));
        CommandWordClass windows = windowsStep > unixStep ? Classify(StripExe(scratch[windowsStep..len])) : CommandWordClass.None;
        cls = unix != CommandWordClass.None ? unix : windows;

        // Unix shells are case-sensitive: an English word in capitals is prose, not a command. Windows
        // is not, but a mixed-case word (hostName, Echo) is an identifier or prose.
        if ((upper && cls is CommandWordClass.Weak or CommandWordClass.WeakNumeric) || (upper && lower))
        {
            cls = CommandWordClass.None;
        }

        // Two-letter words are left out: contractions ("i'd", "p's") would read as id and ps.
        evasive = interiorMark && unix != CommandWordClass.None && cls != CommandWordClass.None && len - unixStep >= 3;
        return i;
    }

    private static ReadOnlySpan<byte> StripExe(ReadOnlySpan<byte> w) => w.EndsWith(".exe"u8) ? w[..^4] : w;

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsAsciiLetter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    private static CommandWordClass Classify(ReadOnlySpan<byte> w)
    {
        switch (w.Length)
        {
            case 2:
                if (w.SequenceEqual("id"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ls"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("nc"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("ps"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("rm"u8))
                {
                    return CommandWordClass.WeakNumeric;
                }

                if (w.SequenceEqual("sh"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 3:
                if (w.SequenceEqual("awk"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("cat"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("cmd"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("csh"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("del"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("dig"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("dir"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("env"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ksh"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("lua"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("net"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("php"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("pwd"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("scp"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("set"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ssh"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("who"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("xxd"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("zsh"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 4:
                if (w.SequenceEqual("bash"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("call"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("copy"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("curl"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("echo"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("find"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("gawk"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("grep"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("head"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("host"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("kill"u8))
                {
                    return CommandWordClass.WeakNumeric;
                }

                if (w.SequenceEqual("less"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("more"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("move"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ncat"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("nmap"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("node"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("perl"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ping"u8))
                {
                    return CommandWordClass.WeakNumeric;
                }

                if (w.SequenceEqual("pwsh"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("ruby"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("sftp"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("sudo"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("tail"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("tcsh"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("tftp"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("type"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("wget"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("wmic"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 5:
                if (w.SequenceEqual("chmod"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("chown"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("egrep"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("mshta"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("nohup"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("sleep"u8))
                {
                    return CommandWordClass.WeakNumeric;
                }

                if (w.SequenceEqual("socat"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("start"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("uname"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 6:
                if (w.SequenceEqual("base64"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("getent"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("mkfifo"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("netcat"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("python"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("telnet"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("whoami"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 7:
                if (w.SequenceEqual("busybox"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("crontab"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("cscript"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("netstat"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("python3"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("timeout"u8))
                {
                    return CommandWordClass.WeakNumeric;
                }

                if (w.SequenceEqual("wscript"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 8:
                if (w.SequenceEqual("certutil"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("hostname"u8))
                {
                    return CommandWordClass.Weak;
                }

                if (w.SequenceEqual("ifconfig"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("ipconfig"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("nslookup"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("printenv"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("regsvr32"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("rundll32"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("taskkill"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("tasklist"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 9:
                if (w.SequenceEqual("bitsadmin"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;

            case 10:
                if (w.SequenceEqual("powershell"u8))
                {
                    return CommandWordClass.Strong;
                }

                if (w.SequenceEqual("systeminfo"u8))
                {
                    return CommandWordClass.Strong;
                }
                break;
        }

        return CommandWordClass.None;
    }
}
