using System.Text;
using ApiFilter.Detection;
using BenchmarkDotNet.Attributes;

namespace ApiFilter.Benchmarks.Detection;

/// <summary>
/// <see cref="SqlInjectionDetector"/> on the values it will see most: ordinary 20–200 byte values
/// (names with apostrophes, addresses, prose with SQL words, URLs, e-mails), known attacks, and a
/// 1 MB stretch of benign text. Each "set" method judges every value of its set once; the reported
/// time is per value (OperationsPerInvoke). Targets: at least 1 million checks per second per core on
/// typical values, at least 500 MB/s on long benign text, 0 B allocated.
/// </summary>
[MemoryDiagnoser]
public class SqlInjectionBenchmarks
{
    private static readonly string[] Benign =
    [
        "O'Brien",
        "D'Angelo Martinez",
        "Siobhan O'Sullivan-Byrne",
        "1600 Pennsylvania Ave NW, Washington, DC 20500",
        "221B Baker Street, London NW1 6XE",
        "Flat 3/2, 14 O'Connell St., Dublin 1",
        "Please select your size from the drop-down menu",
        "You can pick red or blue, and we will ship it on Monday",
        "The union meeting is at 5 pm; drop by the front desk",
        "Order by 3 pm for same-day shipping, or call us",
        "It's not about the money -- it's about the principle",
        "Men's vintage T-shirt 12\" x 18\", 100% cotton -- sale!",
        "Rock 'n' Roll Hall of Fame tee, size XL",
        "jane.doe+news@example.com",
        "https://shop.example.org/search?q=union+jack&sort=price&page=2",
        "2024-11-28T13:47:15Z",
        "+1 (555) 123-4567",
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "{\"name\": \"O'Brien\", \"or\": 1, \"select\": true}",
        "Thanks!! See you at 10:30 -- bring snacks & drinks",
        "Hand-made oak table, 6' long and 3' wide; seats 8 people comfortably",
        "I'd like to update my delivery address from 12 Main St to 34 Elm Rd, Apt 5, please",
        "x >= 10 && y <= 5",
        "Café Müller, Köln",
        "Where's George? He said he'd be here by 7 and it's already half past.",
        "Limit 2 per customer, while supplies last. Not valid with other offers or discounts.",
        "Ben & Jerry's Chunky Monkey, 465 ml",
        "Select all that apply",
        "Choose A, B or C",
        "ORDER-2024-000123",
        "Null and void",
        "Ages 3 and up",
    ];

    private static readonly string[] Attacks =
    [
        "1' OR '1'='1",
        "1 OR 1=1",
        "admin'--",
        "admin' #",
        "-1 UNION SELECT username, password FROM users--",
        "1' UNION ALL SELECT NULL,NULL,CONCAT(0x7171,user(),0x7171)-- -",
        "1'; DROP TABLE users; --",
        "1; EXEC master..xp_cmdshell 'dir'",
        "1 AND SLEEP(5)",
        "1' AND BENCHMARK(5000000,MD5(1))--",
        "1'; WAITFOR DELAY '0:0:5'--",
        "1 ORDER BY 5--",
        "1' AND ASCII(SUBSTRING((SELECT password FROM users LIMIT 1),1,1))>64--",
        "' or ''='",
        "1/**/UNION/**/SELECT/**/1,2,3",
        "1%2527%20OR%20%25271%2527%253D%25271",
    ];

    private byte[][] _benign = [];
    private byte[][] _attacks = [];
    private byte[] _longText = [];
    private byte[] _longList = [];
    private byte[] _numbers = [];
    private byte[] _names = [];
    private byte[] _letters = [];
    private byte[] _conditions = [];
    private byte[] _json = [];
    private byte[] _quotedList = [];
    private byte[] _plainProse = [];

    [GlobalSetup]
    public void Setup()
    {
        _benign = Benign.Select(Encoding.UTF8.GetBytes).ToArray();
        _attacks = Attacks.Select(Encoding.UTF8.GetBytes).ToArray();
        _longText = LongBenignText(1024 * 1024);
        _longList = LongList(1024 * 1024);
        _numbers = Repeat(i => (i % 1000) + ",", 1024 * 1024);
        _names = Repeat(i => "col" + (i % 97) + ", ", 1024 * 1024);
        _letters = Repeat(i => (char)('a' + (i % 26)) + ",", 1024 * 1024);
        _conditions = Repeat(i => "k" + (i % 50) + "=" + (i % 7) + " and ", 1024 * 1024);
        _json = Repeat(i => "{\"id\": " + i + ", \"name\": \"item " + (i % 13) + "\", \"tags\": [\"a\", \"b\"], \"ok\": true}, ", 1024 * 1024);
        _quotedList = Repeat(i => "'" + ListItems[i % ListItems.Length] + "', ", 1024 * 1024);
        _plainProse = Repeat(i => ProseWords[(i * 7) % ProseWords.Length] + " ", 1024 * 1024);
        foreach (byte[] v in _benign)
        {
            if (SqlInjectionDetector.Detect(v).Detected)
            {
                throw new InvalidOperationException("benign benchmark value flagged: " + Encoding.UTF8.GetString(v));
            }
        }

        foreach (byte[] v in _attacks)
        {
            if (!SqlInjectionDetector.Detect(v).Detected)
            {
                throw new InvalidOperationException("attack benchmark value not detected: " + Encoding.UTF8.GetString(v));
            }
        }

        if (SqlInjectionDetector.Detect(_longText).Detected || SqlInjectionDetector.Detect(_longList).Detected)
        {
            throw new InvalidOperationException("long benign text flagged");
        }

        foreach (byte[] v in new[] { _numbers, _names, _letters, _conditions, _json, _quotedList, _plainProse })
        {
            if (SqlInjectionDetector.Detect(v).Detected)
            {
                throw new InvalidOperationException("long benign shape flagged: " + Encoding.UTF8.GetString(v, 0, 64));
            }
        }
    }

    /// <summary>Per value: the 32 typical benign values (7–89 bytes, mean ~40).</summary>
    [Benchmark(OperationsPerInvoke = 32, Description = "SqlInjection benign value")]
    public int BenignValues()
    {
        int hits = 0;
        foreach (byte[] v in _benign)
        {
            hits += SqlInjectionDetector.Detect(v).Detected ? 1 : 0;
        }

        return hits;
    }

    /// <summary>Per value: the 16 attacks.</summary>
    [Benchmark(OperationsPerInvoke = 16, Description = "SqlInjection attack value")]
    public int AttackValues()
    {
        int hits = 0;
        foreach (byte[] v in _attacks)
        {
            hits += SqlInjectionDetector.Detect(v).Detected ? 1 : 0;
        }

        return hits;
    }

    /// <summary>Per value: the 32 typical benign values at <see cref="DetectionSensitivity.Paranoid"/> (every fragment rule on).</summary>
    [Benchmark(OperationsPerInvoke = 32, Description = "SqlInjection benign value, Paranoid")]
    public int BenignValuesParanoid()
    {
        int hits = 0;
        foreach (byte[] v in _benign)
        {
            hits += SqlInjectionDetector.Detect(v, DetectionSensitivity.Paranoid).Detected ? 1 : 0;
        }

        return hits;
    }

    /// <summary>Per value: the 16 attacks at <see cref="DetectionSensitivity.Paranoid"/>.</summary>
    [Benchmark(OperationsPerInvoke = 16, Description = "SqlInjection attack value, Paranoid")]
    public int AttackValuesParanoid()
    {
        int hits = 0;
        foreach (byte[] v in _attacks)
        {
            hits += SqlInjectionDetector.Detect(v, DetectionSensitivity.Paranoid).Detected ? 1 : 0;
        }

        return hits;
    }

    /// <summary>One 1 MiB benign text (prose with apostrophes, quotes, SQL words, ampersands).</summary>
    [Benchmark(Description = "SqlInjection 1 MiB benign text")]
    public bool LongText() => SqlInjectionDetector.Detect(_longText).Detected;

    /// <summary>
    /// The slow case for long text: a 1 MiB list ("red, green, 42, blue, …") stays grammatical SQL
    /// (a list of names and numbers) to its end, so every token is read.
    /// </summary>
    [Benchmark(Description = "SqlInjection 1 MiB benign list (worst case)")]
    public bool LongList() => SqlInjectionDetector.Detect(_longList).Detected;

    /// <summary>Another grammatical shape: "0,1,2,…,999,0,…" (a token every 2 bytes on average).</summary>
    [Benchmark(Description = "SqlInjection 1 MiB numbers list")]
    public bool Numbers() => SqlInjectionDetector.Detect(_numbers).Detected;

    /// <summary>"col0, col1, …": names that are no keywords.</summary>
    [Benchmark(Description = "SqlInjection 1 MiB names list")]
    public bool Names() => SqlInjectionDetector.Detect(_names).Detected;

    /// <summary>"a,b,c,…": the densest grammatical list, a token every byte.</summary>
    [Benchmark(Description = "SqlInjection 1 MiB single-letter list")]
    public bool Letters() => SqlInjectionDetector.Detect(_letters).Detected;

    /// <summary>"k0=0 and k1=1 and …": comparisons joined with AND, grammatical to the end.</summary>
    [Benchmark(Description = "SqlInjection 1 MiB 'k=1 and …'")]
    public bool Conditions() => SqlInjectionDetector.Detect(_conditions).Detected;

    /// <summary>JSON-ish objects: two full readings (plain and after the first '"').</summary>
    [Benchmark(Description = "SqlInjection 1 MiB JSON-ish text")]
    public bool JsonText() => SqlInjectionDetector.Detect(_json).Detected;

    /// <summary>"'red', 'green', …": grammatical in the plain reading, scanned after the first quote.</summary>
    [Benchmark(Description = "SqlInjection 1 MiB quoted list")]
    public bool QuotedList() => SqlInjectionDetector.Detect(_quotedList).Detected;

    /// <summary>Prose without any quote (SQL words included): every word is read.</summary>
    [Benchmark(Description = "SqlInjection 1 MiB quote-free prose")]
    public bool PlainProse() => SqlInjectionDetector.Detect(_plainProse).Detected;

    private static readonly string[] ListItems = ["red", "green", "42", "blue", "yellow", "7", "orange", "purple", "1999", "teal"];

    private static readonly string[] ProseWords =
    [
        "please", "select", "the", "union", "of", "both", "lists", "and", "drop", "duplicates", "or", "order", "them", "by", "date", "where", "limit", "from", "table",
    ];

    private static byte[] Repeat(Func<int, string> item, int bytes)
    {
        var sb = new StringBuilder(bytes + 128);
        for (int i = 0; sb.Length < bytes; i++)
        {
            sb.Append(item(i));
        }

        return Encoding.UTF8.GetBytes(sb.ToString(0, bytes));
    }

    private static byte[] LongList(int bytes)
    {
        string[] items = ["red", "green", "42", "blue", "yellow", "7", "orange", "purple", "1999", "teal"];
        var sb = new StringBuilder(bytes + 16);
        for (int i = 0; sb.Length < bytes; i++)
        {
            sb.Append(items[i % items.Length]).Append(", ");
        }

        return Encoding.UTF8.GetBytes(sb.ToString(0, bytes));
    }

    private static byte[] LongBenignText(int bytes)
    {
        string[] sentences =
        [
            "It's a long way to the top if you want to rock 'n' roll. ",
            "Please select the union of both lists and drop the duplicates, or order them by date. ",
            "The 12\" frame and the 6' ladder arrived on Monday -- thanks & see you soon! ",
            "O'Brien and D'Angelo said they'd update the table from the old records before Friday. ",
            "Where's the nearest store? Limit 2 per customer; offer not valid with other coupons. ",
        ];
        var sb = new StringBuilder(bytes + 128);
        for (int i = 0; sb.Length < bytes; i++)
        {
            sb.Append(sentences[(i * 7 + (i / 5)) % sentences.Length]);
        }

        return Encoding.UTF8.GetBytes(sb.ToString(0, bytes));
    }
}
