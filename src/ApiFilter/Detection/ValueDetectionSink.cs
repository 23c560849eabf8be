using ApiFilter.Json;
using ApiFilter.Pipeline;
using ApiFilter.Policy;
using ApiFilter.Schema;

namespace ApiFilter.Detection;

/// <summary>
/// Runs the attack detectors on every string value and member name of a token stream, in the same
/// pass as the schema validator it wraps (or on its own when there is no schema), and tracks the
/// JSON Pointer of each value so a detection names the spot. Pooled; allocates nothing on the allow path.
/// </summary>
internal sealed class ValueDetectionSink : IJsonValidatorSink
{
    private readonly List<Violation> _violations = [];
    private Frame[] _frames = new Frame[16];
    private byte[] _names = new byte[256];
    private int _depth;
    private int _namesLength;
    private IJsonValidatorSink? _inner;
    private JsonSchemaValidator? _schema;
    private ValueDetectors _defaults = ValueDetectors.FreeText;
    private int _chosen = -1;
    private bool _valueReportOnly;
    private DetectionPolicy _policy = DetectionPolicy.Default;
    private string? _location;
    private string _prefix = "";
    private Action<Violation>? _report;
    private Violation? _detected;

    /// <summary>The schema validator the tokens are passed on to, or null.</summary>
    public IJsonValidatorSink? Inner => _inner;

    public IReadOnlyList<Violation> Violations
    {
        get
        {
            _violations.Clear();
            if (_detected is not null)
            {
                _violations.Add(_detected);
            }

            if (_inner is not null)
            {
                _violations.AddRange(_inner.Violations);
            }

            return _violations;
        }
    }

    /// <summary>Prepares for one value; <paramref name="report"/> receives detections in Report mode.</summary>
    /// <param name="inner">The schema validator the tokens go on to, or null.</param>
    /// <param name="policy">Which detectors are on and what a detection does.</param>
    /// <param name="location">Where the value is (<c>body</c>, <c>query</c>, …).</param>
    /// <param name="pointerPrefix">Prepended to every pointer.</param>
    /// <param name="report">Receives the detections of detectors in Report mode.</param>
    /// <param name="defaults">What a string value the schema says nothing about gets.</param>
    /// <param name="chosen">The operation's or parameter's <c>x-apifilter-detect</c> (replacing the defaults and the type-implied detectors, not a schema's own choice), -1 when none.</param>
    public void Reset(IJsonValidatorSink? inner, DetectionPolicy policy, string? location, string pointerPrefix, Action<Violation>? report,
        ValueDetectors defaults = ValueDetectors.FreeText, int chosen = -1)
    {
        _inner = inner;
        _schema = inner as JsonSchemaValidator;
        if (_schema is not null)
        {
            _schema.TracksStringDetection = true;
        }
        _defaults = defaults;
        _chosen = chosen;
        _policy = policy;
        _location = location;
        _prefix = pointerPrefix;
        _report = report;
        _detected = null;
        _depth = 0;
        _namesLength = 0;
    }

    /// <summary>Forgets the wrapped validator and the value, before the sink goes back to its pool.</summary>
    public void Clear()
    {
        _inner = null;
        _schema = null;
        _report = null;
        _detected = null;
        _violations.Clear();
    }

    public bool Finish() => _detected is null && (_inner?.Finish() ?? true);

    public bool StartObject() => Push(isArray: false) && (_inner?.StartObject() ?? true);

    public bool StartArray() => Push(isArray: true) && (_inner?.StartArray() ?? true);

    public bool EndObject()
    {
        Pop();
        return _inner?.EndObject() ?? true;
    }

    public bool EndArray()
    {
        Pop();
        return _inner?.EndArray() ?? true;
    }

    public bool PropertyName(ReadOnlySpan<byte> utf8Name)
    {
        if (_depth > 0)
        {
            ref var frame = ref _frames[_depth - 1];
            _namesLength = frame.NameStart;
            if (_namesLength + utf8Name.Length > _names.Length)
            {
                Array.Resize(ref _names, Math.Max(_names.Length * 2, _namesLength + utf8Name.Length));
            }

            utf8Name.CopyTo(_names.AsSpan(_namesLength));
            frame.NameLength = utf8Name.Length;
            _namesLength += utf8Name.Length;
        }

        // a query operator as a member name ({"password": {"$ne": null}}) is NoSQL injection
        if (_policy.NoSql != EnforcementMode.Off && ChosenAllows(ValueDetectors.NoSql) && utf8Name.Length > 1 && utf8Name[0] == (byte)'$')
        {
            _valueReportOnly = _chosen >= 0 && (_chosen & ValueDetectorNames.ReportOnly) != 0;
            var found = NoSqlInjectionDetector.DetectMemberName(utf8Name);
            if (found.Detected && !Detected(ViolationCodes.InjectNoSql, _policy.NoSql, found, "member name is a NoSQL query operator"))
            {
                return false;
            }
        }

        return _inner?.PropertyName(utf8Name) ?? true;
    }

    public bool String(ReadOnlySpan<byte> utf8Value)
    {
        NextElement();
        if (_inner is null)
        {
            return Inspect(utf8Value, Detectors(0));
        }

        // The schema first: it says which detectors the value needs (none for an enum member, SSRF
        // for a URL, …). A value it refuses is refused whatever the detectors would say.
        return _inner.String(utf8Value) && Inspect(utf8Value, Detectors(_schema?.StringDetection ?? 0));
    }

    /// <summary>True unless the operation's or parameter's list leaves <paramref name="detector"/> out.</summary>
    private bool ChosenAllows(ValueDetectors detector) =>
        _chosen < 0 || (_chosen & ValueDetectorNames.KeepDefaults) != 0 || (_chosen & (int)detector) != 0;

    /// <summary>The detectors for a string value, from its schema's hint, the operation's or parameter's choice and the defaults.</summary>
    private ValueDetectors Detectors(ushort hint)
    {
        // the most specific choice wins: a schema's own list, report or not, over its operation's
        _valueReportOnly = (hint & SchemaDetectionHints.ReportOnly) != 0
            || ((hint & SchemaDetectionHints.Explicit) == 0 && _chosen >= 0 && (_chosen & ValueDetectorNames.ReportOnly) != 0);
        if ((hint & SchemaDetectionHints.Explicit) != 0)
        {
            return (ValueDetectors)(hint & SchemaDetectionHints.Mask);
        }

        if ((hint & SchemaDetectionHints.Safe) != 0)
        {
            return ValueDetectors.None;
        }

        return _chosen >= 0 && (_chosen & ValueDetectorNames.KeepDefaults) == 0
            ? (ValueDetectors)(_chosen & SchemaDetectionHints.Mask)
            : _defaults | (ValueDetectors)(hint & SchemaDetectionHints.Mask);
    }

    public bool Number(ReadOnlySpan<byte> literal)
    {
        NextElement();
        return _inner?.Number(literal) ?? true;
    }

    public bool Boolean(bool value)
    {
        NextElement();
        return _inner?.Boolean(value) ?? true;
    }

    public bool Null()
    {
        NextElement();
        return _inner?.Null() ?? true;
    }

    /// <summary>Runs the chosen detectors on one string value; false when a detection in Block mode refuses it.</summary>
    private bool Inspect(ReadOnlySpan<byte> value, ValueDetectors detectors)
    {
        if (value.Length < 2 || detectors == ValueDetectors.None)
        {
            return true;
        }

        // The value is decoded (percent, entities, \u escapes, overlong UTF-8) at most once, by the
        // first detector that needs its decoded form, and the others read that same copy.
        var forms = new ValueForms(value, stackalloc byte[DecodedValue.StackLimit]);
        try
        {
            return Inspect(ref forms, detectors);
        }
        finally
        {
            forms.Dispose();
        }
    }

    /// <summary>Each detector that is chosen and not off, in order of how common the attack is in API traffic.</summary>
    private bool Inspect(ref ValueForms forms, ValueDetectors detectors)
    {
        var value = forms.Value;
        var policy = _policy;
        long work = 0;
        DetectionResult found;
        if ((detectors & ValueDetectors.Ssrf) != 0 && policy.Ssrf != EnforcementMode.Off && (found = SsrfDetector.Detect(value)).Detected
            && !Detected(ViolationCodes.InjectSsrf, policy.Ssrf, found, "URL points at an internal or metadata address"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.Header) != 0 && policy.Header != EnforcementMode.Off
            && (found = HeaderInjectionDetector.Detect(ref forms, ref work)).Detected
            && !Detected(ViolationCodes.InjectHeader, policy.Header, found, "value would break a header line"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.JsonPointer) != 0 && policy.JsonPointer != EnforcementMode.Off
            && (found = JsonPointerInjectionDetector.DetectPointer(value)).Detected
            && !Detected(ViolationCodes.InjectJsonPointer, policy.JsonPointer, found, "JSON Pointer reaches outside the document"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.JsonPath) != 0 && policy.JsonPath != EnforcementMode.Off
            && (found = JsonPathInjectionDetector.DetectExpression(value)).Detected
            && !Detected(ViolationCodes.InjectJsonPointer, policy.JsonPath, found, "JSONPath carries a filter or script"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.Sql) != 0 && policy.Sql != EnforcementMode.Off
            && (found = SqlInjectionDetector.Detect(ref forms, policy.Sensitivity, ref work)).Detected
            && !Detected(ViolationCodes.InjectSql, policy.Sql, found, "value looks like SQL injection"))
        {
            return false;
        }

        // XSS decodes further in place (CSS and lax HTML escapes), so it keeps its own copy.
        if ((detectors & ValueDetectors.Xss) != 0 && policy.Xss != EnforcementMode.Off && (found = XssDetector.Detect(value, policy.Sensitivity)).Detected
            && !Detected(ViolationCodes.InjectXss, policy.Xss, found, "value looks like cross-site scripting"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.NoSql) != 0 && policy.NoSql != EnforcementMode.Off
            && (found = NoSqlInjectionDetector.DetectValue(ref forms, ref work)).Detected
            && !Detected(ViolationCodes.InjectNoSql, policy.NoSql, found, "value looks like NoSQL injection"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.Command) != 0 && policy.Command != EnforcementMode.Off
            && (found = CommandInjectionDetector.Detect(ref forms, ref work)).Detected
            && !Detected(ViolationCodes.InjectCommand, policy.Command, found, "value looks like shell command injection"))
        {
            return false;
        }

        if ((detectors & ValueDetectors.PathTraversal) != 0 && policy.PathTraversal != EnforcementMode.Off
            && (found = PathTraversalDetector.Detect(ref forms, PathTraversalMode.FreeText, ref work)).Detected
            && !Detected(ViolationCodes.InjectPathTraversal, policy.PathTraversal, found, "value looks like path traversal"))
        {
            return false;
        }

        return true;
    }

    /// <summary>Records a detection; false when it blocks (the value is refused and reading stops).</summary>
    private bool Detected(string code, EnforcementMode mode, DetectionResult found, string what)
    {
        var violation = new Violation(code, BuildPointer(),
            $"{what} ({found.Reason}{(found.Normalized ? " after decoding" : "")}, at character {found.Offset})", -1, _location, null);
        if (mode == EnforcementMode.Block && !_valueReportOnly)
        {
            _detected = violation;
            return false;
        }

        _report?.Invoke(violation);
        return true;
    }

    private bool Push(bool isArray)
    {
        NextElement();
        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }

        _frames[_depth++] = new Frame { IsArray = isArray, Index = -1, NameStart = _namesLength, NameLength = -1 };
        return true;
    }

    private void Pop()
    {
        if (_depth > 0)
        {
            _depth--;
            _namesLength = _frames[_depth].NameStart;
        }
    }

    /// <summary>A value starts: inside an array it is the next element.</summary>
    private void NextElement()
    {
        if (_depth > 0 && _frames[_depth - 1].IsArray)
        {
            _frames[_depth - 1].Index++;
        }
    }

    /// <summary>RFC 6901 pointer of the current value (refusal path only).</summary>
    private string BuildPointer()
    {
        var pointer = new System.Text.StringBuilder(_prefix);
        for (int i = 0; i < _depth; i++)
        {
            var frame = _frames[i];
            if (frame.IsArray)
            {
                if (frame.Index >= 0)
                {
                    pointer.Append('/').Append(frame.Index);
                }
            }
            else if (frame.NameLength >= 0)
            {
                var name = System.Text.Encoding.UTF8.GetString(_names, frame.NameStart, frame.NameLength);
                pointer.Append('/').Append(name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
            }
        }

        return pointer.ToString();
    }

    private struct Frame
    {
        public bool IsArray;
        public int Index;
        public int NameStart;
        public int NameLength;
    }
}
