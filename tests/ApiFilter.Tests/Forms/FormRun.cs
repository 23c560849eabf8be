using System.Text;
using ApiFilter.Forms;
using ApiFilter.Pipeline;
using ApiFilter.Tests.Json;
using ApiFilter.Tests.Parameters;

namespace ApiFilter.Tests.Forms;

/// <summary>The verdict on one form body and the JSON the token sink received ("" when none).</summary>
internal sealed record FormOutcome(GuardStatus Status, string? Code, string? Pointer, long Offset, string Json, bool BySink);

/// <summary>Judges a form body whole and split at every byte, as one sequence and as two pipe arrivals.</summary>
internal static class FormRun
{
    public static FormOutcome Once(FormUrlEncodedGuard guard, byte[] body, int split, bool piped)
    {
        guard.Reset();
        var recorder = new TokenRecorder();
        guard.TokenSink = recorder.Begin(0);
        GuardStatus status;
        if (piped)
        {
            status = guard.Feed(Segments.Build(body, 0, split, []), false, out long consumed);
            Assert.True(status == GuardStatus.Refused || consumed == split);
            if (status != GuardStatus.Refused)
            {
                status = guard.Feed(Segments.Build(body, split, body.Length, []), true, out consumed);
                Assert.True(status == GuardStatus.Refused || consumed == body.Length - split);
            }
        }
        else
        {
            status = guard.Feed(Segments.Build(body, 0, body.Length, [split]), true, out _);
        }

        if (status == GuardStatus.Allowed)
        {
            recorder.End(0);
        }

        return new FormOutcome(status, guard.Violation?.Code, guard.Violation?.Pointer, guard.Violation?.Offset ?? -1,
            recorder.Values.TryGetValue(0, out string? json) ? json : "", guard.RefusedByTokenSink);
    }

    /// <summary>Asserts every split reaches the same outcome; returns it.</summary>
    public static FormOutcome Everywhere(string body, FormLimits? limits = null, FormFields? fields = null)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var guard = new FormUrlEncodedGuard(limits, fields);
        FormOutcome whole = Once(guard, bytes, 0, piped: false);
        for (int k = 0; k <= bytes.Length; k++)
        {
            Assert.Equal(whole, Once(guard, bytes, k, piped: false));
            Assert.Equal(whole, Once(guard, bytes, k, piped: true));
        }

        return whole;
    }
}
