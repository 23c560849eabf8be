using System.Buffers;
using System.Security.Cryptography;
using ApiFilter.Pipeline;

namespace ApiFilter.Signatures;

/// <summary>
/// Checks a message's content against its <c>Content-Digest</c> (RFC 9530: a Dictionary of
/// Byte Sequences keyed <c>sha-256</c> / <c>sha-512</c>) or legacy <c>Digest</c> (RFC 3230:
/// <c>SHA-256=base64</c>, <c>SHA-512=base64</c>) field, with the content fed as it streams:
/// <see cref="Begin(IRequestHeaders)"/>, <see cref="Append(in ReadOnlySequence{byte})"/> per
/// segment, then <see cref="Verify"/>. Every supported digest present must match (RFC 9530
/// section 6.7 leaves the choice to the recipient; checking all fails closed). Reusable after
/// <see cref="Reset"/>; not thread-safe (one per request, or pooled).
/// </summary>
public sealed class ContentDigest : IDisposable
{
    // the longest digest field read; two SHA-512 digests in base64 are about 200 characters
    private const int MaxFieldLength = 4096;
    private const int MaxDictionaryNodes = 32;

    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
    private readonly byte[] _expected256 = new byte[SHA256.HashSizeInBytes];
    private readonly byte[] _expected512 = new byte[SHA512.HashSizeInBytes];
    private readonly DigestAlgorithms _accepted;
    private bool _has256;
    private bool _has512;
    private bool _started;

    /// <summary>A check that accepts both <c>sha-256</c> and <c>sha-512</c>.</summary>
    public ContentDigest()
        : this(DigestAlgorithms.All)
    {
    }

    /// <summary>A check that accepts only <paramref name="accepted"/>; digests of other algorithms are ignored like unknown ones.</summary>
    public ContentDigest(DigestAlgorithms accepted)
    {
        _accepted = accepted;
    }

    /// <summary>Reads <c>Content-Digest</c>, or <c>Digest</c> when there is none, and starts hashing.</summary>
    /// <returns><see cref="DigestVerificationStatus.Valid"/> when hashing started; otherwise why not (and <see cref="Verify"/> then answers <see cref="DigestVerificationStatus.NotStarted"/>).</returns>
    public DigestVerificationStatus Begin(IRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        bool modern = headers.GetValueCount(FieldNames.ContentDigest) > 0;
        string name = modern ? FieldNames.ContentDigest : FieldNames.Digest;
        if (!CombinedField.TryRead(headers, name, MaxFieldLength, out CombinedField field))
        {
            Reset();
            return DigestVerificationStatus.Malformed;
        }

        try
        {
            if (!field.IsPresent)
            {
                Reset();
                return DigestVerificationStatus.Missing;
            }

            return modern ? BeginContentDigest(field.Value) : BeginLegacyDigest(field.Value);
        }
        finally
        {
            field.Dispose();
        }
    }

    /// <summary>Starts a check against a <c>Content-Digest</c> field value (RFC 9530 section 2).</summary>
    public DigestVerificationStatus BeginContentDigest(ReadOnlySpan<char> fieldValue)
    {
        Reset();
        Span<StructuredFieldNode> nodes = stackalloc StructuredFieldNode[MaxDictionaryNodes];
        if (StructuredFieldParser.Parse(fieldValue, StructuredFieldType.Dictionary, nodes, out int count) != StructuredFieldStatus.Ok)
        {
            return DigestVerificationStatus.Malformed;
        }

        for (int i = 0; i < count; i = nodes[i].End)
        {
            StructuredFieldNode member = nodes[i];
            if (member.IsSuperseded)
            {
                continue;
            }

            // algorithm keys are lowercase tokens (RFC 9530 section 5); unknown ones are ignored
            ReadOnlySpan<char> key = member.Key(fieldValue);
            bool is256 = key.SequenceEqual("sha-256");
            if ((!is256 && !key.SequenceEqual("sha-512")) || !Accepts(is256))
            {
                continue;
            }

            if (member.Type != StructuredFieldValueType.ByteSequence)
            {
                return DigestVerificationStatus.Malformed;
            }

            if (!Expect(member.Value(fieldValue), is256))
            {
                return DigestVerificationStatus.Malformed;
            }
        }

        return Started();
    }

    /// <summary>Starts a check against a legacy RFC 3230 <c>Digest</c> field value.</summary>
    public DigestVerificationStatus BeginLegacyDigest(ReadOnlySpan<char> fieldValue)
    {
        Reset();
        ReadOnlySpan<char> rest = fieldValue;
        while (true)
        {
            int comma = rest.IndexOf(',');
            ReadOnlySpan<char> item = CombinedField.Trim(comma < 0 ? rest : rest[..comma]);
            if (!item.IsEmpty)
            {
                // instance-digest = digest-algorithm "=" <encoded digest output>; algorithm names are case-insensitive
                int eq = item.IndexOf('=');
                if (eq <= 0)
                {
                    return DigestVerificationStatus.Malformed;
                }

                ReadOnlySpan<char> algorithm = item[..eq];
                bool is256 = algorithm.Equals("SHA-256", StringComparison.OrdinalIgnoreCase);
                if ((is256 || algorithm.Equals("SHA-512", StringComparison.OrdinalIgnoreCase)) && Accepts(is256) && !Expect(item[(eq + 1)..], is256))
                {
                    return DigestVerificationStatus.Malformed;
                }
            }

            if (comma < 0)
            {
                break;
            }

            rest = rest[(comma + 1)..];
        }

        return Started();
    }

    /// <summary>Feeds the next part of the content.</summary>
    public void Append(in ReadOnlySequence<byte> content)
    {
        foreach (ReadOnlyMemory<byte> segment in content)
        {
            Append(segment.Span);
        }
    }

    /// <summary>Feeds the next part of the content.</summary>
    public void Append(ReadOnlySpan<byte> content)
    {
        if (_has256)
        {
            _sha256.AppendData(content);
        }

        if (_has512)
        {
            _sha512.AppendData(content);
        }
    }

    /// <summary>Compares the content fed so far (all of it) with the expected digests, then clears the state.</summary>
    public DigestVerificationStatus Verify()
    {
        if (!_started)
        {
            return DigestVerificationStatus.NotStarted;
        }

        bool ok = true;
        Span<byte> actual = stackalloc byte[SHA512.HashSizeInBytes];
        if (_has256)
        {
            int written = _sha256.GetHashAndReset(actual);
            ok &= CryptographicOperations.FixedTimeEquals(actual[..written], _expected256);
        }

        if (_has512)
        {
            int written = _sha512.GetHashAndReset(actual);
            ok &= CryptographicOperations.FixedTimeEquals(actual[..written], _expected512);
        }

        Reset();
        return ok ? DigestVerificationStatus.Valid : DigestVerificationStatus.Mismatch;
    }

    /// <summary>Forgets the expected digests and any content fed.</summary>
    public void Reset()
    {
        if (_has256)
        {
            _sha256.GetHashAndReset(_expected256);
        }

        if (_has512)
        {
            _sha512.GetHashAndReset(_expected512);
        }

        _has256 = _has512 = _started = false;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _sha256.Dispose();
        _sha512.Dispose();
    }

    private DigestVerificationStatus Started()
    {
        if (!_has256 && !_has512)
        {
            return DigestVerificationStatus.NoSupportedAlgorithm;
        }

        _started = true;
        return DigestVerificationStatus.Valid;
    }

    private bool Accepts(bool is256) => (_accepted & (is256 ? DigestAlgorithms.Sha256 : DigestAlgorithms.Sha512)) != 0;

    private bool Expect(ReadOnlySpan<char> base64, bool is256)
    {
        byte[] expected = is256 ? _expected256 : _expected512;
        Span<byte> decoded = stackalloc byte[SHA512.HashSizeInBytes + 3];
        if (base64.ContainsAnyExcept(StructuredFieldParser.Base64Chars)
            || StructuredFieldParser.MaxDecodedLength(base64) > decoded.Length
            || !StructuredFieldParser.TryDecodeByteSequence(base64, decoded, out int written)
            || written != expected.Length)
        {
            return false;
        }

        decoded[..written].CopyTo(expected);
        if (is256)
        {
            _has256 = true;
        }
        else
        {
            _has512 = true;
        }

        return true;
    }
}
