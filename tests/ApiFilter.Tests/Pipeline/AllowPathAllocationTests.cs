using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ApiFilter.Pipeline;
using ApiFilter.Policy;

namespace ApiFilter.Tests.Pipeline;

public class AllowPathAllocationTests
{
    [Fact]
    public void Judging_an_allowed_body_that_has_arrived_allocates_nothing()
    {
        var filter = new RequestFilter(FilterPolicy.Default);
        var body = Encoding.UTF8.GetBytes("{\"id\": 42, \"lines\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-7\", \"qty\": 1}]}");
        var view = new HttpMessageView("POST", "/orders", null, "application/json; charset=utf-8", null, body.Length, true);
        var pipe = new Pipe();

        // warm up: JIT, the guard pool, the pooled async builder
        for (var i = 0; i < 50; i++)
        {
            Assert.True(JudgeOnce(filter, view, pipe, body));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = JudgeOnce(filter, view, pipe, body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allowed);
        Assert.Equal(0, allocated);
    }

    /// <summary>The whole body is in the pipe, so every step completes synchronously on this thread.</summary>
    private static bool JudgeOnce(RequestFilter filter, HttpMessageView view, Pipe pipe, byte[] body)
    {
        pipe.Writer.Write(body);
        pipe.Writer.Complete();
        var plan = filter.Plan(view);
        var guard = filter.RentGuard(plan.Kind);
        var inspecting = filter.InspectBodyAsync(pipe.Reader, plan, guard, CancellationToken.None);
        if (!inspecting.IsCompleted)
        {
            return false;
        }

        var inspection = inspecting.Result;
        filter.ReturnGuard(guard);
        pipe.Reader.AdvanceTo(inspection.Body.End);
        pipe.Reader.Complete();
        pipe.Reset();
        return inspection.Verdict.IsAllowed && inspection.Body.Length == body.Length;
    }
}
