using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cers.Dispatch.Testing;

/// <summary>
/// A loopback TCP door in front of PostgreSQL for one service under test: open, it passes bytes both ways; cut, it drops
/// every connection through it and refuses new ones, as a PostgreSQL restart looks to the service.
/// </summary>
public sealed class DatabaseGate : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly NpgsqlConnectionStringBuilder target;
    private readonly ConcurrentDictionary<Guid, (TcpClient Client, TcpClient Server)> piped = new();
    private readonly CancellationTokenSource stopping = new();
    private volatile bool open = true;

    public DatabaseGate(string connectionString)
    {
        target = new NpgsqlConnectionStringBuilder(connectionString);
        listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The same database, reached through the gate.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(target.ConnectionString)
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)listener.LocalEndpoint).Port,
    }.ConnectionString;

    public void Cut()
    {
        open = false;
        foreach (var (id, pair) in piped)
        {
            pair.Client.Dispose();
            pair.Server.Dispose();
            piped.TryRemove(id, out _);
        }
    }

    public void Open() => open = true;

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        Cut();
        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (!open)
            {
                client.Dispose();
                continue;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var server = new TcpClient();
        var id = Guid.NewGuid();
        try
        {
            await server.ConnectAsync(target.Host!, target.Port);
            piped[id] = (client, server);
            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            // The database went away or the gate was cut: the service sees its connection drop.
        }
        finally
        {
            piped.TryRemove(id, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private static async Task CopyAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Cut.
        }
    }
}
