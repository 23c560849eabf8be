using Microsoft.OpenApi;

namespace ApiFilter.Contract;

/// <summary>
/// Resolves external <c>$ref</c> targets on the local file system only. A contract is loaded on a
/// filter's start path, so fetching from the network would make start-up depend on another host
/// and let a contract pull content an operator never reviewed; such references are refused instead.
/// </summary>
internal sealed class FileOnlyStreamLoader : IStreamLoader
{
    public Task<Stream> LoadAsync(Uri baseUrl, Uri uri, CancellationToken cancellationToken)
    {
        var target = uri.IsAbsoluteUri ? uri : new Uri(baseUrl, uri);
        if (!target.IsFile)
        {
            throw new ExternalReferenceRefusedException(uri.OriginalString,
                $"external reference '{uri.OriginalString}' is not a local file; contracts are never fetched from the network");
        }

        // FileStream opened for async reads; the reader disposes it after parsing
        Stream stream = new FileStream(target.LocalPath, FileMode.Open, FileAccess.Read, FileShare.Read,
            bufferSize: 16 * 1024, useAsync: true);
        return Task.FromResult(stream);
    }
}
