using System.Buffers;
using System.IO.Pipelines;
using ApiFilter.Pipeline;

namespace ApiFilter.Tests.Pipeline;

/// <summary>
/// Judges one request with a <see cref="RequestFilter"/> as a host does: plan from the head, then
/// the body through a rented guard over a <see cref="Pipe"/>. The whole body is written before
/// judging, so every step completes synchronously on the calling thread (allocation checks rely on it).
/// </summary>
internal static class RequestJudge
{
    public static Verdict Judge(RequestFilter filter, HttpMessageView view, byte[] body, Pipe? pipe = null)
    {
        var plan = filter.Plan(view);
        if (plan.IsRefused || plan.Kind == BodyKind.None)
        {
            return plan.Refusal;
        }

        pipe ??= new Pipe();
        pipe.Writer.Write(body);
        pipe.Writer.Complete();
        var guard = filter.RentGuard(plan);
        var inspecting = filter.InspectBodyAsync(pipe.Reader, plan, guard, CancellationToken.None);
        Assert.True(inspecting.IsCompleted);
        var inspection = inspecting.Result;
        filter.ReturnGuard(guard);
        if (inspection.Verdict.IsAllowed)
        {
            // a refusal has already let go of the body; an allowed one is the caller's to forward
            if (inspection.Body.Length != body.Length)
            {
                Assert.Fail($"{inspection.Body.Length} of {body.Length} body bytes would be forwarded");
            }

            pipe.Reader.AdvanceTo(inspection.Body.End);
        }

        pipe.Reader.Complete();
        pipe.Reset();
        return inspection.Verdict;
    }
}
