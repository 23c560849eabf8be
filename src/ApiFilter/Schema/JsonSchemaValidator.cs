using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using ApiFilter.Json;
using ApiFilter.Pipeline;

namespace ApiFilter.Schema;

/// <summary>
/// Validates one JSON value against a <see cref="SchemaProgram"/> token by token, as it streams
/// (see <see cref="IJsonTokenSink"/>): no document is built and no token is read twice. Pooled:
/// one instance validates one value at a time and is reused after <see cref="Reset"/>; a warm
/// instance allocates nothing for a valid value.
/// </summary>
/// <remarks>
/// <para>
/// Every schema that applies to the current value is an <em>evaluation</em>. When a value starts,
/// the evaluations of its container apply their child keywords (<c>properties</c>, <c>items</c>, …)
/// and every new evaluation expands its in-place applicators (<c>$ref</c>, <c>allOf</c>,
/// <c>anyOf</c>, <c>oneOf</c>, <c>not</c>, <c>if</c>/<c>then</c>/<c>else</c>,
/// <c>dependentSchemas</c>, discriminator targets) into more evaluations of the same value, so all
/// branches run side by side. Evaluations live on a stack, one segment per open container; when a
/// value ends, its evaluations are finished newest first, so every in-place child reports to its
/// parent before the parent decides.
/// </para>
/// <para>
/// Under a keyword that may tolerate a failing subschema (<c>anyOf</c>, <c>oneOf</c>, <c>not</c>,
/// <c>if</c>, <c>contains</c>, <c>dependentSchemas</c>, a discriminator, <c>unevaluated*</c>) a
/// violation is provisional: it is kept in a compact record, without allocating, until the parent
/// decides whether it counts. Only violations that count become <see cref="Violation"/> objects.
/// <c>unevaluatedProperties</c>/<c>unevaluatedItems</c> see the annotations (2020-12 core section
/// 7.7.1) of passing subschemas only, through a log of which member each evaluation covered.
/// </para>
/// <para>
/// <c>enum</c>, <c>const</c> and <c>uniqueItems</c> compare values in their canonical form (see
/// <see cref="CanonicalJson"/>), written while the value streams: a hash first, the bytes on a
/// hash match.
/// </para>
/// </remarks>
public sealed class JsonSchemaValidator : IJsonValidatorSink
{
    /// <summary>Default number of violations collected before the validator stops reading.</summary>
    public const int DefaultMaxViolations = 10;

    /// <summary>Nested in-place applicators (a <c>$ref</c> chain) beyond this depth are refused: a reference loop that consumes no input.</summary>
    private const int MaxExpansionDepth = 128;

    private readonly List<Violation> _violations = [];
    private SchemaProgram _program = null!;
    private SchemaNode[] _nodes = [];
    private int[] _lists = [];
    private int[] _redirect = [];
    private SchemaNameSlot[] _nameSlots = [];
    private int _entry;
    private ValidationDirection _direction;
    private int _maxViolations = DefaultMaxViolations;
    private string? _location;
    private string _pointerPrefix = "";

    private Eval[] _evals = new Eval[64];
    private int _evalCount;
    private int _seq;
    private Level[] _levels = new Level[16];
    private int _depth;
    private App[] _apps = new App[32];
    private int _appCount;
    private ulong[] _bits = new ulong[64];
    private int _bitCount;
    private LogEntry[] _log = new LogEntry[64];
    private int _logCount;
    private Record[] _records = new Record[32];
    private int _recordCount;
    private byte[] _pointers = new byte[1024];
    private int _pointerLength;
    private byte[] _canon = new byte[1024];
    private int _canonLength;
    private int _captureActive;
    private int[] _members = new int[64];
    private int _memberCount;
    private UniqueEntry[] _unique = new UniqueEntry[64];
    private int _uniqueCount;
    private byte[] _names = new byte[256];
    private int _namesLength;
    private byte[] _sortScratch = new byte[256];
    private MemberSpan[] _spans = new MemberSpan[16];
    private int _expansionDepth;

    private int _valueFrames;
    private bool _stop;
    private bool _rootFailed;
    private bool _done;

    /// <summary>Creates an idle validator; call <see cref="Reset"/> before feeding it.</summary>
    public JsonSchemaValidator()
    {
    }

    /// <inheritdoc/>
    public IReadOnlyList<Violation> Violations => _violations;

    /// <summary>True once a complete value has been received.</summary>
    public bool IsComplete => _done;

    /// <summary>
    /// Prepares to validate one value against entry point <paramref name="entry"/> of
    /// <paramref name="program"/>. Keeps the pooled storage of earlier values.
    /// </summary>
    /// <param name="program">The compiled schemas.</param>
    /// <param name="entry">An entry index returned by <see cref="SchemaCompiler.AddSchema(Uri, string)"/>.</param>
    /// <param name="direction">Request: <c>readOnly</c> properties are refused; Response: <c>writeOnly</c> ones are.</param>
    /// <param name="maxViolations">Violations collected before the validator stops reading (at least 1).</param>
    /// <param name="location">Where the value is, for <see cref="Violation.Location"/>: <c>body</c>, <c>query</c>, …</param>
    /// <param name="pointerPrefix">Prepended to every instance pointer (e.g. a parameter's own pointer), usually empty.</param>
    public void Reset(
        SchemaProgram program,
        int entry,
        ValidationDirection direction = ValidationDirection.None,
        int maxViolations = DefaultMaxViolations,
        string? location = "body",
        string pointerPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentOutOfRangeException.ThrowIfNegative(entry);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(entry, program.EntryCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxViolations, 1);
        ArgumentNullException.ThrowIfNull(pointerPrefix);
        _program = program;
        _nodes = program.Nodes;
        _lists = program.Lists;
        _redirect = program.Redirect;
        _nameSlots = program.NameSlots;
        _entry = program.Entries[entry];
        _direction = direction;
        _maxViolations = maxViolations;
        _location = location;
        _pointerPrefix = pointerPrefix;
        Clear();
    }

    private void Clear()
    {
        _violations.Clear();
        _evalCount = 0;
        _seq = 0;
        _depth = 0;
        _appCount = 0;
        _bitCount = 0;
        _logCount = 0;
        _recordCount = 0;
        _pointerLength = 0;
        _canonLength = 0;
        _captureActive = 0;
        _memberCount = 0;
        _uniqueCount = 0;
        _namesLength = 0;
        _expansionDepth = 0;
        _stop = false;
        TracksStringDetection = false;
        StringDetection = 0;
        _rootFailed = false;
        _done = false;
    }

    /// <inheritdoc/>
    public bool Finish()
    {
        if (!_done)
        {
            if (!_stop)
            {
                AddViolation(new Violation(ViolationCodes.SchemaType, _pointerPrefix, "no complete JSON value was received", -1, _location, _program.Locations[_entry]));
            }

            return false;
        }

        if (_rootFailed && _violations.Count == 0)
        {
            // Every failure records why; this is a guard against a missed record, failing closed.
            AddViolation(new Violation(ViolationCodes.SchemaFalse, _pointerPrefix, "value does not match the schema", -1, _location, _program.Locations[_entry]));
        }

        return _violations.Count == 0;
    }

    // ------------------------------------------------------------------ token sink

    /// <inheritdoc/>
    public bool StartObject() => BeginContainer(ValueKind.Object);

    /// <inheritdoc/>
    public bool StartArray() => BeginContainer(ValueKind.Array);

    /// <inheritdoc/>
    public bool EndObject() => EndContainer();

    /// <inheritdoc/>
    public bool EndArray() => EndContainer();

    /// <inheritdoc/>
    public bool String(ReadOnlySpan<byte> utf8Value) => Scalar(ValueKind.String, utf8Value);

    /// <inheritdoc/>
    public bool Number(ReadOnlySpan<byte> literal) => Scalar(ValueKind.Number, literal);

    /// <inheritdoc/>
    public bool Boolean(bool value) => Scalar(value ? ValueKind.True : ValueKind.False, default);

    /// <inheritdoc/>
    public bool Null() => Scalar(ValueKind.Null, default);

    /// <inheritdoc/>
    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        if (_stop)
        {
            return false;
        }

        ref Level level = ref _levels[_depth - 1];
        level.Count++;
        int member = level.Count - 1;

        // The current member name of this object, for pointers; deeper names are closed by now.
        _namesLength = level.NameStart;
        EnsureBytes(ref _names, _namesLength + utf8Name.Length);
        utf8Name.CopyTo(_names.AsSpan(_namesLength));
        level.NameLength = utf8Name.Length;
        _namesLength += utf8Name.Length;

        if (level.Capturing)
        {
            EnsureInts(ref _members, _memberCount + 1);
            _members[_memberCount++] = _canonLength;
            EnsureCanon(4 + utf8Name.Length);
            BinaryPrimitives.WriteInt32LittleEndian(_canon.AsSpan(_canonLength), utf8Name.Length);
            utf8Name.CopyTo(_canon.AsSpan(_canonLength + 4));
            _canonLength += 4 + utf8Name.Length;
        }

        int start = level.EvalStart;
        int end = _evalCount;

        // propertyNames first: each name is a string value of its own, judged on the spot.
        if (level.PropertyNames)
        {
            for (int i = start; i < end; i++)
            {
                int names = _nodes[_evals[i].Node].PropertyNames;
                if (names >= 0)
                {
                    AddApp(names, i, SchemaRole.PropertyNames, member);
                }
            }

            if (_appCount > 0)
            {
                _valueFrames = _depth;
                EvaluateScalar(ValueKind.String, utf8Name, canonical: false);
            }
        }

        for (int i = start; i < end; i++)
        {
            MemberApps(i, utf8Name, member);
        }

        return !_stop;
    }

    // ------------------------------------------------------------------ values

    /// <summary>
    /// What the schemas applying to the last string value say about its attack detection (see
    /// <see cref="SchemaDetectionHints"/>): schemas the value must pass (reached through
    /// properties, items or the root, outside anyOf/oneOf/not/if/contains) decide; when there is
    /// none, the value is safe only if every candidate says so. Read by the detection sink right
    /// after <see cref="String"/>.
    /// </summary>
    internal ushort StringDetection { get; private set; }

    /// <summary>Set by a detection sink after <see cref="Reset"/>: only then is <see cref="StringDetection"/> worked out.</summary>
    internal bool TracksStringDetection { get; set; }

    private ushort StringDetectionOfApps()
    {
        ushort[] hints = _program.DetectionHints;
        bool anyCertain = false;
        bool certainSafe = false;
        bool certainExplicit = false;
        ushort chosen = SchemaDetectionHints.Mask;
        bool allSafe = _appCount > 0;
        ushort extra = 0;
        ushort report = 0;
        for (int a = 0; a < _appCount; a++)
        {
            ref App app = ref _apps[a];
            ushort h = hints[app.Node];
            bool certain = !IsSpeculative(app.Role) && (app.Parent < 0 || _evals[app.Parent].OwnerSeq == -1);
            if (certain)
            {
                report |= (ushort)(h & SchemaDetectionHints.ReportOnly);
            }

            if ((h & SchemaDetectionHints.Explicit) != 0)
            {
                if (certain)
                {
                    certainExplicit = true;
                    chosen &= (ushort)(h & SchemaDetectionHints.Mask);
                }

                allSafe = false;
                continue;
            }

            bool safe = (h & SchemaDetectionHints.Safe) != 0;
            extra |= (ushort)(h & SchemaDetectionHints.Mask);
            allSafe &= safe;
            if (certain)
            {
                anyCertain = true;
                certainSafe |= safe;
            }
        }

        if (certainExplicit)
        {
            return (ushort)(SchemaDetectionHints.Explicit | chosen | report);
        }

        bool isSafe = anyCertain ? certainSafe : allSafe;
        return (ushort)((isSafe ? SchemaDetectionHints.Safe : 0) | extra | report);
    }

    private bool Scalar(ValueKind kind, ReadOnlySpan<byte> value)
    {
        if (_stop)
        {
            return false;
        }

        int valueStart = _canonLength;
        bool keep = BeginValueApps(kind, value);
        if (kind == ValueKind.String && TracksStringDetection)
        {
            StringDetection = StringDetectionOfApps();
        }

        _valueFrames = _depth;
        EvaluateScalar(kind, value, canonical: true);
        EndValue(valueStart, keep);
        return !_stop;
    }

    private bool BeginContainer(ValueKind kind)
    {
        if (_stop)
        {
            return false;
        }

        int valueStart = _canonLength;
        bool keep = BeginValueApps(kind, default);
        int evalStart = _evalCount;
        _expansionDepth = 0;
        for (int a = 0; a < _appCount; a++)
        {
            App app = _apps[a];
            Instantiate(app.Node, app.Parent, app.Role, app.Arg, kind);
        }

        _appCount = 0;
        if (_depth == _levels.Length)
        {
            Array.Resize(ref _levels, _levels.Length * 2);
        }

        bool needsOwn = false;
        bool unique = false;
        bool propertyNames = false;
        for (int i = evalStart; i < _evalCount; i++)
        {
            ref SchemaNode node = ref _nodes[_evals[i].Node];
            needsOwn |= (node.Flags & SchemaNodeFlags.NeedsCanonical) != 0;
            unique |= (node.Flags & SchemaNodeFlags.UniqueItems) != 0;
            propertyNames |= node.PropertyNames >= 0;
        }

        bool capture = keep || needsOwn;
        ref Level level = ref _levels[_depth++];
        level = new Level
        {
            IsArray = kind == ValueKind.Array,
            EvalStart = evalStart,
            NameStart = _namesLength,
            LogStart = _logCount,
            BitStart = _bitCount,
            CanonStart = valueStart,
            Capturing = capture,
            Keep = keep,
            NeedElementCanon = kind == ValueKind.Array && unique,
            MemberStart = _memberCount,
            UniqueStart = _uniqueCount,
            PropertyNames = kind == ValueKind.Object && propertyNames,
        };

        if (capture)
        {
            _captureActive++;
            EnsureCanon(1);
            _canon[_canonLength++] = kind == ValueKind.Array ? CanonicalJson.ArrayStart : CanonicalJson.ObjectStart;
        }

        _valueFrames = _depth - 1;
        for (int i = evalStart; i < _evalCount; i++)
        {
            StartContainerEval(i, kind);
        }

        return !_stop;
    }

    private bool EndContainer()
    {
        if (_stop)
        {
            return false;
        }

        ref Level level = ref _levels[_depth - 1];
        ValueKind kind = level.IsArray ? ValueKind.Array : ValueKind.Object;
        if (level.Capturing)
        {
            if (!level.IsArray)
            {
                SortMembers(level.MemberStart, _memberCount);
            }

            EnsureCanon(1);
            _canon[_canonLength++] = level.IsArray ? CanonicalJson.ArrayEnd : CanonicalJson.ObjectEnd;
            _captureActive--;
        }

        _memberCount = level.MemberStart;
        _valueFrames = _depth - 1;
        int logMark = _logCount;
        for (int i = _evalCount - 1; i >= level.EvalStart; i--)
        {
            FinishEval(i, kind);
        }

        // Annotations for the enclosing array (contains matches) were logged while finishing:
        // keep them, drop this container's own log.
        int moved = _logCount - logMark;
        if (moved > 0 && logMark != level.LogStart)
        {
            Array.Copy(_log, logMark, _log, level.LogStart, moved);
        }

        _logCount = level.LogStart + moved;
        _evalCount = level.EvalStart;
        _bitCount = level.BitStart;
        _uniqueCount = level.UniqueStart;
        _namesLength = level.NameStart;
        int valueStart = level.CanonStart;
        bool keep = level.Keep;
        _depth--;
        EndValue(valueStart, keep);
        return !_stop;
    }

    /// <summary>
    /// A value starts: counts it in its container, records a discriminator value and collects the
    /// schemas its container's evaluations apply to it. Returns true when its canonical form must
    /// outlive it (an enclosing value is being captured, or it is an element under uniqueItems).
    /// </summary>
    private bool BeginValueApps(ValueKind kind, ReadOnlySpan<byte> value)
    {
        if (_depth == 0)
        {
            if (_done)
            {
                _stop = true; // a second top-level value: the producer guarantees this never happens
                return false;
            }

            AddApp(_entry, -1, SchemaRole.Root, 0);
            return false;
        }

        ref Level level = ref _levels[_depth - 1];
        if (level.IsArray)
        {
            int index = level.Count++;
            for (int i = level.EvalStart; i < _evalCount; i++)
            {
                ItemApps(i, index);
            }

            return _captureActive > 0 || level.NeedElementCanon;
        }

        if (level.DiscriminatorPending)
        {
            level.DiscriminatorPending = false;
            for (int i = level.EvalStart; i < _evalCount; i++)
            {
                ref Eval e = ref _evals[i];
                if (e.DiscriminatorPending)
                {
                    e.DiscriminatorPending = false;
                    e.DiscriminatorSelected = kind == ValueKind.String ? SelectDiscriminator(ref _nodes[e.Node], value) : -3;
                }
            }
        }

        return _captureActive > 0;
    }

    /// <summary>A value ended: records it for uniqueItems and drops its canonical bytes unless they are still needed.</summary>
    private void EndValue(int valueStart, bool keep)
    {
        if (_depth == 0)
        {
            _done = true;
        }
        else
        {
            ref Level parent = ref _levels[_depth - 1];
            if (parent.IsArray && parent.NeedElementCanon)
            {
                EnsureUnique();
                _unique[_uniqueCount++] = new UniqueEntry
                {
                    Hash = CanonicalJson.Hash(_canon.AsSpan(valueStart, _canonLength - valueStart)),
                    Start = valueStart,
                    Length = _canonLength - valueStart,
                    Index = parent.Count - 1,
                };
                parent.UniqueSorted = false;
            }
        }

        if (!keep)
        {
            _canonLength = valueStart;
        }
    }

    /// <summary>Instantiates the collected schemas for a scalar, judges it, finishes the evaluations.</summary>
    private void EvaluateScalar(ValueKind kind, ReadOnlySpan<byte> value, bool canonical)
    {
        int evalStart = _evalCount;
        _expansionDepth = 0;
        bool needsCanonical = canonical && _captureActive > 0;
        if (canonical && !needsCanonical && _depth > 0)
        {
            ref Level parent = ref _levels[_depth - 1];
            needsCanonical = parent.IsArray && parent.NeedElementCanon;
        }

        // The common case: every schema for this value is reached in a role whose passing tells
        // its parent nothing (a property, an item, the root), and the value passes them all. Then
        // the value is only judged (see ScalarVerdict); evaluations are instantiated only when
        // that cannot be shown, and the general path below decides and records why.
        bool fast = true;
        for (int a = 0; a < _appCount; a++)
        {
            ref App app = ref _apps[a];
            app.Node = _redirect[app.Node];
            fast &= app.Role is SchemaRole.Root or SchemaRole.Property or SchemaRole.PatternProperty or SchemaRole.AdditionalProperty
                or SchemaRole.PropertyNames or SchemaRole.PrefixItem or SchemaRole.Item;
            needsCanonical |= (_nodes[app.Node].Flags & SchemaNodeFlags.NeedsCanonical) != 0;
        }

        if (!fast)
        {
            InstantiateApps(kind);
            needsCanonical |= EvaluationsNeedCanonical(evalStart);
        }

        var scalar = new ScalarFacts { CodePoints = -1, CanonStart = _canonLength, CanonLength = -1 };
        if (kind == ValueKind.Number)
        {
            scalar.Small = JsonSmallDecimal.Parse(value);
            if (scalar.Small.IsValid)
            {
                scalar.Integral = scalar.Small.IsIntegral;
                scalar.IntegralKnown = true;
            }

            // Otherwise integrality comes with the canonical form, or is worked out when a "type"
            // without "number" asks for it.
        }

        if (needsCanonical)
        {
            WriteCanonical(kind, value, ref scalar);
        }

        if (fast)
        {
            bool pass = true;
            for (int a = 0; a < _appCount && pass; a++)
            {
                pass = ScalarVerdict(_apps[a].Node, kind, value, ref scalar, 0) == Verdict3.Pass;
            }

            if (!pass)
            {
                InstantiateApps(kind);
                if (scalar.CanonLength < 0 && EvaluationsNeedCanonical(evalStart))
                {
                    WriteCanonical(kind, value, ref scalar);
                }
            }
        }

        _appCount = 0;
        for (int i = evalStart; i < _evalCount; i++)
        {
            ScalarEval(i, kind, value, ref scalar);
        }

        for (int i = _evalCount - 1; i >= evalStart; i--)
        {
            FinishEval(i, kind);
        }

        _evalCount = evalStart;
        if (!canonical)
        {
            _canonLength = scalar.CanonStart;
        }
    }

    private bool EvaluationsNeedCanonical(int evalStart)
    {
        for (int i = evalStart; i < _evalCount; i++)
        {
            if ((_nodes[_evals[i].Node].Flags & SchemaNodeFlags.NeedsCanonical) != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the scalar's canonical form (for enum, const, uniqueItems and captured containers).</summary>
    private void WriteCanonical(ValueKind kind, ReadOnlySpan<byte> value, ref ScalarFacts scalar)
    {
        if (kind == ValueKind.Number)
        {
            // The canonical form also tells whether the value is an integer (2020-12 validation
            // section 6.1.1: 1.0 is an integer).
            EnsureCanon(CanonicalJson.NumberRoom(value.Length));
            int length = CanonicalJson.WriteNumber(value, _canon.AsSpan(_canonLength), out scalar.Integral);
            scalar.CanonLength = length;
            scalar.IntegralKnown = true;
            _canonLength += length;
        }
        else
        {
            WriteScalarCanonical(kind, value);
            scalar.CanonLength = _canonLength - scalar.CanonStart;
        }
    }

    private void InstantiateApps(ValueKind kind)
    {
        for (int a = 0; a < _appCount; a++)
        {
            App app = _apps[a];
            Instantiate(app.Node, app.Parent, app.Role, app.Arg, kind);
        }

        _appCount = 0;
    }

    /// <summary>
    /// Whether a scalar certainly passes, certainly fails, or cannot be told here, against
    /// <paramref name="node"/> and the subschemas it applies in place. Only what the general path
    /// would conclude the same way is answered: <c>$ref</c>, <c>allOf</c>, <c>anyOf</c> and
    /// <c>oneOf</c> over nodes whose own keywords are judged by <see cref="LeafPasses"/>; anything
    /// else (not, if, $dynamicRef, readOnly/writeOnly, the false schema, unevaluated*, an enum or
    /// const without the canonical form written) is unknown.
    /// </summary>
    private Verdict3 ScalarVerdict(int node, ValueKind kind, ReadOnlySpan<byte> value, ref ScalarFacts facts, int depth)
    {
        node = _redirect[node];
        ref SchemaNode n = ref _nodes[node];
        const SchemaNodeFlags Unsupported = SchemaNodeFlags.False | SchemaNodeFlags.ReadOnly | SchemaNodeFlags.WriteOnly;
        if ((n.Flags & Unsupported) != 0 || depth > 16 || n.UnevaluatedItems >= 0 || n.UnevaluatedProperties >= 0
            || ((n.Flags & SchemaNodeFlags.NeedsCanonical) != 0 && facts.CanonLength < 0))
        {
            return Verdict3.Unknown;
        }

        if ((n.Flags & SchemaNodeFlags.InPlace) == 0)
        {
            return LeafPasses(ref n, kind, value, ref facts) ? Verdict3.Pass : Verdict3.Fail;
        }

        // dependentSchemas and the discriminator apply to objects only (see Instantiate).
        if (n.DynamicRef >= 0 || n.Not >= 0 || n.If >= 0)
        {
            return Verdict3.Unknown;
        }

        bool failed = !LeafPasses(ref n, kind, value, ref facts);
        if (n.Ref >= 0)
        {
            Verdict3 v = ScalarVerdict(n.Ref, kind, value, ref facts, depth + 1);
            if (v == Verdict3.Unknown)
            {
                return v;
            }

            failed |= v == Verdict3.Fail;
        }

        int[] lists = _lists;
        for (int k = 0; k < n.AllOfCount; k++)
        {
            Verdict3 v = ScalarVerdict(lists[n.AllOfStart + k], kind, value, ref facts, depth + 1);
            if (v == Verdict3.Unknown)
            {
                return v;
            }

            failed |= v == Verdict3.Fail;
        }

        if (n.AnyOfCount > 0 && !BranchesPass(n.AnyOfStart, n.AnyOfCount, exactlyOne: false, kind, value, ref facts, depth, ref failed))
        {
            return Verdict3.Unknown;
        }

        if (n.OneOfCount > 0 && !BranchesPass(n.OneOfStart, n.OneOfCount, exactlyOne: true, kind, value, ref facts, depth, ref failed))
        {
            return Verdict3.Unknown;
        }

        return failed ? Verdict3.Fail : Verdict3.Pass;
    }

    /// <summary>anyOf (at least one branch passes) or oneOf (exactly one): false when a branch cannot be told.</summary>
    private bool BranchesPass(int start, int count, bool exactlyOne, ValueKind kind, ReadOnlySpan<byte> value, ref ScalarFacts facts, int depth, ref bool failed)
    {
        int passed = 0;
        for (int k = 0; k < count; k++)
        {
            Verdict3 v = ScalarVerdict(_lists[start + k], kind, value, ref facts, depth + 1);
            if (v == Verdict3.Unknown)
            {
                return false;
            }

            passed += v == Verdict3.Pass ? 1 : 0;
        }

        failed |= exactlyOne ? passed != 1 : passed == 0;
        return true;
    }

    /// <summary>
    /// True when <see cref="ScalarEval"/> would find nothing wrong with the value: the same checks,
    /// without recording. Must never pass a value that <see cref="ScalarEval"/> refuses.
    /// </summary>
    private bool LeafPasses(ref SchemaNode n, ValueKind kind, ReadOnlySpan<byte> value, ref ScalarFacts facts)
    {
        if ((n.Flags & SchemaNodeFlags.HasType) != 0)
        {
            if (kind == ValueKind.Number && !facts.IntegralKnown && (n.Types & SchemaTypes.Number) == 0)
            {
                facts.Integral = JsonNumberMath.IsIntegral(value);
                facts.IntegralKnown = true;
            }

            if (!TypeAllows(n.Types, kind, facts.Integral))
            {
                return false;
            }
        }

        if ((n.Flags & SchemaNodeFlags.NeedsCanonical) != 0 && !ValueAllowed(ref n, facts.CanonStart, facts.CanonLength))
        {
            return false;
        }

        if (kind == ValueKind.String)
        {
            if (n.MinLength >= 0 || n.MaxLength >= 0)
            {
                if (facts.CodePoints < 0)
                {
                    facts.CodePoints = CountCodePoints(value);
                }

                if ((n.MinLength >= 0 && facts.CodePoints < n.MinLength) || (n.MaxLength >= 0 && facts.CodePoints > n.MaxLength))
                {
                    return false;
                }
            }

            if (n.Pattern >= 0 && _program.Patterns[n.Pattern].Match(value) != PatternMatch.Match)
            {
                return false;
            }

            return n.Format == SchemaFormat.None || !SchemaFormats.AppliesToStrings(n.Format) || SchemaFormats.IsValidString(n.Format, value);
        }

        if (kind == ValueKind.Number)
        {
            return (n.Minimum < 0 || CompareNumber(value, ref facts, n.Minimum) >= 0)
                && (n.Maximum < 0 || CompareNumber(value, ref facts, n.Maximum) <= 0)
                && (n.ExclusiveMinimum < 0 || CompareNumber(value, ref facts, n.ExclusiveMinimum) > 0)
                && (n.ExclusiveMaximum < 0 || CompareNumber(value, ref facts, n.ExclusiveMaximum) < 0)
                && (n.MultipleOf < 0 || IsMultipleOf(value, ref facts, n.MultipleOf))
                && (n.Format == SchemaFormat.None || !SchemaFormats.AppliesToNumbers(n.Format) || SchemaFormats.IsValidNumber(n.Format, value));
        }

        return true;
    }

    /// <summary>The enum/const verdict of <see cref="CheckValue"/>, without recording.</summary>
    private bool ValueAllowed(ref SchemaNode n, int start, int length)
    {
        if (length < 0)
        {
            return true;
        }

        ReadOnlySpan<byte> canonical = _canon.AsSpan(start, length);
        int hash = CanonicalJson.Hash(canonical);
        SchemaValue[] values = _program.Values;
        if (n.Const >= 0)
        {
            SchemaValue expected = values[n.Const];
            if (expected.Hash != hash || !canonical.SequenceEqual(expected.Canonical))
            {
                return false;
            }
        }

        if ((n.Flags & SchemaNodeFlags.HasEnum) != 0)
        {
            for (int k = 0; k < n.EnumCount; k++)
            {
                SchemaValue candidate = values[n.EnumStart + k];
                if (candidate.Hash == hash && canonical.SequenceEqual(candidate.Canonical))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    private void WriteScalarCanonical(ValueKind kind, ReadOnlySpan<byte> value)
    {
        switch (kind)
        {
            case ValueKind.String:
                EnsureCanon(5 + value.Length);
                _canon[_canonLength] = CanonicalJson.String;
                BinaryPrimitives.WriteInt32LittleEndian(_canon.AsSpan(_canonLength + 1), value.Length);
                value.CopyTo(_canon.AsSpan(_canonLength + 5));
                _canonLength += 5 + value.Length;
                break;
            case ValueKind.True:
                EnsureCanon(1);
                _canon[_canonLength++] = CanonicalJson.True;
                break;
            case ValueKind.False:
                EnsureCanon(1);
                _canon[_canonLength++] = CanonicalJson.False;
                break;
            default:
                EnsureCanon(1);
                _canon[_canonLength++] = CanonicalJson.Null;
                break;
        }
    }

    // ------------------------------------------------------------------ applications

    private void AddApp(int node, int parent, SchemaRole role, int arg)
    {
        if (_appCount == _apps.Length)
        {
            Array.Resize(ref _apps, _apps.Length * 2);
        }

        _apps[_appCount++] = new App { Node = node, Parent = parent, Role = role, Arg = arg };
    }

    /// <summary>The schemas evaluation <paramref name="i"/> applies to member <paramref name="member"/> named <paramref name="name"/>.</summary>
    private void MemberApps(int i, ReadOnlySpan<byte> name, int member)
    {
        ref Eval e = ref _evals[i];
        ref SchemaNode n = ref _nodes[e.Node];
        bool covered = false;
        if (n.NamesCount > 0)
        {
            int entry = FindName(ref n, name);
            if (entry >= 0)
            {
                _bits[e.BitStart + (entry >> 6)] |= 1UL << (entry & 63);
                int child = _program.Names[n.NamesStart + entry].Child;
                if (child >= 0)
                {
                    AddApp(child, i, SchemaRole.Property, entry);
                    covered = true;
                }

                if (entry == n.DiscriminatorEntry)
                {
                    e.DiscriminatorPending = true;
                    _levels[_depth - 1].DiscriminatorPending = true;
                }
            }
        }

        for (int p = 0; p < n.PatternPropertiesCount; p++)
        {
            int at = n.PatternPropertiesStart + 2 * p;
            PatternMatch match = _program.Patterns[_lists[at]].Match(name);
            if (match == PatternMatch.Match)
            {
                AddApp(_lists[at + 1], i, SchemaRole.PatternProperty, p);
                covered = true;
            }
            else if (match != PatternMatch.NoMatch)
            {
                // Whether the pattern applies is unknown: refuse rather than let the member through.
                AddRecord(i, SchemaViolationKind.Pattern, e.Node, match == PatternMatch.Timeout ? 1 : 2, _depth);
            }
        }

        if (!covered && n.AdditionalProperties >= 0)
        {
            AddApp(n.AdditionalProperties, i, SchemaRole.AdditionalProperty, member);
            covered = true;
        }

        if (n.UnevaluatedProperties >= 0)
        {
            if (!covered)
            {
                AddApp(n.UnevaluatedProperties, i, SchemaRole.UnevaluatedProperty, member);
            }

            covered = true;
        }

        if (covered && _evals[i].Track)
        {
            Log(_evals[i].Seq, member);
        }
    }

    /// <summary>The schemas evaluation <paramref name="i"/> applies to element <paramref name="index"/>.</summary>
    private void ItemApps(int i, int index)
    {
        ref Eval e = ref _evals[i];
        ref SchemaNode n = ref _nodes[e.Node];
        bool covered = false;
        if (index < n.PrefixItemsCount)
        {
            AddApp(_lists[n.PrefixItemsStart + index], i, SchemaRole.PrefixItem, index);
            covered = true;
        }
        else if (n.Items >= 0)
        {
            AddApp(n.Items, i, SchemaRole.Item, index);
            covered = true;
        }

        if (n.Contains >= 0)
        {
            AddApp(n.Contains, i, SchemaRole.Contains, index);
        }

        if (n.UnevaluatedItems >= 0)
        {
            if (!covered)
            {
                AddApp(n.UnevaluatedItems, i, SchemaRole.UnevaluatedItem, index);
            }

            covered = true;
        }

        if (covered && e.Track)
        {
            Log(e.Seq, index);
        }
    }

    private int FindName(ref SchemaNode n, ReadOnlySpan<byte> name) => SchemaNameTable.Find(_nameSlots, _program.Names, ref n, name);

    private int SelectDiscriminator(ref SchemaNode n, ReadOnlySpan<byte> value)
    {
        byte[][] strings = _program.StringBytes;
        for (int m = 0; m < n.DiscriminatorMapCount; m++)
        {
            int at = n.DiscriminatorMapStart + 2 * m;
            if (value.SequenceEqual(strings[_lists[at]]))
            {
                return _lists[at + 1];
            }
        }

        return -2;
    }

    // ------------------------------------------------------------------ evaluations

    /// <summary>Pushes an evaluation of <paramref name="node"/> for the current value and expands its in-place applicators.</summary>
    private int Instantiate(int node, int parent, SchemaRole role, int arg, ValueKind kind)
    {
        node = _redirect[node];
        if (_evalCount == _evals.Length)
        {
            Array.Resize(ref _evals, _evals.Length * 2);
        }

        int i = _evalCount++;
        ref Eval e = ref _evals[i];
        e = default;
        e.Node = node;
        e.Parent = parent;
        e.Role = role;
        e.Arg = arg;
        e.Seq = ++_seq;
        e.RecordStart = _recordCount;
        e.DiscriminatorSelected = -1;
        e.BitStart = -1;
        if (IsSpeculative(role))
        {
            e.OwnerSeq = e.Seq;
            e.OwnerIndex = i;
            e.OwnerParentSeq = _evals[parent].Seq;
            e.OwnerRole = role;
            e.OwnerArg = arg;
        }
        else if (parent >= 0)
        {
            ref Eval p = ref _evals[parent];
            e.OwnerSeq = p.OwnerSeq;
            e.OwnerIndex = p.OwnerIndex;
            e.OwnerParentSeq = p.OwnerParentSeq;
            e.OwnerRole = p.OwnerRole;
            e.OwnerArg = p.OwnerArg;
        }
        else
        {
            e.OwnerSeq = -1;
            e.OwnerIndex = -1;
        }

        if (role >= SchemaRole.Ref && parent >= 0)
        {
            ref SchemaNode parentNode = ref _nodes[_evals[parent].Node];
            e.Track = _evals[parent].Track
                || (kind == ValueKind.Object && parentNode.UnevaluatedProperties >= 0)
                || (kind == ValueKind.Array && parentNode.UnevaluatedItems >= 0);
        }

        ref SchemaNode n = ref _nodes[node];
        if ((n.Flags & SchemaNodeFlags.False) != 0)
        {
            SchemaViolationKind code = role switch
            {
                SchemaRole.AdditionalProperty => SchemaViolationKind.AdditionalProperties,
                SchemaRole.Item or SchemaRole.PrefixItem => SchemaViolationKind.Items,
                SchemaRole.PropertyNames => SchemaViolationKind.PropertyNames,
                _ => SchemaViolationKind.False,
            };
            AddRecord(i, code, node, 0, ValueFramesFor(kind));
            return i;
        }

        if (_direction != ValidationDirection.None && (n.Flags & (SchemaNodeFlags.ReadOnly | SchemaNodeFlags.WriteOnly)) != 0)
        {
            if (_direction == ValidationDirection.Request && (n.Flags & SchemaNodeFlags.ReadOnly) != 0)
            {
                AddRecord(i, SchemaViolationKind.ReadOnly, node, 0, ValueFramesFor(kind));
            }
            else if (_direction == ValidationDirection.Response && (n.Flags & SchemaNodeFlags.WriteOnly) != 0)
            {
                AddRecord(i, SchemaViolationKind.WriteOnly, node, 0, ValueFramesFor(kind));
            }
        }

        if ((n.Flags & SchemaNodeFlags.InPlace) == 0)
        {
            return i;
        }

        if (++_expansionDepth > MaxExpansionDepth)
        {
            AddRecord(i, SchemaViolationKind.Recursion, node, 0, ValueFramesFor(kind));
            _expansionDepth--;
            return i;
        }

        if (n.Ref >= 0)
        {
            Instantiate(n.Ref, i, SchemaRole.Ref, 0, kind);
        }

        if (n.DynamicRef >= 0)
        {
            Instantiate(ResolveDynamic(i), i, SchemaRole.Ref, 1, kind);
        }

        int[] lists = _lists;
        for (int k = 0; k < n.AllOfCount; k++)
        {
            Instantiate(lists[n.AllOfStart + k], i, SchemaRole.AllOf, k, kind);
        }

        if (n.DiscriminatorEntry >= 0 && kind == ValueKind.Object)
        {
            // The discriminator's value picks the branch; the others run only so that no token has
            // to be read again, and their verdicts are discarded (OpenAPI 3.x Discriminator Object).
            for (int k = 0; k < n.DiscriminatorTargetsCount; k++)
            {
                Instantiate(lists[n.DiscriminatorTargetsStart + k], i, SchemaRole.Discriminator, k, kind);
            }
        }
        else
        {
            for (int k = 0; k < n.AnyOfCount; k++)
            {
                Instantiate(lists[n.AnyOfStart + k], i, SchemaRole.AnyOf, k, kind);
            }

            for (int k = 0; k < n.OneOfCount; k++)
            {
                Instantiate(lists[n.OneOfStart + k], i, SchemaRole.OneOf, k, kind);
            }
        }

        if (n.Not >= 0)
        {
            Instantiate(n.Not, i, SchemaRole.Not, 0, kind);
        }

        if (n.If >= 0)
        {
            Instantiate(n.If, i, SchemaRole.If, 0, kind);
            if (n.Then >= 0)
            {
                Instantiate(n.Then, i, SchemaRole.Then, 0, kind);
            }

            if (n.Else >= 0)
            {
                Instantiate(n.Else, i, SchemaRole.Else, 0, kind);
            }
        }

        if (kind == ValueKind.Object)
        {
            for (int k = 0; k < n.DependentSchemasCount; k++)
            {
                Instantiate(lists[n.DependentSchemasStart + 2 * k + 1], i, SchemaRole.DependentSchema, k, kind);
            }
        }

        _expansionDepth--;
        return i;
    }

    private int ValueFramesFor(ValueKind kind) => kind is ValueKind.Object or ValueKind.Array ? _depth : _valueFrames;

    private static bool IsSpeculative(SchemaRole role) => role is SchemaRole.AnyOf or SchemaRole.OneOf or SchemaRole.Not or SchemaRole.If
        or SchemaRole.Then or SchemaRole.Else or SchemaRole.DependentSchema or SchemaRole.Discriminator or SchemaRole.Contains
        or SchemaRole.UnevaluatedProperty or SchemaRole.UnevaluatedItem;

    /// <summary>
    /// 2020-12 core section 8.2.3.2: a "$dynamicRef" whose target has a matching "$dynamicAnchor"
    /// lands on the outermost schema resource in the dynamic scope that has that anchor.
    /// </summary>
    private int ResolveDynamic(int i)
    {
        ref SchemaNode n = ref _nodes[_evals[i].Node];
        if (n.DynamicAnchorName < 0)
        {
            return n.DynamicRef;
        }

        string name = _program.Strings[n.DynamicAnchorName];
        SchemaDynamicAnchor[] anchors = _program.DynamicAnchors;
        int found = n.DynamicRef;
        for (int j = i; j >= 0; j = _evals[j].Parent)
        {
            int resource = _nodes[_evals[j].Node].Resource;
            for (int a = 0; a < anchors.Length; a++)
            {
                if (anchors[a].Resource == resource && string.Equals(anchors[a].Name, name, StringComparison.Ordinal))
                {
                    found = anchors[a].Node;
                    break;
                }
            }
        }

        return found;
    }

    private void StartContainerEval(int i, ValueKind kind)
    {
        ref Eval e = ref _evals[i];
        ref SchemaNode n = ref _nodes[e.Node];
        if ((n.Flags & SchemaNodeFlags.HasType) != 0
            && (n.Types & (kind == ValueKind.Object ? SchemaTypes.Object : SchemaTypes.Array)) == 0)
        {
            AddRecord(i, SchemaViolationKind.Type, e.Node, (long)kind, _valueFrames);
        }

        if (kind == ValueKind.Object && n.NamesCount > 0)
        {
            int words = (n.NamesCount + 63) >> 6;
            if (_bitCount + words > _bits.Length)
            {
                Array.Resize(ref _bits, Math.Max(_bits.Length * 2, _bitCount + words));
            }

            _evals[i].BitStart = _bitCount;
            for (int w = 0; w < words; w++)
            {
                _bits[_bitCount + w] = 0;
            }

            _bitCount += words;
        }
    }

    private void ScalarEval(int i, ValueKind kind, ReadOnlySpan<byte> value, ref ScalarFacts facts)
    {
        ref Eval e = ref _evals[i];
        int node = e.Node;
        ref SchemaNode n = ref _nodes[node];
        if (kind == ValueKind.Number && !facts.IntegralKnown && (n.Flags & SchemaNodeFlags.HasType) != 0 && (n.Types & SchemaTypes.Number) == 0)
        {
            facts.Integral = JsonNumberMath.IsIntegral(value);
            facts.IntegralKnown = true;
        }

        if ((n.Flags & SchemaNodeFlags.HasType) != 0 && !TypeAllows(n.Types, kind, facts.Integral))
        {
            AddRecord(i, SchemaViolationKind.Type, node, (long)kind, _valueFrames);
        }

        if ((n.Flags & SchemaNodeFlags.NeedsCanonical) != 0)
        {
            CheckValue(i, ref n, facts.CanonStart, facts.CanonLength);
        }

        if (kind == ValueKind.String)
        {
            if (n.MinLength >= 0 || n.MaxLength >= 0)
            {
                if (facts.CodePoints < 0)
                {
                    facts.CodePoints = CountCodePoints(value);
                }

                if (n.MinLength >= 0 && facts.CodePoints < n.MinLength)
                {
                    AddRecord(i, SchemaViolationKind.MinLength, node, facts.CodePoints, _valueFrames);
                }

                if (n.MaxLength >= 0 && facts.CodePoints > n.MaxLength)
                {
                    AddRecord(i, SchemaViolationKind.MaxLength, node, facts.CodePoints, _valueFrames);
                }
            }

            if (n.Pattern >= 0)
            {
                PatternMatch match = _program.Patterns[n.Pattern].Match(value);
                if (match != PatternMatch.Match)
                {
                    AddRecord(i, SchemaViolationKind.Pattern, node, match == PatternMatch.NoMatch ? 0 : match == PatternMatch.Timeout ? 1 : 2, _valueFrames);
                }
            }

            if (n.Format != SchemaFormat.None && SchemaFormats.AppliesToStrings(n.Format) && !SchemaFormats.IsValidString(n.Format, value))
            {
                AddRecord(i, SchemaViolationKind.Format, node, 0, _valueFrames);
            }
        }
        else if (kind == ValueKind.Number)
        {
            if (n.Minimum >= 0 && CompareNumber(value, ref facts, n.Minimum) < 0)
            {
                AddRecord(i, SchemaViolationKind.Minimum, node, 0, _valueFrames);
            }

            if (n.Maximum >= 0 && CompareNumber(value, ref facts, n.Maximum) > 0)
            {
                AddRecord(i, SchemaViolationKind.Maximum, node, 0, _valueFrames);
            }

            if (n.ExclusiveMinimum >= 0 && CompareNumber(value, ref facts, n.ExclusiveMinimum) <= 0)
            {
                AddRecord(i, SchemaViolationKind.ExclusiveMinimum, node, 0, _valueFrames);
            }

            if (n.ExclusiveMaximum >= 0 && CompareNumber(value, ref facts, n.ExclusiveMaximum) >= 0)
            {
                AddRecord(i, SchemaViolationKind.ExclusiveMaximum, node, 0, _valueFrames);
            }

            if (n.MultipleOf >= 0 && !IsMultipleOf(value, ref facts, n.MultipleOf))
            {
                AddRecord(i, SchemaViolationKind.MultipleOf, node, 0, _valueFrames);
            }

            if (n.Format != SchemaFormat.None && SchemaFormats.AppliesToNumbers(n.Format) && !SchemaFormats.IsValidNumber(n.Format, value))
            {
                AddRecord(i, SchemaViolationKind.Format, node, 0, _valueFrames);
            }
        }
    }

    private static bool TypeAllows(SchemaTypes types, ValueKind kind, bool integral) => kind switch
    {
        ValueKind.Null => (types & SchemaTypes.Null) != 0,
        ValueKind.True or ValueKind.False => (types & SchemaTypes.Boolean) != 0,
        ValueKind.String => (types & SchemaTypes.String) != 0,
        ValueKind.Number => (types & SchemaTypes.Number) != 0 || (integral && (types & SchemaTypes.Integer) != 0),
        ValueKind.Object => (types & SchemaTypes.Object) != 0,
        _ => (types & SchemaTypes.Array) != 0,
    };

    /// <summary>Compares the number value with schema number <paramref name="bound"/>, exactly.</summary>
    private int CompareNumber(ReadOnlySpan<byte> value, ref ScalarFacts facts, int bound) =>
        JsonNumberMath.Compare(value, in facts.Small, _program.Numbers[bound], in _program.SmallNumbers[bound]);

    /// <summary>Whether the number value is a multiple of schema number <paramref name="divisor"/>, exactly.</summary>
    private bool IsMultipleOf(ReadOnlySpan<byte> value, ref ScalarFacts facts, int divisor) =>
        JsonNumberMath.IsMultipleOf(value, in facts.Small, _program.Numbers[divisor], in _program.SmallNumbers[divisor]);

    /// <summary>Unicode code points of well-formed UTF-8: every byte that is not a continuation byte starts one.</summary>
    private static int CountCodePoints(ReadOnlySpan<byte> utf8)
    {
        // ASCII (one byte a code point) up to the first other byte: a vectorized search.
        int ascii = utf8.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (ascii < 0)
        {
            return utf8.Length;
        }

        int count = ascii;
        foreach (byte b in utf8[ascii..])
        {
            count += (b & 0xC0) != 0x80 ? 1 : 0;
        }

        return count;
    }

    private void CheckValue(int i, ref SchemaNode n, int start, int length)
    {
        if (length < 0)
        {
            return;
        }

        ReadOnlySpan<byte> canonical = _canon.AsSpan(start, length);
        int hash = CanonicalJson.Hash(canonical);
        SchemaValue[] values = _program.Values;
        if (n.Const >= 0)
        {
            SchemaValue expected = values[n.Const];
            if (expected.Hash != hash || !canonical.SequenceEqual(expected.Canonical))
            {
                AddRecord(i, SchemaViolationKind.Const, _evals[i].Node, 0, _valueFrames);
            }
        }

        if ((n.Flags & SchemaNodeFlags.HasEnum) != 0)
        {
            for (int k = 0; k < n.EnumCount; k++)
            {
                SchemaValue candidate = values[n.EnumStart + k];
                if (candidate.Hash == hash && canonical.SequenceEqual(candidate.Canonical))
                {
                    return;
                }
            }

            AddRecord(i, SchemaViolationKind.Enum, _evals[i].Node, 0, _valueFrames);
        }
    }

    /// <summary>The value of evaluation <paramref name="i"/> has ended: container keywords, then the verdicts of speculative subschemas, then the report to the parent.</summary>
    private void FinishEval(int i, ValueKind kind)
    {
        int node = _evals[i].Node;
        ref SchemaNode n = ref _nodes[node];
        if (kind == ValueKind.Object)
        {
            FinishObject(i, ref n);
        }
        else if (kind == ValueKind.Array)
        {
            FinishArray(i, ref n);
        }

        if (kind is ValueKind.Object or ValueKind.Array && (n.Flags & SchemaNodeFlags.NeedsCanonical) != 0)
        {
            ref Level level = ref _levels[_depth - 1];
            CheckValue(i, ref n, level.CanonStart, _canonLength - level.CanonStart);
        }

        if ((n.Flags & SchemaNodeFlags.Speculative) != 0)
        {
            Decide(i, ref n, kind);
        }

        if (_evals[i].Track && kind is ValueKind.Object or ValueKind.Array)
        {
            PassAnnotations(i);
        }

        Deliver(i);
    }

    private void FinishObject(int i, ref SchemaNode n)
    {
        ref Eval e = ref _evals[i];
        int count = _levels[_depth - 1].Count;
        if (n.MinProperties >= 0 && count < n.MinProperties)
        {
            AddRecord(i, SchemaViolationKind.MinProperties, e.Node, count, _valueFrames);
        }

        if (n.MaxProperties >= 0 && count > n.MaxProperties)
        {
            AddRecord(i, SchemaViolationKind.MaxProperties, e.Node, count, _valueFrames);
        }

        if (n.NamesCount == 0)
        {
            return;
        }

        int bits = _evals[i].BitStart;
        if ((n.Flags & SchemaNodeFlags.PlainRequired) != 0 && (n.RequiredMask & ~_bits[bits]) == 0)
        {
            return; // every required name was seen, and no dependentRequired to check
        }

        SchemaName[] names = _program.Names;
        for (int k = 0; k < n.NamesCount; k++)
        {
            ref SchemaName name = ref names[n.NamesStart + k];
            bool seen = (_bits[bits + (k >> 6)] & (1UL << (k & 63))) != 0;
            if (name.Required && !seen)
            {
                // OpenAPI 3.x: a required readOnly property is required in responses only, a
                // required writeOnly one in requests only.
                bool exempt = (_direction == ValidationDirection.Request && name.ReadOnly)
                    || (_direction == ValidationDirection.Response && name.WriteOnly);
                if (!exempt)
                {
                    AddRecord(i, SchemaViolationKind.Required, _evals[i].Node, n.NamesStart + k, _valueFrames);
                }
            }

            if (seen && name.DependentRequiredCount > 0)
            {
                for (int d = 0; d < name.DependentRequiredCount; d++)
                {
                    int need = _lists[name.DependentRequiredStart + d];
                    if ((_bits[bits + (need >> 6)] & (1UL << (need & 63))) == 0)
                    {
                        AddRecord(i, SchemaViolationKind.DependentRequired, _evals[i].Node, ((long)(n.NamesStart + k) << 32) | (uint)(n.NamesStart + need), _valueFrames);
                    }
                }
            }
        }
    }

    private void FinishArray(int i, ref SchemaNode n)
    {
        ref Eval e = ref _evals[i];
        ref Level level = ref _levels[_depth - 1];
        int count = level.Count;
        if (n.MinItems >= 0 && count < n.MinItems)
        {
            AddRecord(i, SchemaViolationKind.MinItems, e.Node, count, _valueFrames);
        }

        if (n.MaxItems >= 0 && count > n.MaxItems)
        {
            AddRecord(i, SchemaViolationKind.MaxItems, e.Node, count, _valueFrames);
        }

        if (n.Contains >= 0)
        {
            int matched = _evals[i].ContainsCount;
            if (matched < n.MinContains || (n.MaxContains >= 0 && matched > n.MaxContains))
            {
                AddRecord(i, SchemaViolationKind.Contains, _evals[i].Node, matched, _valueFrames);
            }
        }

        if ((n.Flags & SchemaNodeFlags.UniqueItems) != 0)
        {
            int duplicate = FindDuplicate(ref level);
            if (duplicate >= 0)
            {
                AddRecord(i, SchemaViolationKind.UniqueItems, _evals[i].Node, duplicate, _valueFrames);
            }
        }
    }

    /// <summary>Index of an element equal to an earlier one, or -1: sort by hash, compare bytes of equal hashes.</summary>
    private int FindDuplicate(ref Level level)
    {
        Span<UniqueEntry> entries = _unique.AsSpan(level.UniqueStart, _uniqueCount - level.UniqueStart);
        if (entries.Length <= 16 && !AnyEqualHash(entries))
        {
            return -1; // distinct hashes, distinct values: nothing to sort
        }

        if (!level.UniqueSorted)
        {
            entries.Sort(static (a, b) => a.Hash != b.Hash ? a.Hash.CompareTo(b.Hash) : a.Index.CompareTo(b.Index));
            level.UniqueSorted = true;
        }

        for (int a = 0; a < entries.Length; a++)
        {
            for (int b = a + 1; b < entries.Length && entries[b].Hash == entries[a].Hash; b++)
            {
                if (_canon.AsSpan(entries[a].Start, entries[a].Length).SequenceEqual(_canon.AsSpan(entries[b].Start, entries[b].Length)))
                {
                    return Math.Max(entries[a].Index, entries[b].Index);
                }
            }
        }

        return -1;
    }

    private static bool AnyEqualHash(Span<UniqueEntry> entries)
    {
        for (int a = 0; a < entries.Length; a++)
        {
            for (int b = a + 1; b < entries.Length; b++)
            {
                if (entries[a].Hash == entries[b].Hash)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The keywords that decide on subschemas that may fail: applies their verdict and keeps or
    /// drops the provisional violations of each subschema accordingly.
    /// </summary>
    private void Decide(int i, ref SchemaNode n, ValueKind kind)
    {
        int seq = _evals[i].Seq;
        bool discriminated = n.DiscriminatorEntry >= 0 && kind == ValueKind.Object;
        int promoted = 0;
        bool anyDropped = false;
        for (int r = _evals[i].RecordStart; r < _recordCount; r++)
        {
            ref Record record = ref _records[r];
            if (record.Kind == SchemaViolationKind.None || record.OwnerParentSeq != seq)
            {
                continue;
            }

            bool keep = record.OwnerRole switch
            {
                SchemaRole.Then => _evals[i].IfPassed && _evals[i].ThenFailed,
                SchemaRole.Else => !_evals[i].IfPassed && _evals[i].ElseFailed,
                SchemaRole.DependentSchema => DependentKeyPresent(i, ref n, record.OwnerArg) && (_evals[i].DependentFailed & (1UL << record.OwnerArg)) != 0,
                SchemaRole.Discriminator => _evals[i].DiscriminatorSelected == record.OwnerArg,
                SchemaRole.UnevaluatedProperty or SchemaRole.UnevaluatedItem => !Evaluated(i, record.OwnerArg),
                _ => false,
            };

            if (keep)
            {
                promoted++;
                if (record.OwnerRole is SchemaRole.UnevaluatedProperty or SchemaRole.UnevaluatedItem)
                {
                    _evals[i].Failed = true;
                }

                Promote(i, r);
            }
            else
            {
                record.Kind = SchemaViolationKind.None;
                anyDropped = true;
            }
        }

        if (anyDropped)
        {
            Compact(_evals[i].RecordStart);
        }

        ref Eval e = ref _evals[i];
        if (n.If >= 0 && (e.IfPassed ? e.ThenFailed : e.ElseFailed))
        {
            e.Failed = true;
            if (promoted == 0)
            {
                AddRecord(i, SchemaViolationKind.If, e.Node, e.IfPassed ? 1 : 0, _valueFrames);
            }
        }

        if (kind == ValueKind.Object && n.DependentSchemasCount > 0)
        {
            for (int k = 0; k < n.DependentSchemasCount; k++)
            {
                if ((_evals[i].DependentFailed & (1UL << k)) != 0 && DependentKeyPresent(i, ref n, k))
                {
                    _evals[i].Failed = true;
                    if (promoted == 0)
                    {
                        AddRecord(i, SchemaViolationKind.DependentSchemas, _evals[i].Node, n.NamesStart + _lists[n.DependentSchemasStart + 2 * k], _valueFrames);
                    }
                }
            }
        }

        if (discriminated)
        {
            int selected = _evals[i].DiscriminatorSelected;
            if (selected < 0)
            {
                AddRecord(i, SchemaViolationKind.Discriminator, _evals[i].Node, selected, _valueFrames);
            }
            else if ((_evals[i].DiscriminatorFailed & (1UL << selected)) != 0)
            {
                _evals[i].Failed = true;
                if (promoted == 0)
                {
                    AddRecord(i, SchemaViolationKind.Discriminator, _evals[i].Node, selected, _valueFrames);
                }
            }
        }
        else
        {
            if (n.AnyOfCount > 0 && _evals[i].AnyPassed == 0)
            {
                AddRecord(i, SchemaViolationKind.AnyOf, _evals[i].Node, 0, _valueFrames);
            }

            if (n.OneOfCount > 0 && _evals[i].OnePassed != 1)
            {
                AddRecord(i, SchemaViolationKind.OneOf, _evals[i].Node, _evals[i].OnePassed, _valueFrames);
            }
        }

        if (_evals[i].NotPassed)
        {
            AddRecord(i, SchemaViolationKind.Not, _evals[i].Node, 0, _valueFrames);
        }
    }

    private bool DependentKeyPresent(int i, ref SchemaNode n, int k)
    {
        int bits = _evals[i].BitStart;
        if (bits < 0)
        {
            return false;
        }

        int entry = _lists[n.DependentSchemasStart + 2 * k];
        return (_bits[bits + (entry >> 6)] & (1UL << (entry & 63))) != 0;
    }

    /// <summary>True when a passing subschema of evaluation <paramref name="i"/> evaluated member (or item) <paramref name="member"/>.</summary>
    private bool Evaluated(int i, int member)
    {
        int seq = _evals[i].Seq;
        int start = _levels[_depth - 1].LogStart;
        for (int l = start; l < _logCount; l++)
        {
            ref LogEntry entry = ref _log[l];
            // Root: the evaluation's own coverage, logged for its parent, not for its own check.
            if (entry.Owner == seq && entry.Member == member && entry.Via != SchemaRole.Root && ViaChosen(i, ref entry))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the in-place child an annotation came through is one whose verdict counts.</summary>
    private bool ViaChosen(int i, ref LogEntry entry)
    {
        ref Eval e = ref _evals[i];
        return entry.Via switch
        {
            SchemaRole.Then => e.IfPassed,
            SchemaRole.Else => !e.IfPassed,
            SchemaRole.DependentSchema => DependentKeyPresent(i, ref _nodes[e.Node], entry.ViaArg),
            SchemaRole.Discriminator => e.DiscriminatorSelected == entry.ViaArg,
            _ => true,
        };
    }

    /// <summary>Hands the annotations of a finished in-place evaluation to its parent when it passed (2020-12 core section 7.7.1.2).</summary>
    private void PassAnnotations(int i)
    {
        ref Eval e = ref _evals[i];
        int start = _levels[_depth - 1].LogStart;
        int parentSeq = _evals[e.Parent].Seq;
        for (int l = start; l < _logCount; l++)
        {
            ref LogEntry entry = ref _log[l];
            if (entry.Owner != e.Seq)
            {
                continue;
            }

            if (!e.Failed && ViaChosen(i, ref entry))
            {
                entry.Owner = parentSeq;
                entry.Via = e.Role;
                entry.ViaArg = e.Arg;
            }
            else
            {
                entry.Owner = -1;
            }
        }
    }

    /// <summary>Reports the verdict of evaluation <paramref name="i"/> to its parent, as its role says.</summary>
    private void Deliver(int i)
    {
        ref Eval e = ref _evals[i];
        bool failed = e.Failed;
        if (e.Parent < 0)
        {
            _rootFailed = failed;
            return;
        }

        ref Eval p = ref _evals[e.Parent];
        switch (e.Role)
        {
            case SchemaRole.AnyOf:
                p.AnyPassed += failed ? 0 : 1;
                break;
            case SchemaRole.OneOf:
                p.OnePassed += failed ? 0 : 1;
                break;
            case SchemaRole.Not:
                p.NotPassed |= !failed;
                break;
            case SchemaRole.If:
                p.IfPassed = !failed;
                break;
            case SchemaRole.Then:
                p.ThenFailed = failed;
                break;
            case SchemaRole.Else:
                p.ElseFailed = failed;
                break;
            case SchemaRole.DependentSchema:
                p.DependentFailed |= failed ? 1UL << e.Arg : 0;
                break;
            case SchemaRole.Discriminator:
                p.DiscriminatorFailed |= failed ? 1UL << e.Arg : 0;
                break;
            case SchemaRole.Contains:
                DropOwn(i);
                if (!failed)
                {
                    p.ContainsCount++;
                    if (p.Track || _nodes[p.Node].UnevaluatedItems >= 0)
                    {
                        Log(p.Seq, e.Arg, SchemaRole.Contains);
                    }
                }

                break;
            case SchemaRole.UnevaluatedProperty:
            case SchemaRole.UnevaluatedItem:
                if (failed)
                {
                    // One record in place of the subschema's own: whether it counts is decided when
                    // the container ends and the annotations of every sibling keyword are in.
                    DropOwn(i);
                    AddRecord(i, e.Role == SchemaRole.UnevaluatedProperty ? SchemaViolationKind.UnevaluatedProperties : SchemaViolationKind.UnevaluatedItems, p.Node, e.Arg, _valueFrames);
                }

                break;
            default:
                if (failed)
                {
                    p.Failed = true;
                }

                break;
        }
    }

    // ------------------------------------------------------------------ records and violations

    /// <summary>
    /// Evaluation <paramref name="i"/> fails for <paramref name="kind"/>. Outside any speculative
    /// subschema that is a violation now; inside one it is a provisional record.
    /// </summary>
    private void AddRecord(int i, SchemaViolationKind kind, int node, long actual, int frames)
    {
        ref Eval e = ref _evals[i];
        e.Failed = true;
        if (e.OwnerSeq < 0)
        {
            if (_violations.Count < _maxViolations)
            {
                AddViolation(BuildViolation(kind, node, actual, BuildPointer(frames)));
            }

            return;
        }

        if (e.OwnerRole is SchemaRole.AnyOf or SchemaRole.OneOf or SchemaRole.Not or SchemaRole.If or SchemaRole.Contains)
        {
            // Under these keywords a subschema's own violations are always dropped (see Decide and
            // Deliver): only its failing counts, so the record and its pointer are not written.
            return;
        }

        ref Eval owner = ref _evals[e.OwnerIndex];
        if (owner.RecordCount >= _maxViolations)
        {
            return; // the owner has already failed with enough detail
        }

        owner.RecordCount++;
        if (_recordCount == _records.Length)
        {
            Array.Resize(ref _records, _records.Length * 2);
        }

        int pointerStart = _pointerLength;
        WritePointer(frames);
        _records[_recordCount++] = new Record
        {
            Kind = kind,
            Node = node,
            Actual = actual,
            PointerStart = pointerStart,
            PointerLength = _pointerLength - pointerStart,
            OwnerSeq = e.OwnerSeq,
            OwnerParentSeq = e.OwnerParentSeq,
            OwnerRole = e.OwnerRole,
            OwnerArg = e.OwnerArg,
        };
    }

    /// <summary>Record <paramref name="r"/> counts for evaluation <paramref name="i"/>: it now belongs to <paramref name="i"/>'s owner.</summary>
    private void Promote(int i, int r)
    {
        ref Eval e = ref _evals[i];
        ref Record record = ref _records[r];
        e.Failed = true;
        if (e.OwnerSeq < 0)
        {
            if (_violations.Count < _maxViolations)
            {
                string pointer = _pointerPrefix + Encoding.UTF8.GetString(_pointers, record.PointerStart, record.PointerLength);
                AddViolation(BuildViolation(record.Kind, record.Node, record.Actual, pointer));
            }

            record.Kind = SchemaViolationKind.None;
            return;
        }

        record.OwnerSeq = e.OwnerSeq;
        record.OwnerParentSeq = e.OwnerParentSeq;
        record.OwnerRole = e.OwnerRole;
        record.OwnerArg = e.OwnerArg;
        _evals[e.OwnerIndex].RecordCount++;
    }

    /// <summary>Drops the provisional records evaluation <paramref name="i"/> owns itself.</summary>
    private void DropOwn(int i)
    {
        ref Eval e = ref _evals[i];
        bool any = false;
        for (int r = e.RecordStart; r < _recordCount; r++)
        {
            if (_records[r].OwnerSeq == e.Seq)
            {
                _records[r].Kind = SchemaViolationKind.None;
                any = true;
            }
        }

        e.RecordCount = 0;
        if (any)
        {
            Compact(e.RecordStart);
        }
    }

    /// <summary>Removes dropped records from <paramref name="start"/> on, with their pointer bytes.</summary>
    private void Compact(int start)
    {
        int write = start;
        int pointerWrite = start < _recordCount ? _records[start].PointerStart : _pointerLength;
        for (int r = start; r < _recordCount; r++)
        {
            Record record = _records[r];
            if (record.Kind == SchemaViolationKind.None)
            {
                continue;
            }

            if (record.PointerStart != pointerWrite)
            {
                Buffer.BlockCopy(_pointers, record.PointerStart, _pointers, pointerWrite, record.PointerLength);
                record.PointerStart = pointerWrite;
            }

            pointerWrite += record.PointerLength;
            _records[write++] = record;
        }

        _recordCount = write;
        _pointerLength = pointerWrite;
    }

    private void AddViolation(Violation violation)
    {
        _violations.Add(violation);
        if (_violations.Count >= _maxViolations)
        {
            _stop = true;
        }
    }

    /// <summary>Writes the RFC 6901 pointer of the first <paramref name="frames"/> levels into the pointer arena.</summary>
    private void WritePointer(int frames)
    {
        for (int f = 0; f < frames && f < _depth; f++)
        {
            ref Level level = ref _levels[f];
            EnsurePointers(12);
            _pointers[_pointerLength++] = (byte)'/';
            if (level.IsArray)
            {
                (level.Count - 1).TryFormat(_pointers.AsSpan(_pointerLength), out int written, default, System.Globalization.CultureInfo.InvariantCulture);
                _pointerLength += written;
                continue;
            }

            ReadOnlySpan<byte> name = _names.AsSpan(level.NameStart, level.NameLength);
            EnsurePointers(name.Length * 2);
            foreach (byte b in name)
            {
                // RFC 6901 section 3: '~' is "~0", '/' is "~1".
                if (b == '~' || b == '/')
                {
                    _pointers[_pointerLength++] = (byte)'~';
                    _pointers[_pointerLength++] = b == '~' ? (byte)'0' : (byte)'1';
                }
                else
                {
                    _pointers[_pointerLength++] = b;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private string BuildPointer(int frames)
    {
        int start = _pointerLength;
        WritePointer(frames);
        string pointer = _pointerPrefix + Encoding.UTF8.GetString(_pointers, start, _pointerLength - start);
        _pointerLength = start;
        return pointer;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Violation BuildViolation(SchemaViolationKind kind, int node, long actual, string pointer)
    {
        var (code, keyword, message) = SchemaViolationText.Describe(_program, kind, node, actual);
        string location = _program.Locations[node];
        string? schemaLocation = keyword is null ? location : location + "/" + keyword;
        return new Violation(code, pointer, message, -1, _location, schemaLocation);
    }

    private void Log(int owner, int member, SchemaRole via = SchemaRole.Root)
    {
        if (_logCount == _log.Length)
        {
            Array.Resize(ref _log, _log.Length * 2);
        }

        _log[_logCount++] = new LogEntry { Owner = owner, Member = member, Via = via };
    }

    // ------------------------------------------------------------------ canonical form

    /// <summary>Sorts the members of the object just closed by name bytes, in place (canonical form).</summary>
    private void SortMembers(int first, int end)
    {
        int count = end - first;
        if (count < 2)
        {
            return;
        }

        // Members were written in document order: each runs to the next one's offset (or the end).
        if (_spans.Length < count)
        {
            _spans = new MemberSpan[Math.Max(count, _spans.Length * 2)];
        }

        int objectEnd = _canonLength;
        for (int m = 0; m < count; m++)
        {
            int offset = _members[first + m];
            int next = m + 1 < count ? _members[first + m + 1] : objectEnd;
            _spans[m] = new MemberSpan { Offset = offset, Length = next - offset };
        }

        Span<MemberSpan> spans = _spans.AsSpan(0, count);
        spans.Sort(new MemberOrder(_canon));
        int low = _members[first];
        int total = objectEnd - low;
        EnsureBytes(ref _sortScratch, total);
        int write = 0;
        foreach (MemberSpan span in spans)
        {
            _canon.AsSpan(span.Offset, span.Length).CopyTo(_sortScratch.AsSpan(write));
            write += span.Length;
        }

        _sortScratch.AsSpan(0, total).CopyTo(_canon.AsSpan(low));
    }

    private void EnsureCanon(int more)
    {
        if (_canonLength + more > _canon.Length)
        {
            Array.Resize(ref _canon, Math.Max(_canon.Length * 2, _canonLength + more));
        }
    }

    private void EnsurePointers(int more)
    {
        if (_pointerLength + more > _pointers.Length)
        {
            Array.Resize(ref _pointers, Math.Max(_pointers.Length * 2, _pointerLength + more));
        }
    }

    private void EnsureUnique()
    {
        if (_uniqueCount == _unique.Length)
        {
            Array.Resize(ref _unique, _unique.Length * 2);
        }
    }

    private static void EnsureBytes(ref byte[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(array.Length * 2, needed));
        }
    }

    private static void EnsureInts(ref int[] array, int needed)
    {
        if (needed > array.Length)
        {
            Array.Resize(ref array, Math.Max(array.Length * 2, needed));
        }
    }

    // ------------------------------------------------------------------ state

    private enum Verdict3 : byte
    {
        Unknown,
        Pass,
        Fail,
    }

    internal enum ValueKind : byte
    {
        Null,
        True,
        False,
        Number,
        String,
        Object,
        Array,
    }

    private struct Eval
    {
        public int Node;
        public int Parent;
        public int Seq;
        public SchemaRole Role;
        public int Arg;
        public bool Failed;
        public bool Track;
        public int RecordStart;
        public int RecordCount;
        public int BitStart;

        // the innermost speculative evaluation at or above this one (-1 seq: none, violations are final)
        public int OwnerSeq;
        public int OwnerIndex;
        public int OwnerParentSeq;
        public SchemaRole OwnerRole;
        public int OwnerArg;

        // verdicts of in-place children
        public int AnyPassed;
        public int OnePassed;
        public bool NotPassed;
        public bool IfPassed;
        public bool ThenFailed;
        public bool ElseFailed;
        public ulong DependentFailed;
        public ulong DiscriminatorFailed;
        public int DiscriminatorSelected; // -1 absent, -2 no match, -3 not a string
        public bool DiscriminatorPending;
        public int ContainsCount;
    }

    private struct Level
    {
        public bool IsArray;
        public int EvalStart;
        public int Count;
        public int NameStart;
        public int NameLength;
        public int LogStart;
        public int BitStart;
        public int CanonStart;
        public bool Capturing;
        public bool Keep;
        public bool NeedElementCanon;
        public int MemberStart;
        public int UniqueStart;
        public bool UniqueSorted;
        public bool PropertyNames; // some evaluation of this object has propertyNames
        public bool DiscriminatorPending; // some evaluation waits for the value of the member just named
    }

    private struct App
    {
        public int Node;
        public int Parent;
        public SchemaRole Role;
        public int Arg;
    }

    private struct LogEntry
    {
        public int Owner;
        public int Member;
        public SchemaRole Via;
        public int ViaArg;
    }

    private struct Record
    {
        public SchemaViolationKind Kind;
        public int Node;
        public long Actual;
        public int PointerStart;
        public int PointerLength;
        public int OwnerSeq;
        public int OwnerParentSeq;
        public SchemaRole OwnerRole;
        public int OwnerArg;
    }

    private struct UniqueEntry
    {
        public int Hash;
        public int Start;
        public int Length;
        public int Index;
    }

    private struct ScalarFacts
    {
        public int CodePoints;
        public bool Integral;
        public bool IntegralKnown;
        public JsonSmallDecimal Small; // a number's literal as a small decimal, where it is one
        public int CanonStart;
        public int CanonLength;
    }

    /// <summary>Orders canonical object members by their name bytes (4-byte length, then the name).</summary>
    private readonly struct MemberOrder : IComparer<MemberSpan>
    {
        private readonly byte[] _canon;

        public MemberOrder(byte[] canon) => _canon = canon;

        public int Compare(MemberSpan x, MemberSpan y)
        {
            int lx = BinaryPrimitives.ReadInt32LittleEndian(_canon.AsSpan(x.Offset));
            int ly = BinaryPrimitives.ReadInt32LittleEndian(_canon.AsSpan(y.Offset));
            return _canon.AsSpan(x.Offset + 4, lx).SequenceCompareTo(_canon.AsSpan(y.Offset + 4, ly));
        }
    }

    private struct MemberSpan
    {
        public int Offset;
        public int Length;
    }
}
