using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection;

public class SqlInjectionDetectorTests
{
    private static DetectionResult Detect(string value) => SqlInjectionDetector.Detect(Encoding.UTF8.GetBytes(value));

    /// <summary>The issue's demonstration: the classic tautology is refused, the Irish surname is not.</summary>
    [Fact]
    public void Demo_tautology_is_detected_and_OBrien_is_not()
    {
        DetectionResult attack = Detect("1' OR '1'='1");
        Assert.True(attack.Detected);
        Assert.Equal(DetectionReason.Tautology, attack.Reason);
        Assert.Equal(3, attack.Offset); // the OR that follows the closed string

        Assert.False(Detect("O'Brien").Detected);
    }

    [Theory]
    [InlineData("1' OR '1'='1", DetectionReason.Tautology)]
    [InlineData("1 OR 1=1", DetectionReason.Tautology)]
    [InlineData("x\" or \"a\"=\"a", DetectionReason.Tautology)]
    [InlineData("admin') or ('1'='1", DetectionReason.Tautology)]
    [InlineData("' or true--", DetectionReason.Tautology)]
    [InlineData("A' = 'B", DetectionReason.Tautology)]
    [InlineData("1 AND ASCII(SUBSTRING(version(),1,1))>52", DetectionReason.Tautology)]
    [InlineData("1' AND (SELECT COUNT(*) FROM users)>0 AND 'a'='a", DetectionReason.BooleanBlind)]
    [InlineData("-1 UNION SELECT username, password FROM users--", DetectionReason.UnionSelect)]
    [InlineData("1' UNION ALL SELECT NULL,NULL--", DetectionReason.UnionSelect)]
    [InlineData("1 /*!50000UNION*/ /*!50000SELECT*/ 1,2", DetectionReason.UnionSelect)]
    [InlineData("1/**/UnIoN/**/SeLeCt/**/1", DetectionReason.UnionSelect)]
    [InlineData("1'; DROP TABLE users; --", DetectionReason.StackedQuery)]
    [InlineData("1; EXEC master..xp_cmdshell 'dir'", DetectionReason.StackedQuery)]
    [InlineData("admin'--", DetectionReason.CommentTruncation)]
    [InlineData("admin'#", DetectionReason.CommentTruncation)]
    [InlineData("admin')/*", DetectionReason.CommentTruncation)]
    [InlineData("1 AND SLEEP(5)", DetectionReason.TimeBased)]
    [InlineData("1' AND BENCHMARK(5000000,MD5(1))--", DetectionReason.TimeBased)]
    [InlineData("1'; WAITFOR DELAY '0:0:5'--", DetectionReason.TimeBased)]
    [InlineData("1 || pg_sleep(10)", DetectionReason.TimeBased)]
    [InlineData("1 AND dbms_lock.sleep(5)", DetectionReason.TimeBased)]
    [InlineData("1 ORDER BY 5--", DetectionReason.ClauseInjection)]
    [InlineData("1' ORDER BY 3", DetectionReason.ClauseInjection)]
    [InlineData("1' INTO OUTFILE '/var/www/x.php'", DetectionReason.ClauseInjection)]
    [InlineData("'+(SELECT version())+'", DetectionReason.ExpressionInjection)]
    [InlineData("SELECT * FROM users WHERE id = 1", DetectionReason.Statement)]
    public void Attacks_are_detected_with_the_construct_that_matched(string value, DetectionReason reason)
    {
        DetectionResult r = Detect(value);
        Assert.True(r.Detected, value);
        Assert.Equal(reason, r.Reason);
        Assert.InRange(r.Offset, 0, Encoding.UTF8.GetByteCount(value));
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("D'Angelo")]
    [InlineData("Y'all come back now")]
    [InlineData("Rock 'n' Roll")]
    [InlineData("It's 6' tall and 3' wide")]
    [InlineData("12\" x 18\" poster -- sale!")]
    [InlineData("Please select your size from the list")]
    [InlineData("Select all that apply")]
    [InlineData("Tom and Jerry (1940)")]
    [InlineData("The union meeting is at 5; drop by")]
    [InlineData("Order by 3 pm for same-day shipping")]
    [InlineData("x >= 10 && y <= 5")]
    [InlineData("1999--2005")]
    [InlineData("I need 8 hours of sleep (at least)")]
    [InlineData("user@example.com")]
    [InlineData("https://example.com/search?q=select+or+union&page=2")]
    [InlineData("{\"name\": \"O'Brien\", \"or\": 1}")]
    [InlineData("")]
    public void Ordinary_values_pass(string value)
    {
        DetectionResult r = Detect(value);
        Assert.False(r.Detected, $"{value}: {r}");
        Assert.Equal(-1, r.Offset);
    }

    /// <summary>Encoded attacks are judged after decoding, and the result says so.</summary>
    [Theory]
    [InlineData("1%2527%20OR%20%25271%2527%253D%25271")]
    [InlineData("1&#39; OR &#39;1&#39;=&#39;1")]
    [InlineData("1\\u0027 OR \\u00271\\u0027=\\u00271")]
    [InlineData("admin%u0027--")]
    public void Encoded_attacks_are_detected_in_their_decoded_form(string value)
    {
        DetectionResult r = Detect(value);
        Assert.True(r.Detected, value);
        Assert.True(r.Normalized);
    }

    [Fact]
    public void NUL_bytes_do_not_split_keywords()
    {
        byte[] value = [.. "1 UN"u8, 0, .. "ION SEL"u8, 0, .. "ECT 1,2--"u8];
        DetectionResult r = SqlInjectionDetector.Detect(value);
        Assert.Equal(DetectionReason.UnionSelect, r.Reason);
        Assert.True(r.Normalized);
    }

    [Fact]
    public void Overlong_UTF8_quote_is_decoded()
    {
        byte[] value = [.. "admin"u8, 0xC0, 0xA7, .. " OR 1=1--"u8];
        Assert.True(SqlInjectionDetector.Detect(value).Detected);
    }

    [Fact]
    public void Detection_allocates_nothing()
    {
        byte[][] values =
        [
            "O'Brien"u8.ToArray(),
            "1' OR '1'='1"u8.ToArray(),
            "Please select your size from the drop-down menu, or call us"u8.ToArray(),
            "1%2527%20OR%20%25271%2527%253D%25271"u8.ToArray(),
            Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("it's %41 text & more; ", 200))),
        ];
        foreach (byte[] v in values)
        {
            SqlInjectionDetector.Detect(v); // warm up (static tables)
        }

        // Values over 512 bytes are decoded in a buffer from ArrayPool<byte>.Shared, which may drop
        // its cached arrays after a gen-2 collection caused by tests running alongside; a per-call
        // allocation would show in every attempt, a refilled pool in one at most.
        long allocated = long.MaxValue;
        for (int attempt = 0; attempt < 3 && allocated != 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                foreach (byte[] v in values)
                {
                    SqlInjectionDetector.Detect(v);
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }
}
