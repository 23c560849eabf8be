namespace ApiFilter.Detection;

/// <summary>
/// How much a detector flags beyond the constructs that change a query's or a page's meaning for
/// certain. Each level flags everything the levels below it flag. The levels follow the paranoia
/// levels of the OWASP Core Rule Set, whose regression tests are the yardstick: a rule of paranoia
/// level N must match at <c>N</c> and above.
/// </summary>
/// <remarks>
/// <see cref="Standard"/> is meant for Block mode on ordinary traffic (measured false-positive
/// rate on the benign corpora ≤ 0.1 %); the higher levels trade false positives on code-like or
/// SQL-like prose for recall on fragments, and are meant for fields that should never carry such
/// text, or for Report mode. bench/RESULTS.md gives recall and false positives per level.
/// </remarks>
public enum DetectionSensitivity : byte
{
    /// <summary>Level 1: a value that breaks out of its context and goes on as code (the default).</summary>
    Standard = 1,

    /// <summary>Level 2: also well-known attack fragments that need a context to run (CRS PL2).</summary>
    Elevated = 2,

    /// <summary>Level 3: also suspicious fragments that ordinary text rarely contains (CRS PL3).</summary>
    High = 3,

    /// <summary>Level 4: also anything SQL-like or markup-like at all (CRS PL4); expect false positives on prose about code.</summary>
    Paranoid = 4,
}
