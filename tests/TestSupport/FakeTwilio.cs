using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Cers.Dispatch.Testing;

public sealed record SentSms(string Sid, string To, string From, string Body, string? StatusCallback, string Authorization);

public sealed record PlacedCall(string Sid, string To, string Twiml);

/// <summary>
/// Stands in for Twilio's REST API on a loopback port: accepts Messages.json and Calls.json as Twilio does (201 with a
/// sid) and remembers what was sent, so a test can read the SMS a worker would receive.
/// </summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    private readonly WebApplication app;

    public FakeTwilio()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var sid = "SM" + Guid.NewGuid().ToString("N");
            var sms = new SentSms(sid, form["To"]!, form["From"]!, form["Body"]!, form["StatusCallback"], request.Headers.Authorization.ToString());
            Messages.Enqueue(sms);
            WhenAccepted?.Invoke(sms);
            return Results.Json(new { sid, status = "queued" }, statusCode: 201);
        });
        app.MapPost("/2010-04-01/Accounts/{account}/Calls.json", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var sid = "CA" + Guid.NewGuid().ToString("N");
            Calls.Enqueue(new PlacedCall(sid, form["To"]!, form["Twiml"]!));
            return Results.Json(new { sid, status = "queued" }, statusCode: 201);
        });
    }

    public ConcurrentQueue<SentSms> Messages { get; } = new();

    /// <summary>Runs as an SMS is accepted, just before the 201 goes back: a test's moment to break something.</summary>
    public Action<SentSms>? WhenAccepted { get; set; }

    public ConcurrentQueue<PlacedCall> Calls { get; } = new();

    public Uri BaseUrl => new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Task StartAsync() => app.StartAsync();

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
