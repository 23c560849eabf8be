namespace ApiFilter.Host;

/// <summary>Process exit codes of <c>apifilter</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Ran and stopped normally (Ctrl+C, SIGTERM).</summary>
    public const int Ok = 0;

    /// <summary>The server failed at run time (e.g. the listen address is in use).</summary>
    public const int Failure = 1;

    /// <summary>Bad arguments or a bad policy file: nothing was started.</summary>
    public const int Usage = 2;
}
