using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Json;

/// <summary>
/// Streaming JSON threat guard: judges a request body against <see cref="JsonThreatLimits"/> in
/// one forward pass as it arrives, without building a document and without allocating on the
/// allow path once the instance is warm.
/// </summary>
/// <remarks>
/// <para>
/// The body must be strict RFC 8259 JSON: no comments, no trailing commas, nothing after the
/// top-level value, at least one value (any value, including a scalar, RFC 8259 §2), well-formed
/// UTF-8 everywhere (§8.1) and <c>\u</c> escapes that pair surrogates (§7). A leading UTF-8 byte
/// order mark is refused: §8.1 forbids senders from adding one, and accepting it would let this
/// filter and the service behind it disagree about the first byte of the body.
/// </para>
/// <para>
/// Depth counts containers: the outermost array or object is depth 1. String and name lengths are
/// UTF-8 bytes after unescaping; number lengths are characters of the literal. A refusal carries
/// an RFC 6901 pointer: for a container limit the container, for a string or number the value,
/// for a duplicate name the duplicated member, for a name that is too long or malformed the object
/// holding it, and for a grammar error the innermost open container.
/// </para>
/// <para>Follow the <see cref="IBodyGuard"/> protocol; one instance judges one body at a time.</para>
/// </remarks>
public sealed class JsonGuard : IBodyGuard
{
    private readonly JsonThreatLimits _limits;
    private readonly JsonReaderOptions _readerOptions;
    private readonly JsonScopeStack _scopes;
    private JsonGuardState _state;
    private IReadOnlyList<Violation> _violations = [];

    /// <summary>Creates a guard enforcing <paramref name="limits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is not a positive number.</exception>
    public JsonGuard(JsonThreatLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;

        // The reader's own depth check must never fire before ours (ours names the limit and the
        // spot); one level of headroom is enough because ours refuses the first container too many.
        _readerOptions = new JsonReaderOptions
        {
            MaxDepth = limits.MaxDepth < int.MaxValue ? limits.MaxDepth + 1 : int.MaxValue,
            CommentHandling = JsonCommentHandling.Disallow,
            AllowTrailingCommas = false,
            AllowMultipleValues = false,
        };
        _scopes = new JsonScopeStack(limits.RejectDuplicateNames);
        Reset();
    }

    /// <summary>The limits this guard enforces.</summary>
    public JsonThreatLimits Limits => _limits;

    /// <inheritdoc/>
    public long MaxBodyBytes => _limits.MaxBodyBytes;

    /// <inheritdoc/>
    public Violation? Violation { get; private set; }

    /// <summary>
    /// Every reason the body was refused: the threat-limit refusal alone, or all the violations the
    /// <see cref="Validator"/> collected (its first one is <see cref="Violation"/>). Empty unless refused.
    /// </summary>
    public IReadOnlyList<Violation> Violations => _violations;

    /// <summary>
    /// Optional receiver of the body's tokens, fed in the same pass as the threat limits: the schema
    /// validator of the operation. When it refuses, the guard refuses with its violations. Attach it
    /// after <see cref="Reset"/> and before the first <see cref="Feed"/>; <see cref="Reset"/> detaches it.
    /// </summary>
    public IJsonValidatorSink? Validator { get; set; }

    /// <summary>
    /// Bytes handed to the tokenizer since the last <see cref="Reset"/>, re-presented tails included:
    /// a measure of the work done, which must stay linear in the body size however it arrives.
    /// </summary>
    internal long BytesRead { get; private set; }

    /// <inheritdoc/>
    public GuardStatus Feed(ReadOnlySequence<byte> data, bool isFinalBlock, out long consumed)
    {
        consumed = 0;
        if (Violation is not null)
        {
            return GuardStatus.Refused;
        }

        // Everything presented has arrived; refuse as soon as the body cannot fit, before reading it.
        if (data.Length > _limits.MaxBodyBytes - _state.BodyOffset)
        {
            return RefuseSize();
        }

        if (_state.BodyOffset == 0 && FirstByte(data) == 0xEF)
        {
            // 0xEF cannot start a JSON value; it is almost always a UTF-8 BOM (RFC 8259 §8.1).
            return Refuse(new Violation(
                ViolationCodes.JsonSyntax,
                "",
                "body starts with a UTF-8 byte order mark or a non-JSON byte (RFC 8259 §8.1)",
                0));
        }

        if (!isFinalBlock && _state.Pending != PendingToken.None && data.Length >= _state.PendingLength
            && PendingTokenScanner.IsStillPending(_state.Pending, data.Slice(_state.PendingLength), ref _state.PendingEscape))
        {
            // The token at the start of the tail still cannot end: skip the re-read (see PendingTokenScanner).
            _state.PendingLength = data.Length;
            return GuardStatus.NeedMoreData;
        }

        BytesRead += data.Length;
        var cursor = new JsonGuardCursor(data, isFinalBlock, ref _state, _scopes, _limits, Validator);
        try
        {
            if (!cursor.Run())
            {
                return cursor.SinkRefused ? RefuseByValidator() : Refuse(cursor.Refusal!);
            }
        }
        catch (JsonException exception)
        {
            // The reader reports grammar errors by throwing; this is the refusal path.
            return Refuse(new Violation(
                ViolationCodes.JsonSyntax,
                _scopes.BuildPointer(_scopes.Depth - 1),
                JsonGuardCursor.DescribeSyntaxError(exception),
                cursor.ErrorOffset));
        }

        consumed = cursor.BytesConsumed;
        if (!isFinalBlock)
        {
            ReadOnlySequence<byte> tail = data.Slice(consumed);
            _state.Pending = PendingTokenScanner.Classify(tail, out _state.PendingEscape);
            _state.PendingLength = tail.Length;
            return GuardStatus.NeedMoreData;
        }

        return Finish(data, consumed);
    }

    /// <inheritdoc/>
    public void Reset()
    {
        _state = new JsonGuardState { ReaderState = new JsonReaderState(_readerOptions) };
        _scopes.Clear();
        Violation = null;
        _violations = [];
        Validator = null;
        BytesRead = 0;
    }

    /// <summary>End of body: the reader has already checked the grammar; check what it cannot.</summary>
    private GuardStatus Finish(ReadOnlySequence<byte> data, long consumed)
    {
        if (!_state.SawToken)
        {
            // RFC 8259 §2: a JSON text is one value surrounded by optional whitespace.
            return Refuse(new Violation(ViolationCodes.JsonSyntax, "", "body is empty or only whitespace (RFC 8259 §2)", _state.BodyOffset));
        }

        if (_scopes.Depth != 0 || !IsWhitespace(data.Slice(consumed)))
        {
            return Refuse(new Violation(
                ViolationCodes.JsonSyntax,
                _scopes.BuildPointer(_scopes.Depth - 1),
                "body ends inside a value or has bytes after the top-level value (RFC 8259 §2)",
                _state.BodyOffset));
        }

        if (Validator is not null && !Validator.Finish())
        {
            return RefuseByValidator();
        }

        return GuardStatus.Allowed;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private GuardStatus RefuseByValidator()
    {
        IReadOnlyList<Violation> violations = Validator!.Violations;
        if (violations.Count == 0)
        {
            // A sink that stops must say why; fail closed if it did not.
            return Refuse(new Violation(ViolationCodes.SchemaFalse, "", "the body was refused by its schema", -1, "body", null));
        }

        Violation = violations[0];
        _violations = violations;
        return GuardStatus.Refused;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private GuardStatus RefuseSize()
    {
        long limit = _limits.MaxBodyBytes;
        return Refuse(new Violation(
            ViolationCodes.JsonSize,
            "",
            $"body is larger than {limit} bytes (limit json.size = {limit})",
            limit));
    }

    private GuardStatus Refuse(Violation violation)
    {
        Violation = violation;
        _violations = [violation];
        return GuardStatus.Refused;
    }

    private static int FirstByte(in ReadOnlySequence<byte> data)
    {
        foreach (ReadOnlyMemory<byte> segment in data)
        {
            if (!segment.IsEmpty)
            {
                return segment.Span[0];
            }
        }

        return -1;
    }

    /// <summary>RFC 8259 §2 whitespace: space, tab, line feed, carriage return.</summary>
    private static bool IsWhitespace(in ReadOnlySequence<byte> rest)
    {
        foreach (ReadOnlyMemory<byte> segment in rest)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }
}
