using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.Testing;

/// <summary>
/// A small real HTTP server on a free loopback port, for what stands in for a party outside the service under test
/// (Twilio, Vonage, card lookup) or in front of it. The stand-in maps its routes on <see cref="App"/> in its constructor.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    protected LoopbackServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        App = builder.Build();
    }

    public Uri BaseUrl => new(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected WebApplication App { get; }

    public Task StartAsync() => App.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await DisposeMoreAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Whatever else the stand-in holds, released after the server stops.</summary>
    protected virtual ValueTask DisposeMoreAsync() => ValueTask.CompletedTask;
}
