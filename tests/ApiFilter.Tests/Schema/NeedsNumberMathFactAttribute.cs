using ApiFilter.Schema;

namespace ApiFilter.Tests.Schema;

/// <summary>
/// A fact that needs <see cref="JsonNumberMath"/>: reported as skipped, with the reason, while the
/// number primitives are not implemented, and run as soon as they are.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsNumberMathFactAttribute : FactAttribute
{
    public NeedsNumberMathFactAttribute()
    {
        try
        {
            JsonNumberMath.Compare("1"u8, "2"u8);
        }
        catch (NotSupportedException)
        {
            Skip = "JsonNumberMath is not implemented yet";
        }
    }
}
