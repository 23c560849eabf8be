using System.Text;
using ApiFilter.Detection;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Detection;

/// <summary>
/// XssDetector on what it mostly sees: ordinary 20–200 byte values from the benign text corpus
/// (the allow path), attack values from libinjection's XSS samples, and 1 MB of benign text at
/// Standard and at Paranoid (the latter built from the lines Paranoid leaves clean, so that the
/// whole megabyte is read). Targets: at least 1 million checks a second on typical values,
/// 500 MB/s on long text at Standard, 0 B.
/// </summary>
[MemoryDiagnoser]
public class XssDetectorBenchmarks
{
    private const int Values = 1000;

    private byte[][] _benign = [];
    private byte[][] _attacks = [];
    private byte[] _longText = [];
    private byte[] _longTextParanoid = [];

    [GlobalSetup]
    public void Setup()
    {
        string corpus = CorpusDirectory();
        var benign = new List<byte[]>();
        foreach (string file in new[] { "openapi-strings.txt", "generated.txt", "handwritten.txt" })
        {
            foreach (string line in File.ReadAllLines(Path.Combine(corpus, "benign-text", file), Encoding.UTF8))
            {
                byte[] value = Encoding.UTF8.GetBytes(line);
                if (value.Length is >= 20 and <= 200)
                {
                    benign.Add(value);
                }
            }
        }

        var attacks = new List<byte[]>();
        foreach (string file in Directory.GetFiles(Path.Combine(corpus, "libinjection", "data"), "xss-*.txt").Order(StringComparer.Ordinal))
        {
            foreach (string line in File.ReadAllLines(file, Encoding.Latin1))
            {
                if (line.Length > 0 && line[0] != '#')
                {
                    attacks.Add(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(line.Replace('+', ' '))));
                }
            }
        }

        _benign = [.. Spread(benign)];
        _attacks = [.. Spread(attacks)];

        var text = new List<byte>(1 << 20);
        for (int i = 0; text.Count < 1 << 20; i++)
        {
            text.AddRange(benign[i % benign.Count]);
            text.Add((byte)' ');
        }

        _longText = [.. text.Take(1 << 20)];

        // Paranoid flags any attribute in a tag and English-word calls: the lines it flags are left
        // out, so the measurement reads the whole megabyte instead of stopping at the first hit.
        var quiet = benign.FindAll(v => !XssDetector.Detect(v, DetectionSensitivity.Paranoid).Detected);
        var paranoid = new List<byte>(1 << 20);
        for (int i = 0; paranoid.Count < 1 << 20; i++)
        {
            paranoid.AddRange(quiet[i % quiet.Count]);
            paranoid.Add((byte)' ');
        }

        _longTextParanoid = [.. paranoid.Take(1 << 20)];
        if (XssDetector.Detect(_longTextParanoid, DetectionSensitivity.Paranoid).Detected)
        {
            throw new InvalidOperationException("the long benign text for Paranoid is flagged");
        }

        foreach (byte[] v in _benign)
        {
            if (XssDetector.Detect(v).Detected)
            {
                throw new InvalidOperationException("a benign benchmark value is flagged: " + Encoding.UTF8.GetString(v));
            }
        }

        if (XssDetector.Detect(_longText).Detected)
        {
            throw new InvalidOperationException("the long benign text is flagged");
        }
    }

    /// <summary>1000 benign values of 20–200 bytes (mean about 80): cost per check.</summary>
    [Benchmark(OperationsPerInvoke = Values, Description = "benign 20-200 B")]
    public int Benign() => Run(_benign);

    /// <summary>1000 attack values from the libinjection XSS samples: cost per check.</summary>
    [Benchmark(OperationsPerInvoke = Values, Description = "attack")]
    public int Attacks() => Run(_attacks);

    /// <summary>1 MB of benign prose in one value.</summary>
    [Benchmark(Description = "benign 1 MB")]
    public bool LongText() => XssDetector.Detect(_longText).Detected;

    /// <summary>1 MB of benign prose (lines Paranoid leaves clean) in one value, judged at Paranoid.</summary>
    [Benchmark(Description = "benign 1 MB, Paranoid")]
    public bool LongTextParanoid() => XssDetector.Detect(_longTextParanoid, DetectionSensitivity.Paranoid).Detected;

    private static int Run(byte[][] values)
    {
        int detected = 0;
        foreach (byte[] v in values)
        {
            if (XssDetector.Detect(v).Detected)
            {
                detected++;
            }
        }

        return detected;
    }

    // Values evenly spread over the list, so every source contributes.
    private static IEnumerable<byte[]> Spread(List<byte[]> all)
    {
        for (int i = 0; i < Values; i++)
        {
            yield return all[(int)((long)i * all.Count / Values)];
        }
    }

    private static string CorpusDirectory()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "corpus", "benign-text")))
        {
            dir = dir.Parent;
        }

        return dir is null ? throw new DirectoryNotFoundException("corpus/benign-text not found above the benchmark's directory") : Path.Combine(dir.FullName, "corpus");
    }
}
