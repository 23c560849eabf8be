namespace ApiFilter.Detection;

/// <summary>How strictly <see cref="PathTraversalDetector"/> judges a value.</summary>
public enum PathTraversalMode
{
    /// <summary>
    /// Free text (the default for strings): refuse what only an attack puts in prose: <c>..</c>
    /// segments next to a separator (<c>../</c>, <c>..\</c>, <c>/..</c>, <c>..;/</c>), NUL bytes, a
    /// value that starts with a sensitive root (<c>/etc/</c>, <c>/proc/</c>, <c>C:\Windows</c>,
    /// <c>\\server\share</c>, <c>file:</c> to those) — each also when percent-, double-, overlong- or
    /// <c>%u</c>-encoded. A lone <c>..</c> or a path mentioned mid-sentence passes.
    /// </summary>
    FreeText = 0,

    /// <summary>
    /// A value declared as a relative path or file name that the back end joins to a base directory:
    /// additionally refuse any <c>..</c> segment (also the whole value <c>..</c>) and any absolute
    /// form (<c>/x</c>, <c>\x</c>, <c>C:</c>, <c>~</c>, <c>file:</c>), since joining an absolute
    /// path discards the base (.NET <c>Path.Combine</c>, Python <c>os.path.join</c>, Java
    /// <c>Path.resolve</c>).
    /// </summary>
    Path = 1,
}
