using System.Buffers;
using ApiFilter.Contract;
using ApiFilter.Detection;
using ApiFilter.Json;
using ApiFilter.Parameters;
using ApiFilter.Policy;
using ApiFilter.Schema;

namespace ApiFilter.Pipeline;

/// <summary>
/// Checks each decoded parameter value of one request against its compiled schema, with one pooled
/// <see cref="JsonSchemaValidator"/> (and a <see cref="JsonGuard"/> for parameters whose value is a
/// JSON document). Rented per request, used on one thread; nothing allocated on the allow path.
/// </summary>
internal sealed class ParameterValueChecker : IParameterValueChecker
{
    private readonly JsonSchemaValidator _validator = new();
    private readonly JsonGuard _contentGuard;
    private readonly ValueDetectionSink _detection = new();
    private readonly DetectionPolicy? _detectionPolicy;
    private readonly Action<Violation>? _report;
    private IJsonValidatorSink? _current;
    private int[] _entries = [];
    private string[] _pointers = [];
    private int[] _chosen = [];
    private ValueDetectors[] _defaults = [];
    private int _operationChosen = -1;
    private IReadOnlyList<ParameterDefinition> _definitions = [];
    private SchemaProgram? _program;
    private int _maxViolations;
    private ValidationDirection _direction;
    private string? _location;

    /// <summary>Creates a checker; with a detection policy, parameter values of requests also go through the attack detectors.</summary>
    public ParameterValueChecker(JsonThreatLimits limits, DetectionPolicy? detection = null, Action<Violation>? report = null)
    {
        _contentGuard = new JsonGuard(limits);
        _detectionPolicy = detection is { IsOff: false } ? detection : null;
        _report = report;
    }

    /// <summary>The violations of the refused value, copied out of the validator; null while nothing is refused.</summary>
    public Violation[]? Refusal
    {
        get
        {
            // a sink that stopped the decoder mid-value (a blocking detection, the violation limit)
            // was never asked to End: its violations are taken from it here
            if (_refusal is null && _current is not null && _current.Violations.Count > 0)
            {
                _refusal = Copy(_current.Violations);
            }

            return _refusal;
        }

        private set => _refusal = value;
    }

    private Violation[]? _refusal;

    public void Start(ContractOperation operation, SchemaProgram program, int maxViolations)
    {
        Start(operation.Parameters.Definitions, operation.ParameterSchemaEntries, operation.ParameterPointers, program, maxViolations,
            ValidationDirection.Request, location: null);
        _chosen = operation.ParameterDetectChosen;
        _defaults = operation.ParameterDetectDefaults;
        _operationChosen = operation.DetectChosen;
    }

    /// <summary>Prepares to check the values of <paramref name="definitions"/>; a null location names each by its own <c>in</c>.</summary>
    public void Start(IReadOnlyList<ParameterDefinition> definitions, int[] entries, string[] pointers, SchemaProgram program, int maxViolations,
        ValidationDirection direction, string? location)
    {
        _definitions = definitions;
        _entries = entries;
        _pointers = pointers;
        _program = program;
        _maxViolations = maxViolations;
        _direction = direction;
        _location = location;
        _chosen = [];
        _defaults = [];
        _operationChosen = -1;
        Refusal = null;
    }

    public void Clear()
    {
        _definitions = [];
        _entries = [];
        _pointers = [];
        _program = null;
        Refusal = null;
        _current = null;
        _detection.Clear();
        _contentGuard.Reset();
    }

    public IJsonTokenSink? Begin(int parameterIndex)
    {
        _current = SinkFor(parameterIndex);
        return _current;
    }

    public bool End(int parameterIndex)
    {
        if (_current is null || _current.Finish())
        {
            return true;
        }

        Refusal = Copy(_current.Violations);
        return false;
    }

    /// <summary>The schema validator of the parameter, wrapped by the detectors for request values; null when neither applies.</summary>
    private IJsonValidatorSink? SinkFor(int parameterIndex)
    {
        var entry = _entries[parameterIndex];
        IJsonValidatorSink? inner = null;
        if (entry >= 0)
        {
            _validator.Reset(_program!, entry, _direction, _maxViolations, LocationOf(parameterIndex), _pointers[parameterIndex]);
            inner = _validator;
        }

        if (_detectionPolicy is null || _direction != ValidationDirection.Request)
        {
            return inner;
        }

        _detection.Reset(inner, _detectionPolicy, LocationOf(parameterIndex), _pointers[parameterIndex], _report,
            parameterIndex < _defaults.Length ? _defaults[parameterIndex] : ValueDetectors.FreeText,
            parameterIndex < _chosen.Length ? _chosen[parameterIndex] : -1);
        return _detection;
    }

    /// <summary>An undeclared query or cookie name (let through by the policy) carrying a NoSQL operator subscript is refused.</summary>
    public bool UndeclaredName(ParameterLocation location, ReadOnlySpan<byte> name, out Violation? violation)
    {
        violation = null;
        var policy = _detectionPolicy;
        if (policy is null || policy.NoSql == EnforcementMode.Off || _direction != ValidationDirection.Request
            || (_operationChosen >= 0 && (_operationChosen & ValueDetectorNames.KeepDefaults) == 0 && (_operationChosen & (int)ValueDetectors.NoSql) == 0))
        {
            return true;
        }

        var found = NoSqlInjectionDetector.DetectParameterName(name);
        if (!found.Detected)
        {
            return true;
        }

        var where = LocationName(location);
        var text = System.Text.Encoding.UTF8.GetString(name);
        var detected = new Violation(ViolationCodes.InjectNoSql, "",
            $"{where} parameter name '{text}' carries a NoSQL query operator ({found.Reason}{(found.Normalized ? " after decoding" : "")}, at character {found.Offset})",
            -1, where, null);
        if (policy.NoSql == EnforcementMode.Block && (_operationChosen < 0 || (_operationChosen & ValueDetectorNames.ReportOnly) == 0))
        {
            violation = detected;
            return false;
        }

        _report?.Invoke(detected);
        return true;
    }

    public bool Content(int parameterIndex, ReadOnlyMemory<byte> document)
    {
        _contentGuard.Reset();
        _contentGuard.Validator = SinkFor(parameterIndex);

        var status = _contentGuard.Feed(new ReadOnlySequence<byte>(document), isFinalBlock: true, out _);
        if (status == GuardStatus.Allowed)
        {
            return true;
        }

        Refusal = _contentGuard.Violations.Count > 0 ? Copy(_contentGuard.Violations) : [_contentGuard.Violation!];
        return false;
    }

    private string LocationOf(int parameterIndex) => _location ?? LocationName(_definitions[parameterIndex].Location);

    public static string LocationName(ParameterLocation location) => location switch
    {
        ParameterLocation.Path => "path",
        ParameterLocation.Query => "query",
        ParameterLocation.Header => "header",
        _ => "cookie",
    };

    private static Violation[] Copy(IReadOnlyList<Violation> violations)
    {
        var copy = new Violation[violations.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = violations[i];
        }

        return copy;
    }
}
