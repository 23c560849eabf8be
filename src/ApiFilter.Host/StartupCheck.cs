using ApiFilter.Policy;

namespace ApiFilter.Host;

/// <summary>Validates arguments before anything starts, so the proxy never runs half-configured.</summary>
internal static class StartupCheck
{
    public static bool TryLoadPolicy(string? path, out FilterPolicy policy)
    {
        policy = FilterPolicy.Default;
        if (path is null)
        {
            return true;
        }

        try
        {
            policy = PolicyLoader.LoadFile(path);
            policy.Validate();
            return true;
        }
        catch (PolicyException e)
        {
            Console.Error.WriteLine($"apifilter: invalid policy: {e.Message}");
            return false;
        }
        catch (ArgumentOutOfRangeException e)
        {
            Console.Error.WriteLine($"apifilter: invalid policy: {Path.GetFileName(path)}: {e.Message}");
            return false;
        }
    }

    public static bool TryParseHttpUrl(string value, string option, out Uri uri)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0)
        {
            return true;
        }

        Console.Error.WriteLine($"apifilter: {option}: expected an absolute http:// or https:// URL, got '{value}'");
        return false;
    }
}
