using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ApiFilter.Json;
using ApiFilter.Multipart;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Json;
using static ApiFilter.Tests.Multipart.MultipartRun;

namespace ApiFilter.Tests.Multipart;

/// <summary>
/// The delimiter search does work linear in the body: asserted on the bytes the scanner looked at
/// (<see cref="MultipartGuard.BytesExamined"/>), never on time.
/// </summary>
public sealed class MultipartLinearityTests
{
    [Fact]
    public void Ten_megabyte_part_of_dashes_is_read_once_however_it_arrives()
    {
        const int contentLength = 10_000_000;
        string head = "--AaB03x\r\nContent-Disposition: form-data; name=\"blob\"; filename=\"d.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        string tail = "\r\n--AaB03x--\r\n";
        byte[] body = new byte[head.Length + contentLength + tail.Length];
        Encoding.ASCII.GetBytes(head).CopyTo(body, 0);
        body.AsSpan(head.Length, contentLength).Fill((byte)'-');
        Encoding.ASCII.GetBytes(tail).CopyTo(body, head.Length + contentLength);

        var limits = new MultipartLimits { MaxBodyBytes = 11 * 1024 * 1024, MaxFileBytes = contentLength };
        var guard = TestForms.OpenGuard(limits);

        var runs = new List<(string How, MultipartOutcome Outcome)>
        {
            ("whole", Segmented(guard, ContentType, body, withSink: true)),
            ("4 KB segments", Segmented(guard, ContentType, body, withSink: true, [.. Cuts(body.Length, 4096)])),
            ("4 KB arrivals", Piped(guard, ContentType, body, withSink: true, [.. Cuts(body.Length, 4096)])),
        };

        // Splits inside the headers and inside the final delimiter.
        foreach (int k in Enumerable.Range(1, head.Length).Concat(Enumerable.Range(body.Length - tail.Length - 2, tail.Length + 2)))
        {
            runs.Add(($"piped at {k}", Piped(guard, ContentType, body, withSink: true, k)));
        }

        foreach ((string how, MultipartOutcome outcome) in runs)
        {
            Assert.True(outcome.Status == GuardStatus.Allowed, $"{how}: {outcome}");
            Assert.Equal("""{"blob":""}""", outcome.Emitted);

            // No line feed in the content: each byte is looked at once, except where a candidate
            // delimiter fails at a line start (the content's first bytes "--" match "--AaB03x").
            Assert.True(outcome.Examined <= body.Length + 4, $"{how}: looked at {outcome.Examined} of {body.Length} bytes");
        }

        // One byte more than the part limit is refused, not scanned to the end first.
        var tight = TestForms.OpenGuard(limits with { MaxFileBytes = contentLength - 1 });
        MultipartOutcome refused = Piped(tight, ContentType, body, withSink: false, [.. Cuts(body.Length, 65536)]);
        Assert.Equal(ViolationCodes.MultipartPartSize, refused.Code);
    }

    [Fact]
    public void Delimiter_near_misses_cost_one_extra_look_each_and_stay_content()
    {
        // Every line feed starts a candidate delimiter that fails somewhere along "--AaB03x".
        string[] misses = ["\r\n--AaB03\r\n", "\r\n--AaB0", "\r\n-", "\r\n--AaB03y", "\r\n--", "\r\n--AaB03X", "\r\n\r\n--AaB03"];
        var content = new StringBuilder();
        for (int i = 0; content.Length < 256 * 1024; i++)
        {
            content.Append(misses[i % misses.Length]).Append('z');
        }

        string value = content.ToString();
        int lineFeeds = value.Count(c => c == '\n');
        byte[] body = Lines("--AaB03x", "Content-Disposition: form-data; name=\"note\"", "", value, "--AaB03x--");

        var form = new MultipartFormDescription([new MultipartField("note", MultipartFieldKind.Text) { MaxBytes = 512 * 1024 }]);
        var guard = new MultipartGuard(new MultipartLimits(), form, JsonThreatLimits.Default);
        string expected = JsonSerializer.Serialize(new { note = value }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        var runs = new List<(string How, MultipartOutcome Outcome)>
        {
            ("whole", Segmented(guard, ContentType, body, withSink: true)),
            ("7-byte segments", Segmented(guard, ContentType, body, withSink: true, [.. Cuts(body.Length, 7)])),
            ("13-byte arrivals", Piped(guard, ContentType, body, withSink: true, [.. Cuts(body.Length, 13)])),
        };
        foreach (int k in GuardRun.SplitPoints(body.Length).Where((_, i) => i % 30 == 0))
        {
            runs.Add(($"segmented at {k}", Segmented(guard, ContentType, body, withSink: true, k)));
        }

        foreach ((string how, MultipartOutcome outcome) in runs)
        {
            Assert.True(outcome.Status == GuardStatus.Allowed, $"{how}: {outcome.Status} {outcome.Violation}");
            Assert.True(expected == outcome.Emitted, $"{how}: the value was not kept byte for byte");
            // One extra look per line feed in the content, plus one at each phase's first line start.
            Assert.True(outcome.Examined <= body.Length + lineFeeds + 4, $"{how}: looked at {outcome.Examined} bytes for {body.Length} with {lineFeeds} line feeds");
        }
    }

    private static List<int> Cuts(int length, int size)
    {
        var cuts = new List<int>();
        for (int k = size; k < length; k += size)
        {
            cuts.Add(k);
        }

        return cuts;
    }
}
