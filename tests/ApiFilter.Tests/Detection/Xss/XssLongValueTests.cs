using System.Text;
using ApiFilter.Detection;

namespace ApiFilter.Tests.Detection.Xss;

/// <summary>
/// Values longer than <see cref="XssDetector.LongValue"/> are decoded and read again only around
/// their escapes. Every corpus sample, set in the middle of long prose that carries escapes of its
/// own, must get the same verdict that way as from reading the decoded value again whole, at every
/// level.
/// </summary>
public class XssLongValueTests
{
    private static readonly DetectionSensitivity[] Levels =
        [DetectionSensitivity.Standard, DetectionSensitivity.Elevated, DetectionSensitivity.High, DetectionSensitivity.Paranoid];

    private static readonly Lazy<(byte[] Before, byte[] After)> Padding = new(BuildPadding);

    public static TheoryData<string> Sets()
    {
        var sets = new TheoryData<string>();
        foreach (string f in XssCorpus.LibinjectionFiles())
        {
            sets.Add("libinjection/" + f);
        }

        sets.Add("libinjection/false_positives.txt");
        foreach (string f in XssCorpus.CrsFiles())
        {
            sets.Add("crs/" + f);
        }

        return sets;
    }

    [Theory]
    [MemberData(nameof(Sets))]
    public void Reading_around_the_escapes_agrees_with_reading_the_whole(string set)
    {
        (byte[] before, byte[] after) = Padding.Value;
        var differ = new List<string>();
        foreach (XssSample sample in XssCorpusTests.Load(set))
        {
            foreach (byte[] value in sample.Values)
            {
                byte[] padded = [.. before, .. value, .. after];
                Assert.True(padded.Length > XssDetector.LongValue);
                foreach (DetectionSensitivity level in Levels)
                {
                    long work = 0;
                    DetectionResult whole = XssDetector.Detect(padded, level, aroundEscapesOnly: false, ref work);
                    DetectionResult around = XssDetector.Detect(padded, level, aroundEscapesOnly: true, ref work);
                    if (whole.Detected != around.Detected)
                    {
                        differ.Add($"{sample.Name} at {level}: whole {whole}, around the escapes {around}: {Encoding.UTF8.GetString(value)}");
                    }
                }
            }
        }

        Assert.True(differ.Count == 0, string.Join('\n', differ));
    }

    [Theory]
    [InlineData("%3Cscript%3Ealert(1)%3C/script%3E", DetectionReason.ScriptTag)]
    [InlineData("&lt;x onanything=alert(1)&gt;", DetectionReason.EventHandler)]
    [InlineData("<a href=\"&#x6A;avascript:alert(1)\">", DetectionReason.ScriptUrl)]
    [InlineData("+ADw-script+AD4-alert(1)", DetectionReason.ScriptTag)]
    [InlineData("x:\\65 xpression(alert(1))", DetectionReason.StyleScript)]
    public void An_encoded_attack_deep_in_a_long_value_is_found_after_decoding(string attack, DetectionReason reason)
    {
        (byte[] before, byte[] after) = Padding.Value;
        byte[] padded = [.. before, .. before, .. Encoding.UTF8.GetBytes(attack), .. after, .. after];
        DetectionResult r = XssDetector.Detect(padded);
        Assert.True(r.Detected && r.Normalized, r.ToString());
        Assert.Equal(reason, r.Reason);
    }

    [Fact]
    public void The_padding_is_clean_at_every_level_and_carries_escapes()
    {
        (byte[] before, byte[] after) = Padding.Value;
        byte[] both = [.. before, .. after];
        foreach (DetectionSensitivity level in Levels)
        {
            Assert.False(XssDetector.Detect(both, level).Detected, level.ToString());
        }

        Assert.True(ValueNormalizer.MayNeedDecoding(before) && ValueNormalizer.MayNeedDecoding(after));
    }

    // Benign corpus lines clean at Paranoid, with an escape every few lines, about 1.2 KB on each
    // side, so that the sample sits between escaped segments and plain stretches.
    private static (byte[] Before, byte[] After) BuildPadding()
    {
        var lines = new List<string>();
        int n = 0;
        foreach (XssSample s in XssCorpus.Benign("openapi-strings.txt"))
        {
            byte[] v = s.Values[0];
            if (v.Length is >= 40 and <= 160 && !XssDetector.Detect(v, DetectionSensitivity.Paranoid).Detected)
            {
                string line = Encoding.UTF8.GetString(v);
                lines.Add((n++ % 3) switch
                {
                    0 => line + " Tom &amp; Jerry",
                    1 => line + " a%20b",
                    _ => line,
                });
            }

            if (lines.Count >= 40)
            {
                break;
            }
        }

        string before = string.Join(' ', lines.Take(lines.Count / 2)) + ' ';
        string after = ' ' + string.Join(' ', lines.Skip(lines.Count / 2));
        return (Encoding.UTF8.GetBytes(before), Encoding.UTF8.GetBytes(after));
    }
}
