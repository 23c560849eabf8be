using ApiFilter.Pipeline;

namespace ApiFilter.Multipart;

/// <summary>
/// Tokenizes one span of a <c>multipart/form-data</c> body into framing events (RFC 2046 section
/// 5.1.1), resuming from and saving to a <see cref="MultipartScannerState"/>, so a body arriving
/// in any number of segments is read exactly as if it came in one.
/// </summary>
/// <remarks>
/// <para>
/// The delimiter search is linear: it looks for <c>LF "--" boundary</c>, jumping between line
/// feeds with a vectorized search and comparing at most the delimiter's length after each. Since a
/// line feed appears only at the pattern's start, a failed comparison resumes at the byte that
/// failed, never earlier, so each byte is looked at no more than twice; a partial match at the end
/// of a span carries over in <see cref="MultipartScannerState.Matched"/>.
/// </para>
/// <para>
/// Line endings are CRLF only. A delimiter line ended or started by a bare LF is refused, not
/// skipped: RFC 2046 requires CRLF, but some parsers accept LF alone, and a body that one parser
/// splits into parts where another sees plain content is a classic filter bypass. For the same
/// reason a delimiter followed by anything but transport padding and CRLF (or <c>--</c>) is
/// refused rather than read as content, and so is a delimiter in the epilogue.
/// </para>
/// </remarks>
internal ref struct MultipartScanner
{
    private readonly ref MultipartScannerState _state;
    private readonly ReadOnlySpan<byte> _delimiter;
    private readonly Span<byte> _headers;
    private readonly ReadOnlySpan<byte> _data;
    private readonly long _spanStart;
    private int _index;

    /// <param name="state">The saved state; updated as the span is read.</param>
    /// <param name="delimiter"><c>LF "--" boundary</c>.</param>
    /// <param name="headers">Buffer for a part's header block; its length is the header size limit.</param>
    /// <param name="data">The next span of the body.</param>
    public MultipartScanner(ref MultipartScannerState state, ReadOnlySpan<byte> delimiter, Span<byte> headers, ReadOnlySpan<byte> data)
    {
        _state = ref state;
        _delimiter = delimiter;
        _headers = headers;
        _data = data;
        _spanStart = state.Offset;
        _index = 0;
    }

    /// <summary>Content bytes for <see cref="MultipartEvent.Content"/> and <see cref="MultipartEvent.PartEnd"/>.</summary>
    public ReadOnlySpan<byte> Content { get; private set; }

    /// <summary>For <see cref="MultipartEvent.PartEnd"/>: how many content bytes reported for the part belong to the delimiter.</summary>
    public int Trim { get; private set; }

    /// <summary>Body offset of the next byte.</summary>
    public readonly long Position => _spanStart + _index;

    /// <summary>Reads up to the next event.</summary>
    public MultipartEvent Next()
    {
        ref MultipartScannerState s = ref _state;
        ReadOnlySpan<byte> data = _data;
        while (_index < data.Length)
        {
            switch (s.Phase)
            {
                case MultipartPhase.Preamble:
                    if (SearchDelimiter())
                    {
                        if (!s.MatchAfterCr)
                        {
                            return Error(ViolationCodes.MultipartSyntax, "a delimiter line follows a bare LF; RFC 2046 §5.1.1 requires CRLF", s.MatchStart);
                        }

                        s.Phase = MultipartPhase.DelimiterTail;
                    }

                    break;

                case MultipartPhase.Content:
                {
                    int start = _index;
                    bool found = SearchDelimiter();
                    Content = data[start.._index];
                    if (!found)
                    {
                        return MultipartEvent.Content;
                    }

                    if (!s.MatchAfterCr)
                    {
                        return Error(ViolationCodes.MultipartSyntax, "a delimiter line follows a bare LF; RFC 2046 §5.1.1 requires CRLF", s.MatchStart);
                    }

                    long delimiterStart = s.MatchStart - 1;
                    if (delimiterStart < s.ContentStart)
                    {
                        // "headers CRLF CRLF --boundary": the blank line's CRLF would double as the
                        // delimiter's. The grammar reads it as a part without content, but parsers
                        // disagree; an empty part is sent as headers, blank line, CRLF, delimiter.
                        return Error(ViolationCodes.MultipartSyntax, "a delimiter directly follows a part's blank line; an empty part needs its own CRLF before the delimiter", s.ContentStart);
                    }

                    Trim = (int)(Position - delimiterStart);
                    s.Phase = MultipartPhase.DelimiterTail;
                    return MultipartEvent.PartEnd;
                }

                case MultipartPhase.Epilogue:
                    if (SearchDelimiter())
                    {
                        return Error(ViolationCodes.MultipartSyntax, "the epilogue holds a delimiter line after the close delimiter; some parsers would read another part", s.MatchStart);
                    }

                    break;

                case MultipartPhase.Headers:
                {
                    MultipartEvent e = ReadHeaders();
                    if (e != MultipartEvent.EndOfData)
                    {
                        return e;
                    }

                    break;
                }

                default:
                {
                    MultipartEvent e = ReadDelimiterTail(data[_index]);
                    s.Examined++;
                    _index++;
                    if (e != MultipartEvent.EndOfData)
                    {
                        return e;
                    }

                    break;
                }
            }
        }

        if (!data.IsEmpty)
        {
            s.LastByte = data[^1];
        }

        return MultipartEvent.EndOfData;
    }

    /// <summary>
    /// Advances to just past the next complete delimiter (true) or to the end of the span (false).
    /// </summary>
    private bool SearchDelimiter()
    {
        ref MultipartScannerState s = ref _state;
        ReadOnlySpan<byte> data = _data;
        ReadOnlySpan<byte> delimiter = _delimiter;
        int i = _index;
        while (i < data.Length)
        {
            if (s.Matched == 0)
            {
                int j = data[i..].IndexOf((byte)'\n');
                if (j < 0)
                {
                    s.Examined += data.Length - i;
                    i = data.Length;
                    break;
                }

                s.Examined += j + 1;
                int lf = i + j;
                s.MatchAfterCr = (lf > 0 ? data[lf - 1] : s.LastByte) == (byte)'\r';
                s.MatchStart = _spanStart + lf;
                s.Matched = 1;
                i = lf + 1;
            }
            else
            {
                int want = Math.Min(delimiter.Length - s.Matched, data.Length - i);
                int same = data.Slice(i, want).CommonPrefixLength(delimiter.Slice(s.Matched, want));
                if (same == want)
                {
                    s.Examined += want;
                    s.Matched += want;
                    i += want;
                    if (s.Matched == delimiter.Length)
                    {
                        s.Matched = 0;
                        _index = i;
                        return true;
                    }
                }
                else
                {
                    // The byte that differs may itself start a match (a line feed): look at it again.
                    s.Examined += same + 1;
                    s.Matched = 0;
                    i += same;
                }
            }
        }

        _index = i;
        return false;
    }

    /// <summary>One byte of what follows <c>--boundary</c> (RFC 2046: transport padding, CRLF or <c>--</c>).</summary>
    private MultipartEvent ReadDelimiterTail(byte b)
    {
        ref MultipartScannerState s = ref _state;
        switch (s.Phase)
        {
            case MultipartPhase.DelimiterTail:
                if (b == (byte)'-')
                {
                    s.Phase = MultipartPhase.CloseDash;
                    return MultipartEvent.EndOfData;
                }

                goto case MultipartPhase.Padding;

            case MultipartPhase.Padding:
                if (b is (byte)' ' or (byte)'\t')
                {
                    s.Phase = MultipartPhase.Padding;
                    return MultipartEvent.EndOfData;
                }

                if (b == (byte)'\r')
                {
                    s.Phase = MultipartPhase.PaddingLf;
                    return MultipartEvent.EndOfData;
                }

                return Error(ViolationCodes.MultipartSyntax, "a delimiter is followed by something other than CRLF or '--' (RFC 2046 §5.1.1); the boundary appears inside the content", Position);

            case MultipartPhase.PaddingLf:
                if (b != (byte)'\n')
                {
                    return Error(ViolationCodes.MultipartSyntax, "a delimiter line ends with a CR not followed by LF (RFC 2046 §5.1.1)", Position);
                }

                s.Phase = MultipartPhase.Headers;
                s.PartStart = Position + 1;
                s.HeaderLength = 0;
                s.HeaderLineStart = 0;
                return MultipartEvent.PartStart;

            case MultipartPhase.CloseDash:
                if (b != (byte)'-')
                {
                    return Error(ViolationCodes.MultipartSyntax, "a delimiter is followed by something other than CRLF or '--' (RFC 2046 §5.1.1); the boundary appears inside the content", Position);
                }

                s.Phase = MultipartPhase.ClosePadding;
                return MultipartEvent.Close;

            case MultipartPhase.ClosePadding:
                if (b is (byte)' ' or (byte)'\t')
                {
                    return MultipartEvent.EndOfData;
                }

                if (b == (byte)'\r')
                {
                    s.Phase = MultipartPhase.CloseLf;
                    return MultipartEvent.EndOfData;
                }

                return Error(ViolationCodes.MultipartSyntax, "the close delimiter is followed by something other than CRLF (RFC 2046 §5.1.1)", Position);

            default: // CloseLf
                if (b != (byte)'\n')
                {
                    return Error(ViolationCodes.MultipartSyntax, "the close delimiter line ends with a CR not followed by LF (RFC 2046 §5.1.1)", Position);
                }

                s.EnterAtLineStart(MultipartPhase.Epilogue, Position + 1);
                return MultipartEvent.EndOfData;
        }
    }

    /// <summary>Copies header bytes to the header buffer a line at a time, up to the blank line.</summary>
    private MultipartEvent ReadHeaders()
    {
        ref MultipartScannerState s = ref _state;
        ReadOnlySpan<byte> data = _data;
        while (_index < data.Length)
        {
            int j = data[_index..].IndexOf((byte)'\n');
            int take = j < 0 ? data.Length - _index : j + 1;
            if (take > _headers.Length - s.HeaderLength)
            {
                return Error(ViolationCodes.MultipartPartHeaders, null, s.PartStart);
            }

            data.Slice(_index, take).CopyTo(_headers[s.HeaderLength..]);
            s.HeaderLength += take;
            s.Examined += take;
            _index += take;
            if (j < 0)
            {
                break;
            }

            int lf = s.HeaderLength - 1;
            if (lf == s.HeaderLineStart || _headers[lf - 1] != (byte)'\r')
            {
                return Error(ViolationCodes.MultipartSyntax, "a part header line ends with a bare LF; RFC 2046 and RFC 9112 §2.2 require CRLF", Position - 1);
            }

            if (lf - 1 == s.HeaderLineStart)
            {
                s.ContentStart = Position;
                s.EnterAtLineStart(MultipartPhase.Content, Position);
                return MultipartEvent.HeadersComplete;
            }

            s.HeaderLineStart = s.HeaderLength;
        }

        return MultipartEvent.EndOfData;
    }

    private readonly MultipartEvent Error(string code, string? message, long offset)
    {
        _state.ErrorCode = code;
        _state.ErrorMessage = message;
        _state.ErrorOffset = offset;
        return MultipartEvent.Error;
    }
}
