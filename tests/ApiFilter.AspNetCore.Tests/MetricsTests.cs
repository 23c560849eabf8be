using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace ApiFilter.AspNetCore.Tests;

public class MetricsTests
{
    [Fact]
    public async Task Requests_are_counted_by_verdict_and_code()
    {
        await using var app = await HashingApp.StartAsync();
        var factory = app.Services.GetRequiredService<IMeterFactory>();
        var counts = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Meter.Name == ApiFilterMetrics.MeterName && instrument.Name == "apifilter.requests")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? verdict = null, code = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "verdict")
                {
                    verdict = tag.Value as string;
                }
                else if (tag.Key == "code")
                {
                    code = tag.Value as string;
                }
            }

            counts.AddOrUpdate($"{verdict}/{code}", value, (_, old) => old + value);
        });
        listener.Start();

        (await app.Client.PostAsync("/hash", new StringContent("{}", Encoding.UTF8, "application/json"))).Dispose();
        (await app.Client.PostAsync("/hash", new StringContent("{", Encoding.UTF8, "application/json"))).Dispose();
        (await app.Client.PostAsync("/hash", new StringContent("x", Encoding.UTF8, "text/plain"))).Dispose();

        Assert.Equal(1, counts.GetValueOrDefault("allow/none"));
        Assert.Equal(1, counts.GetValueOrDefault("refuse/json.syntax"));
        Assert.Equal(1, counts.GetValueOrDefault("pass/none"));
    }
}
