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
            Assert.True(RequestJudge.Judge(filter, view, body, pipe).IsAllowed);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var allowed = RequestJudge.Judge(filter, view, body, pipe).IsAllowed;
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allowed);
        Assert.Equal(0, allocated);
    }
}
