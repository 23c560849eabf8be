using System.Diagnostics.CodeAnalysis;

namespace ApiFilter;

/// <summary>Throw sites kept out of line so callers stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>Configuration check: limits must be positive numbers.</summary>
    public static void ThrowIfNotPositive(long value, string name)
    {
        if (value <= 0)
        {
            ThrowArgumentOutOfRange(name, $"{name} must be a positive number, got {value}.");
        }
    }
}
