using System.CommandLine;
using ApiFilter.Tokens;

namespace ApiFilter.Host;

/// <summary>
/// <c>apifilter hash-key [--label L]</c> and <c>apifilter hash-password --user U [--iterations N]</c>:
/// print the line for the policy's API key file or Basic user file. The secret is read from the first
/// line of standard input, never from the command line, where process lists and shell history would keep it.
/// </summary>
internal static class HashCommands
{
    public static Command HashKey()
    {
        var label = new Option<string?>("--label") { Description = "Label naming the client, written after the hash" };
        var command = new Command("hash-key", "Print the API key file line (SHA-256) of the key read from standard input") { label };
        command.SetAction(result => Run(secret => ApiKeyStore.HashLine(secret, result.GetValue(label)), Console.In, Console.Out, Console.Error));
        return command;
    }

    public static Command HashPassword()
    {
        var user = new Option<string>("--user") { Description = "The Basic user-id (no ':')", Required = true };
        var iterations = new Option<int>("--iterations")
        {
            Description = $"PBKDF2-SHA256 iterations (at least {BasicCredentialStore.MinIterations})",
            DefaultValueFactory = _ => BasicCredentialStore.DefaultIterations,
        };
        var command = new Command("hash-password", "Print the Basic user file line (salted PBKDF2-SHA256) of the password read from standard input") { user, iterations };
        command.SetAction(result => Run(secret => BasicCredentialStore.HashLine(result.GetValue(user)!, secret, result.GetValue(iterations)), Console.In, Console.Out, Console.Error));
        return command;
    }

    internal static int Run(Func<string, string> hash, TextReader input, TextWriter output, TextWriter error)
    {
        var secret = input.ReadLine();
        if (string.IsNullOrEmpty(secret))
        {
            error.WriteLine("apifilter: expected the secret on the first line of standard input");
            return ExitCodes.Usage;
        }

        try
        {
            output.WriteLine(hash(secret));
            return ExitCodes.Ok;
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"apifilter: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}
