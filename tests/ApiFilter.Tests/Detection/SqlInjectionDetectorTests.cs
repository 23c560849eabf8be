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

    [Fact]
    public void A_separator_before_select_and_prose_is_not_a_second_statement()
    {
        Assert.False(Detect("Mrs. D'Angelo; select the blue box and drop it in the cart").Detected);
        Assert.Equal(DetectionReason.StackedQuery, Detect("Mrs. D'Angelo; select password from users").Reason);
        Assert.True(Detect("x; select the blue box; drop table users--").Detected);
    }

    /// <summary>Fragments without a breakout: flagged from the given level on, and not below it.</summary>
    [Theory]
    [InlineData("information_schema", DetectionSensitivity.Standard, DetectionReason.CatalogAccess)]
    [InlineData("select name from sysobjects", DetectionSensitivity.Standard, DetectionReason.CatalogAccess)]
    [InlineData("from mysql.user", DetectionSensitivity.Standard, DetectionReason.CatalogAccess)]
    [InlineData("xp_cmdshell", DetectionSensitivity.Standard, DetectionReason.SystemProcedure)]
    [InlineData("exec master.", DetectionSensitivity.Standard, DetectionReason.SystemProcedure)]
    [InlineData("/*+ INDEX(t) */", DetectionSensitivity.Standard, DetectionReason.ExecutableComment)]
    [InlineData("concat_ws(0x3a,user(", DetectionSensitivity.Standard, DetectionReason.SqlFunctionCall)]
    [InlineData("BENChmARk(", DetectionSensitivity.Standard, DetectionReason.SqlFunctionCall)]
    [InlineData("password::int", DetectionSensitivity.Standard, DetectionReason.SqlFunctionCall)]
    [InlineData("'[1,2]' ? '1'", DetectionSensitivity.Standard, DetectionReason.SqlOperatorFragment)]
    [InlineData(" case when a then b", DetectionSensitivity.Elevated, DetectionReason.SqlKeywordSequence)]
    [InlineData(") AS `carrier_id` from", DetectionSensitivity.Standard, DetectionReason.SqlKeywordSequence)]
    [InlineData("ALTER TABLE `t` ADD `c` TEXT", DetectionSensitivity.Standard, DetectionReason.Statement)]
    [InlineData("admin@example.com';", DetectionSensitivity.Standard, DetectionReason.StackedQuery)]
    [InlineData("2.2250738585072011e-308", DetectionSensitivity.Standard, DetectionReason.NumericBoundary)]
    [InlineData("ORder by", DetectionSensitivity.Elevated, DetectionReason.ClauseInjection)]
    [InlineData("1=1", DetectionSensitivity.Elevated, DetectionReason.SqlOperatorFragment)]
    [InlineData("is this your parents' or yours?", DetectionSensitivity.Elevated, DetectionReason.SqlQuoteProbe)]
    [InlineData("DR/**/OP/**/sampletable", DetectionSensitivity.Elevated, DetectionReason.SqlCommentSequence)]
    [InlineData("pay=AND 7639=(", DetectionSensitivity.Elevated, DetectionReason.Tautology)]
    [InlineData("ROUND (", DetectionSensitivity.Elevated, DetectionReason.SqlFunctionCall)]
    [InlineData("!@#$%^&*()-=", DetectionSensitivity.Elevated, DetectionReason.SqlSpecialCharacters)]
    [InlineData("'0:0:6", DetectionSensitivity.High, DetectionReason.SqlQuoteProbe)]
    [InlineData("foo....", DetectionSensitivity.High, DetectionReason.SqlSpecialCharacters)]
    [InlineData("!@", DetectionSensitivity.Paranoid, DetectionReason.SqlSpecialCharacters)]
    public void Fragments_are_flagged_from_their_level_on(string value, DetectionSensitivity from, DetectionReason reason)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        foreach (DetectionSensitivity level in new[] { DetectionSensitivity.Standard, DetectionSensitivity.Elevated, DetectionSensitivity.High, DetectionSensitivity.Paranoid })
        {
            DetectionResult r = SqlInjectionDetector.Detect(bytes, level);
            Assert.True(r.Detected == (level >= from), $"{value} at {level}: {r}");
            if (level == from)
            {
                Assert.Equal(reason, r.Reason);
            }
        }
    }

    /// <summary>Prose with SQL words in it stays clean at Elevated (the level meant for ordinary fields that get extra care).</summary>
    [Theory]
    [InlineData("Order by 3 pm for same-day shipping")]
    [InlineData("I'd like to order by phone, not online")]
    [InlineData("Select all that apply")]
    [InlineData("Select one from the list below")]
    [InlineData("Execute the plan as agreed")]
    [InlineData("Ms. Aisha Union (she/her)")]
    [InlineData("Sr. Aoife Or")]
    [InlineData("He said 'hello' and walked away")]
    [InlineData("Grand Union Rug 14'10\" or similar")]
    [InlineData("Heavy-duty Drill bit 7' x 32', 100% cotton")]
    [InlineData("{\"order\": \"drop zone\"}")]
    [InlineData("x >= 10 && y <= 5")]
    [InlineData("3 < 5 > 1")]
    [InlineData("I need 8 hours of sleep (at least)")]
    [InlineData("************1111")]
    [InlineData("/* Plain SVG content here */")]
    public void Prose_passes_at_Elevated(string value)
    {
        DetectionResult r = SqlInjectionDetector.Detect(Encoding.UTF8.GetBytes(value), DetectionSensitivity.Elevated);
        Assert.False(r.Detected, $"{value}: {r}");
    }

    [Fact]
    public void An_unknown_level_is_judged_at_the_strictest()
    {
        Assert.True(SqlInjectionDetector.Detect("!@"u8, (DetectionSensitivity)9).Detected);
        Assert.True(SqlInjectionDetector.Detect("!@"u8, (DetectionSensitivity)0).Detected);
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
            SqlInjectionDetector.Detect(v, DetectionSensitivity.Paranoid);
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
                    SqlInjectionDetector.Detect(v, DetectionSensitivity.Paranoid);
                }
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }
}
