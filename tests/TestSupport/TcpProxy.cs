using System.Net;
using System.Net.Sockets;

namespace Cers.Dispatch.Testing;

/// <summary>
/// A loopback TCP relay to a real server (PostgreSQL), which a test can cut (every open connection dropped, new ones
/// refused) and restore on the same port: the server going away mid-conversation, as in a failover, without stopping it.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource running = new();

    public TcpProxy(string targetHost, int targetPort)
    {
        (this.targetHost, this.targetPort) = (targetHost, targetPort);
        Listen();
        Port = ((IPEndPoint)listener!.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>Drops every open connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        running.Cancel();
        listener?.Stop();
        listener = null;
        lock (open)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Restore()
    {
        running = new CancellationTokenSource();
        Listen();
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        // The port again at once: the connections just dropped leave it in TIME_WAIT.
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    private async Task AcceptAsync(TcpListener listening, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await listening.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(incoming, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient incoming, CancellationToken cancellationToken)
    {
        var outgoing = new TcpClient();
        lock (open)
        {
            open.Add(incoming);
            open.Add(outgoing);
        }

        try
        {
            await outgoing.ConnectAsync(targetHost, targetPort, cancellationToken);
            await Task.WhenAny(
                incoming.GetStream().CopyToAsync(outgoing.GetStream(), cancellationToken),
                outgoing.GetStream().CopyToAsync(incoming.GetStream(), cancellationToken));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut, or one side closed: both go.
        }
        finally
        {
            incoming.Dispose();
            outgoing.Dispose();
        }
    }
}
