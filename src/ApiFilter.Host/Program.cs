namespace ApiFilter.Host;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("apifilter: not implemented yet");
        return args.Length == 0 ? 2 : 2;
    }
}
