using System.Buffers;
using System.IO.Pipelines;
using ApiFilter.Pipeline;

namespace ApiFilter.Benchmarks.Pipeline;

/// <summary>
/// One whole request through the filter as a host drives it: plan from the head, the body written into a
/// pipe, the pooled guard, the verdict, the forwarded bytes let go. The pipe is reset for the next call.
/// </summary>
internal static class PipelineRequest
{
    public static bool Judge(RequestFilter filter, in HttpMessageView view, byte[] body, Pipe pipe)
    {
        var plan = filter.Plan(view);
        if (plan.IsRefused)
        {
            return false;
        }

        pipe.Writer.Write(body);
        pipe.Writer.Complete();
        var guard = filter.RentGuard(plan);
        var inspection = filter.InspectBodyAsync(pipe.Reader, plan, guard, CancellationToken.None).GetAwaiter().GetResult();
        filter.ReturnGuard(guard);
        if (inspection.Verdict.IsAllowed)
        {
            pipe.Reader.AdvanceTo(inspection.ReceivedEnd);
            inspection.Release();
        }

        pipe.Reader.Complete();
        pipe.Reset();
        return inspection.Verdict.IsAllowed;
    }
}
