using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace ApiFilter.Tokens;

/// <summary>
/// The current <see cref="JsonWebKeySet"/> of one issuer, kept fresh in the background: from a file (polled), an
/// https "jwks_uri", or the "jwks_uri" of an OpenID Connect / RFC 8414 metadata document. <see cref="Current"/> is
/// an immutable snapshot swapped by reference, so readers pay one volatile read. A refresh that fails (network,
/// status, size, timeout, bad JSON, bad key) never throws into the request path: the last good set stays in use,
/// the failure shows in <see cref="Status"/> and <see cref="StatusChanged"/>, and retries back off. Once the last
/// good set is <see cref="JsonWebKeySourceOptions.MaxStaleAge"/> past its expiry the source fails closed: it
/// serves an empty set, so every token is <see cref="TokenValidationStatus.KeyNotFound"/>.
/// </summary>
/// <remarks>
/// A file is polled (modification time and length, read through one open handle) rather than watched with
/// <see cref="FileSystemWatcher"/>: watchers miss changes on network and container file systems and the atomic
/// symlink swap Kubernetes uses for mounted ConfigMaps and Secrets, fire while a writer is still half way, and
/// consume inotify instances; a stat every few seconds is cheap, runs on the testable clock, and a half-written
/// file simply fails to parse and is read again at the next poll. With discovery, the metadata document is read
/// again at every refresh (its own caching headers are not used), so a changed "jwks_uri" is followed; a refresh
/// fails when either document fails. The clock (<see cref="JsonWebKeySourceOptions.TimeProvider"/>) drives the
/// schedule, expiry and the rate limit; the network timeout and the unknown-key wait are real time.
/// </remarks>
public sealed class JsonWebKeySource : IDisposable
{
    private static readonly JsonWebKeySet Empty = JsonWebKeySet.Create();

    // At most this many request threads block on a refresh at once; more unknown kids during it fail fast.
    private const int MaxUnknownKeyWaiters = 4;

    private readonly JsonWebKeySourceOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpClient? _http;
    private readonly bool _ownsHttp;
    private readonly X509Certificate2Collection? _trust;
    private readonly Uri? _metadataUri;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private readonly ITimer _timer;
    private readonly Func<Task> _refresh;

    private JsonWebKeySet _current = Empty;
    private JsonWebKeySourceStatus _status = new() { FailedClosed = true };
    private int _waiters;

    // Guarded by _gate (the refresh bookkeeping is cold: at most a few times a minute).
    private Task _inflight = Task.CompletedTask;
    private DateTimeOffset _lastStart = DateTimeOffset.MinValue;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _freshUntil;
    private DateTimeOffset _staleUntil = DateTimeOffset.MaxValue;
    private bool _hasGood;
    private int _failures;
    private long _attempts;
    private (DateTime Modified, long Length)? _fileStamp;
    private bool _disposed;

    /// <summary>Creates a source that owns its <see cref="HttpClient"/> (built on <see cref="SocketsHttpHandler"/>). Call <see cref="InitializeAsync"/> to load the first set.</summary>
    /// <exception cref="ArgumentException">No or several locations; an http URL that is not an allowed loopback one; an unreadable <see cref="JsonWebKeySourceOptions.CaCertificate"/>; a limit out of range.</exception>
    public JsonWebKeySource(JsonWebKeySourceOptions options)
        : this(options, null, ownsClient: true)
    {
    }

    /// <summary>
    /// Creates a source over a caller's <paramref name="httpClient"/> (not disposed with the source). Its handler's
    /// TLS settings apply, so <see cref="JsonWebKeySourceOptions.CaCertificate"/> must be null.
    /// </summary>
    public JsonWebKeySource(JsonWebKeySourceOptions options, HttpClient httpClient)
        : this(options, httpClient ?? throw new ArgumentNullException(nameof(httpClient)), ownsClient: false)
    {
    }

    private JsonWebKeySource(JsonWebKeySourceOptions options, HttpClient? httpClient, bool ownsClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        Validate(options);
        _options = options;
        _time = options.TimeProvider;
        if (options.Discovery is not null)
        {
            _metadataUri = MetadataUri(options);
        }

        if (options.File is null)
        {
            if (!ownsClient && options.CaCertificate is not null)
            {
                ThrowHelper.ThrowArgument(nameof(options), "CaCertificate cannot be applied to a caller's HttpClient: configure its handler instead.");
            }

            _trust = options.CaCertificate is null ? null : LoadTrust(options.CaCertificate);
            _http = httpClient ?? CreateClient(options, _trust);
            _ownsHttp = ownsClient;
        }

        _refresh = RefreshCoreAsync;
        _timer = _time.CreateTimer(static state => ((JsonWebKeySource)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised (on a pool thread, outside any lock) after every refresh attempt and when the stale set is dropped.</summary>
    public event EventHandler<JsonWebKeySourceStatus>? StatusChanged;

    /// <summary>The set to verify with now: the last good one, or an empty set before the first success and after the stale limit.</summary>
    public JsonWebKeySet Current => Volatile.Read(ref _current);

    /// <summary>The state after the latest refresh attempt.</summary>
    public JsonWebKeySourceStatus Status => Volatile.Read(ref _status);

    /// <summary>The options this source was built with.</summary>
    public JsonWebKeySourceOptions Options => _options;

    /// <summary>Whether the keys come from a local file (an HMAC secret may then be among them; never over the network).</summary>
    public bool IsFile => _options.File is not null;

    /// <summary>
    /// Loads the first set (or joins a load in flight) and starts the background schedule. Returns whether a set was
    /// loaded; when not, the source serves no keys (fail closed) and keeps retrying with backoff.
    /// </summary>
    public async Task<bool> InitializeAsync(CancellationToken cancellationToken = default)
    {
        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        return Status.LastSuccess is not null;
    }

    /// <summary>Refreshes now, outside the unknown-key rate limit (or joins a refresh in flight); never throws for fetch failures.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        Task? refresh = StartRefresh(rateLimited: false);
        return refresh is null ? Task.CompletedTask : refresh.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the schedule, cancels a fetch in flight and disposes the owned <see cref="HttpClient"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _timer.Dispose();
        _disposing.Cancel();
        if (_ownsHttp)
        {
            _http!.Dispose();
        }

        if (_trust is not null)
        {
            foreach (X509Certificate2 certificate in _trust)
            {
                certificate.Dispose();
            }
        }

        _disposing.Dispose();
    }

    /// <summary>
    /// Called by <see cref="JwsVerifier"/> when a token's "kid" is not in <paramref name="seen"/>. Returns a newer set
    /// to look the kid up in once more, or null to refuse now.
    /// </summary>
    /// <remarks>
    /// The token check runs synchronously in the request pipeline, so the request that may trigger a refresh blocks
    /// its thread for at most <see cref="JsonWebKeySourceOptions.UnknownKeyWait"/> on the shared fetch task.
    /// Blocking a pool thread is the price of letting the first tokens signed with a newly rotated key pass; it is
    /// bounded in time and in count. Requests that arrive while the fetch is in flight share it (one fetch, not one
    /// per request) and wait on it too, but only <see cref="MaxUnknownKeyWaiters"/> threads at a time: a flood of
    /// made-up kids with every request blocking would starve the thread pool of the very threads the fetch needs to
    /// complete (measured: 64 concurrent unknown kids with unbounded waiting took 30 s on 2 cores instead of
    /// milliseconds). After the fetch, every unknown kid fails fast until <see cref="JsonWebKeySourceOptions.MinRefreshInterval"/>
    /// has passed, so a flood costs the issuer one request per interval and the filter at most a few waiting threads.
    /// </remarks>
    internal JsonWebKeySet? RefreshForUnknownKey(JsonWebKeySet seen)
    {
        JsonWebKeySet current = Current;
        if (!ReferenceEquals(current, seen))
        {
            // A refresh landed between the caller's lookup and now: look again in what it brought.
            return current;
        }

        Task? refresh = StartRefresh(rateLimited: true);
        TimeSpan wait = _options.UnknownKeyWait;
        if (refresh is null || wait <= TimeSpan.Zero)
        {
            return null;
        }

        if (Interlocked.Increment(ref _waiters) > MaxUnknownKeyWaiters)
        {
            Interlocked.Decrement(ref _waiters);
            return null;
        }

        try
        {
            if (!refresh.Wait(wait))
            {
                return null;
            }
        }
        catch (AggregateException)
        {
            // The refresh task records its own failures and does not fault; refuse if it ever does.
            return null;
        }
        finally
        {
            Interlocked.Decrement(ref _waiters);
        }

        current = Current;
        return ReferenceEquals(current, seen) ? null : current;
    }

    /// <summary>The refresh in flight, or a completed task: lets tests wait for a timer-started refresh.</summary>
    internal Task WhenIdle()
    {
        lock (_gate)
        {
            return _inflight;
        }
    }

    private Task? StartRefresh(bool rateLimited)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return null;
            }

            if (!_inflight.IsCompleted)
            {
                return _inflight;
            }

            DateTimeOffset now = _time.GetUtcNow();
            if (rateLimited && now - _lastStart < _options.MinRefreshInterval)
            {
                return null;
            }

            _lastStart = now;
            _inflight = Task.Run(_refresh);
            return _inflight;
        }
    }

    private void OnTimer()
    {
        JsonWebKeySourceStatus? dropped = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // Fail closed on time, not only when the next fetch fails: that fetch may take a timeout to end.
            if (_time.GetUtcNow() >= _staleUntil && !ReferenceEquals(Volatile.Read(ref _current), Empty))
            {
                Volatile.Write(ref _current, Empty);
                dropped = PublishStatus(_status.LastError, _status.NextRefresh);
            }
        }

        if (dropped is not null)
        {
            StatusChanged?.Invoke(this, dropped);
        }

        StartRefresh(rateLimited: false);
    }

    private async Task RefreshCoreAsync()
    {
        JsonWebKeySet? set = null;
        TimeSpan lifetime = TimeSpan.Zero;
        string? error = null;
        try
        {
            if (_options.File is not null)
            {
                set = ReadFile(_options.File);
            }
            else
            {
                Uri jwksUri = _metadataUri is null ? _options.JwksUri! : await ReadMetadataAsync(_metadataUri).ConfigureAwait(false);
                (set, lifetime) = await FetchKeySetAsync(jwksUri).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException)
        {
            error = $"No complete answer within {_options.RequestTimeout.TotalSeconds:0.###} s.";
        }
        catch (Exception ex)
        {
            // Whatever went wrong is a failed refresh: it is reported and retried, never thrown into a request,
            // and the schedule must go on (an escaped exception would leave no timer armed).
            error = Describe(ex);
        }

        Apply(set, lifetime, error);
    }

    /// <summary>Records the outcome of one attempt and schedules the next.</summary>
    private void Apply(JsonWebKeySet? set, TimeSpan lifetime, string? error)
    {
        JsonWebKeySourceStatus status;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            DateTimeOffset now = _time.GetUtcNow();
            _attempts++;
            TimeSpan next;
            bool isFile = _options.File is not null;
            if (error is null)
            {
                if (set is not null)
                {
                    Volatile.Write(ref _current, set);
                }

                _hasGood = true;
                _failures = 0;
                _lastSuccess = now;
                if (isFile)
                {
                    next = _options.FilePollInterval;
                }
                else
                {
                    _freshUntil = now + lifetime;
                    _staleUntil = now + lifetime + _options.MaxStaleAge;

                    // Refresh ahead of expiry (at 80 % of the lifetime), so a slow or failing issuer is noticed and
                    // retried while the set is still fresh.
                    next = lifetime * 0.8;
                }
            }
            else
            {
                _failures++;
                if (!_hasGood || now >= _staleUntil)
                {
                    Volatile.Write(ref _current, Empty);
                }

                if (isFile)
                {
                    next = _options.FilePollInterval;
                }
                else
                {
                    // Exponential backoff, capped; the timer also fires at the stale limit to fail closed on time.
                    double factor = Math.Pow(2, Math.Min(_failures - 1, 30));
                    next = TimeSpan.FromTicks((long)Math.Min(_options.FirstRetryDelay.Ticks * factor, _options.MaxRetryDelay.Ticks));
                    if (_hasGood && _staleUntil > now && _staleUntil - now < next)
                    {
                        next = _staleUntil - now;
                    }
                }
            }

            _timer.Change(next, Timeout.InfiniteTimeSpan);
            status = PublishStatus(error, now + next);
        }

        StatusChanged?.Invoke(this, status);
    }

    private JsonWebKeySourceStatus PublishStatus(string? error, DateTimeOffset? nextRefresh)
    {
        JsonWebKeySet current = Volatile.Read(ref _current);
        bool isFile = _options.File is not null;
        var status = new JsonWebKeySourceStatus
        {
            KeyCount = current.Keys.Count,
            Attempts = _attempts,
            LastAttempt = _time.GetUtcNow(),
            LastSuccess = _lastSuccess,
            FreshUntil = isFile ? null : _freshUntil,
            StaleUntil = isFile || !_hasGood ? null : _staleUntil,
            NextRefresh = nextRefresh,
            ConsecutiveFailures = _failures,
            LastError = error,
            FailedClosed = ReferenceEquals(current, Empty),
        };
        Volatile.Write(ref _status, status);
        return status;
    }

    /// <summary>Reads the file when its modification time or length changed; null when unchanged.</summary>
    private JsonWebKeySet? ReadFile(string path)
    {
        // One handle for the stamp and the content, so both describe the same file even across a rename swap.
        using SafeFileHandle handle = System.IO.File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        long length = RandomAccess.GetLength(handle);
        DateTime modified = System.IO.File.GetLastWriteTimeUtc(handle);
        if (_fileStamp is { } stamp && stamp.Modified == modified && stamp.Length == length)
        {
            return null;
        }

        if (length > _options.MaxDocumentBytes)
        {
            throw new JsonWebKeyException($"The key set file is {length} bytes, over the {_options.MaxDocumentBytes}-byte limit.");
        }

        byte[] buffer = new byte[length];
        int read = 0;
        while (read < buffer.Length)
        {
            int n = RandomAccess.Read(handle, buffer.AsSpan(read), read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        JsonWebKeySet set = JsonWebKeySet.Parse(buffer.AsSpan(0, read));

        // Only a file that parsed is remembered, so a half-written one is read again at the next poll.
        _fileStamp = (modified, length);
        return set;
    }

    private async Task<(JsonWebKeySet Set, TimeSpan Lifetime)> FetchKeySetAsync(Uri uri)
    {
        (byte[] body, int length, TimeSpan lifetime) = await GetAsync(uri, "application/jwk-set+json, application/json").ConfigureAwait(false);
        try
        {
            JsonWebKeySet set = JsonWebKeySet.Parse(body.AsSpan(0, length));

            // A JWK Set endpoint is public (OpenID Connect Discovery 1.0 section 3, "jwks_uri"): a shared secret
            // there is known to everyone who can fetch it, so HMAC tokens "verified" with it prove nothing.
            if (set.HasSharedSecret)
            {
                throw new JsonWebKeyException("The JWK Set holds a shared secret (kty \"oct\"); secrets are never taken from the network.");
            }

            return (set, lifetime);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>Reads the metadata document, checks its "issuer", and returns its https "jwks_uri".</summary>
    private async Task<Uri> ReadMetadataAsync(Uri metadataUri)
    {
        (byte[] body, int length, _) = await GetAsync(metadataUri, "application/json").ConfigureAwait(false);
        try
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(body.AsMemory(0, length), new JsonDocumentOptions
                {
                    MaxDepth = 16,
                    CommentHandling = JsonCommentHandling.Disallow,
                    AllowTrailingCommas = false,
                    AllowDuplicateProperties = false,
                });
            }
            catch (JsonException ex)
            {
                throw new JsonWebKeyException($"The metadata document is not valid JSON: {ex.Message}", ex);
            }

            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonWebKeyException("The metadata document is not a JSON object.");
                }

                // OpenID Connect Discovery 1.0 section 4.3 / RFC 8414 section 3.3: exactly the configured issuer,
                // or an attacker able to serve one issuer's metadata could hand out another's keys.
                string? issuer = root.TryGetProperty("issuer", out JsonElement i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
                if (!string.Equals(issuer, _options.Discovery, StringComparison.Ordinal))
                {
                    throw new JsonWebKeyException($"The metadata document's \"issuer\" ({(issuer is null ? "missing" : "\"" + issuer + "\"")}) is not the configured issuer \"{_options.Discovery}\".");
                }

                string? jwks = root.TryGetProperty("jwks_uri", out JsonElement j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
                if (jwks is null || !Uri.TryCreate(jwks, UriKind.Absolute, out Uri? jwksUri))
                {
                    throw new JsonWebKeyException("The metadata document has no absolute \"jwks_uri\".");
                }

                string? refusal = CheckTransport(jwksUri, _options.AllowInsecureLoopback);
                if (refusal is not null)
                {
                    throw new JsonWebKeyException($"The metadata document's \"jwks_uri\" is refused: {refusal}");
                }

                return jwksUri;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>GETs <paramref name="uri"/>: success status required, body read into a pooled buffer up to the size limit.</summary>
    private async Task<(byte[] Body, int Length, TimeSpan Lifetime)> GetAsync(Uri uri, string accept)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposing.Token);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd(accept);
        using HttpResponseMessage response = await _http!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"{uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        int limit = _options.MaxDocumentBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new JsonWebKeyException($"{uri} sent {response.Content.Headers.ContentLength} bytes, over the {limit}-byte limit.");
        }

        // One byte more than the limit tells "exactly at the limit" from "over it" without trusting Content-Length.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            Stream stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int total = 0;
                int read;
                while (total <= limit && (read = await stream.ReadAsync(buffer.AsMemory(total, limit + 1 - total), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                if (total > limit)
                {
                    throw new JsonWebKeyException($"{uri} sent more than the {limit}-byte limit.");
                }

                return (buffer, total, Lifetime(response.Headers));
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>RFC 9111 sections 4.2.1 and 4.2.3: max-age less the response's Age, clamped to the configured range.</summary>
    private TimeSpan Lifetime(HttpResponseHeaders headers)
    {
        CacheControlHeaderValue? cacheControl = headers.CacheControl;
        TimeSpan lifetime;
        if (cacheControl is { NoStore: true } or { NoCache: true })
        {
            lifetime = TimeSpan.Zero;
        }
        else if (cacheControl?.MaxAge is { } maxAge)
        {
            lifetime = maxAge - (headers.Age ?? TimeSpan.Zero);
        }
        else
        {
            lifetime = _options.DefaultCacheDuration;
        }

        return lifetime < _options.MinCacheDuration ? _options.MinCacheDuration
            : lifetime > _options.MaxCacheDuration ? _options.MaxCacheDuration
            : lifetime;
    }

    private static string Describe(Exception ex)
    {
        // TLS and socket failures are wrapped; the innermost message says what went wrong (an untrusted chain, a refusal).
        string message = ex.Message;
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += " " + inner.Message;
        }

        return message;
    }

    /// <summary>Null when <paramref name="uri"/> may be fetched; otherwise why not.</summary>
    private static string? CheckTransport(Uri uri, bool allowInsecureLoopback)
    {
        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme == Uri.UriSchemeHttp)
        {
            return allowInsecureLoopback && uri.IsLoopback
                ? null
                : $"\"{uri}\" is plain http; keys are fetched over https only (plain http only for a loopback host with AllowInsecureLoopback).";
        }

        return $"\"{uri}\" is not an https URL.";
    }

    private static void Validate(JsonWebKeySourceOptions options)
    {
        int locations = (options.File is null ? 0 : 1) + (options.JwksUri is null ? 0 : 1) + (options.Discovery is null ? 0 : 1);
        if (locations != 1)
        {
            ThrowHelper.ThrowArgument(nameof(options), "Set exactly one of File, JwksUri and Discovery.");
        }

        if (options.File is not null && options.File.Length == 0)
        {
            ThrowHelper.ThrowArgument(nameof(options), "File must not be empty.");
        }

        if (options.JwksUri is { } jwksUri)
        {
            string? refusal = jwksUri.IsAbsoluteUri ? CheckTransport(jwksUri, options.AllowInsecureLoopback) : "JwksUri must be an absolute URL.";
            if (refusal is not null)
            {
                ThrowHelper.ThrowArgument(nameof(options), refusal);
            }
        }

        if (options.Discovery is { } issuer)
        {
            // OpenID Connect Discovery 1.0 section 2 / RFC 8414 section 2: an https URL without query or fragment.
            if (!Uri.TryCreate(issuer, UriKind.Absolute, out Uri? uri) || uri.Query.Length != 0 || uri.Fragment.Length != 0)
            {
                ThrowHelper.ThrowArgument(nameof(options), $"Discovery \"{issuer}\" must be an issuer URL without query or fragment.");
            }

            string? refusal = CheckTransport(uri, options.AllowInsecureLoopback);
            if (refusal is not null)
            {
                ThrowHelper.ThrowArgument(nameof(options), refusal);
            }
        }

        if (options.DiscoveryKind is not (DiscoveryMetadataKind.OpenIdConnect or DiscoveryMetadataKind.OAuthAuthorizationServer))
        {
            ThrowHelper.ThrowArgument(nameof(options), "DiscoveryKind is not a known metadata document.");
        }

        ThrowIfNotPositive(options.MinRefreshInterval, nameof(options.MinRefreshInterval));
        ThrowIfNotPositive(options.MinCacheDuration, nameof(options.MinCacheDuration));
        ThrowIfNotPositive(options.RequestTimeout, nameof(options.RequestTimeout));
        ThrowIfNotPositive(options.FilePollInterval, nameof(options.FilePollInterval));
        ThrowIfNotPositive(options.FirstRetryDelay, nameof(options.FirstRetryDelay));
        if (options.MaxCacheDuration < options.MinCacheDuration || options.MaxRetryDelay < options.FirstRetryDelay)
        {
            ThrowHelper.ThrowArgument(nameof(options), "MaxCacheDuration and MaxRetryDelay must not be below their minimums.");
        }

        if (options.MaxStaleAge < TimeSpan.Zero || options.UnknownKeyWait < TimeSpan.Zero)
        {
            ThrowHelper.ThrowArgument(nameof(options), "MaxStaleAge and UnknownKeyWait must not be negative.");
        }

        ThrowHelper.ThrowIfNotPositive(options.MaxDocumentBytes, nameof(options.MaxDocumentBytes));
        if (options.MaxDocumentBytes > 16 * 1024 * 1024)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(options), "MaxDocumentBytes is capped at 16 MB.");
        }
    }

    private static void ThrowIfNotPositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, $"{name} must be positive, got {value}.");
        }
    }

    private static Uri MetadataUri(JsonWebKeySourceOptions options)
    {
        var issuer = new Uri(options.Discovery!, UriKind.Absolute);
        if (options.DiscoveryKind == DiscoveryMetadataKind.OAuthAuthorizationServer)
        {
            // RFC 8414 section 3.1: the well-known segment goes between the host and the issuer's path.
            string path = issuer.AbsolutePath.TrimEnd('/');
            return new Uri(issuer.GetLeftPart(UriPartial.Authority) + "/.well-known/oauth-authorization-server" + path, UriKind.Absolute);
        }

        // OpenID Connect Discovery 1.0 section 4: appended to the issuer, its terminating "/" removed.
        return new Uri(options.Discovery!.TrimEnd('/') + "/.well-known/openid-configuration", UriKind.Absolute);
    }

    private static X509Certificate2Collection LoadTrust(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            byte[] bytes = System.IO.File.ReadAllBytes(path);
            if (bytes.AsSpan().IndexOf("-----BEGIN"u8) >= 0)
            {
                collection.ImportFromPemFile(path);
            }
            else
            {
                collection.Add(X509CertificateLoader.LoadCertificate(bytes));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            ThrowHelper.ThrowArgument("options", $"CaCertificate \"{path}\" could not be read: {ex.Message}");
        }

        if (collection.Count == 0)
        {
            ThrowHelper.ThrowArgument("options", $"CaCertificate \"{path}\" holds no certificate.");
        }

        return collection;
    }

    private static HttpClient CreateClient(JsonWebKeySourceOptions options, X509Certificate2Collection? trust)
    {
        var handler = new SocketsHttpHandler
        {
            // The configured URL is what is trusted: a redirect elsewhere is a failure, not a hint.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = options.RequestTimeout,
            MaxResponseHeadersLength = 64,
            MaxConnectionsPerServer = 2,

            // Re-resolve the issuer's name now and then rather than holding one connection forever.
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        };

        if (trust is not null)
        {
            // The chain must end in one of these certificates instead of a system root. Validation is otherwise
            // the platform's: host name, validity period and server-auth usage are still checked. Revocation is
            // not checked, as with HttpClient's default (CertificateRevocationCheckMode.NoCheck).
            var policy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            policy.CustomTrustStore.AddRange(trust);
            policy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = options.RequestTimeout };
    }
}
