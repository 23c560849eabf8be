using System.Net.Sockets;
using System.Text;

namespace ApiFilter.AspNetCore.Tests;

public class TruncatedBodyTests
{
    [Fact]
    public async Task Body_shorter_than_its_content_length_never_reaches_the_endpoint_nor_fails_the_server()
    {
        await using var app = await HashingApp.StartAsync();
        var address = app.Client.BaseAddress!;
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(address.Host, address.Port).WaitAsync(TimeSpan.FromSeconds(10));

            // 100 bytes announced, 12 sent, then the client closes its sending side
            var request = "POST /hash HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"id\": 42, \"";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            socket.Shutdown(SocketShutdown.Send);

            // Kestrel treats the half-close as an abort: the connection ends without an answer,
            // either with a FIN (receive returns 0) or a RST (connection reset), depending on timing
            var buffer = new byte[4096];
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token) > 0)
                {
                }
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
            }
        }

        // the server still serves, never invoked the endpoint, and logged no error for the abort
        using var next = await app.Client.PostAsync("/hash", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, app.Invocations);
        Assert.Empty(app.Errors.Entries);
    }
}
