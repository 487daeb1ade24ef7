using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using NodaTime;

namespace Cers.Dispatch.Testing;

public sealed record SentSms(string Sid, string To, string From, string Body, string? StatusCallback, string Authorization, Instant CreatedAt);

public sealed record PlacedCall(string Sid, string To, string Twiml);

/// <summary>
/// Stands in for Twilio's REST API on a loopback port: accepts Messages.json and Calls.json as Twilio does (201 with a
/// sid) and remembers what was sent, so a test can read the SMS a worker would receive. Messages are dated by
/// <paramref name="clock"/>, the test's clock as Twilio's (the system clock unless given).
/// </summary>
public sealed class FakeTwilio : LoopbackServer
{
    public FakeTwilio(IClock? clock = null)
    {
        clock ??= SystemClock.Instance;
        App.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref attempts);
            if (Outage?.Invoke() is { } refused)
            {
                return refused;
            }

            var form = await request.ReadFormAsync();
            var sid = "SM" + Guid.NewGuid().ToString("N");
            var sms = new SentSms(sid, form["To"]!, form["From"]!, form["Body"]!, form["StatusCallback"], request.Headers.Authorization.ToString(), clock.GetCurrentInstant());
            Messages.Enqueue(sms);
            WhenAccepted?.Invoke(sms);
            if (AnswerLate?.Invoke() is { } late)
            {
                await Task.Delay(late);
            }

            return Results.Json(new { sid, status = "queued" }, statusCode: 201);
        });
        App.MapGet("/2010-04-01/Accounts/{account}/Messages.json", (string account, string? to, string? from, int? pageSize) =>
        {
            Interlocked.Increment(ref lookups);
            if (LookupOutage?.Invoke() is { } refused)
            {
                return refused;
            }

            var size = pageSize ?? 50;
            var newest = Messages.Where(m => (to is null || m.To == to) && (from is null || m.From == from))
                .OrderByDescending(m => m.CreatedAt).Take(size).ToList();
            var uri = $"/2010-04-01/Accounts/{account}/Messages.json?PageSize={size}&Page=0";
            return Results.Json(new Dictionary<string, object?>
            {
                ["messages"] = newest.Select(m => new Dictionary<string, object?>
                {
                    ["sid"] = m.Sid, ["account_sid"] = account, ["to"] = m.To, ["from"] = m.From, ["body"] = m.Body, ["status"] = "queued",
                    ["direction"] = "outbound-api", ["date_created"] = m.CreatedAt.ToDateTimeUtc().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture),
                }).ToList(),
                ["uri"] = uri, ["first_page_uri"] = uri, ["next_page_uri"] = null, ["previous_page_uri"] = null,
                ["page"] = 0, ["page_size"] = size, ["start"] = 0, ["end"] = Math.Max(0, newest.Count - 1),
            });
        });
        App.MapPost("/2010-04-01/Accounts/{account}/Calls.json", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref attempts);
            if (Outage?.Invoke() is { } refused)
            {
                return refused;
            }

            var form = await request.ReadFormAsync();
            var sid = "CA" + Guid.NewGuid().ToString("N");
            Calls.Enqueue(new PlacedCall(sid, form["To"]!, form["Twiml"]!));
            return Results.Json(new { sid, status = "queued" }, statusCode: 201);
        });
    }

    private int attempts;
    private int lookups;

    public ConcurrentQueue<SentSms> Messages { get; } = new();

    /// <summary>Every request to send, accepted or not.</summary>
    public int Attempts => Volatile.Read(ref attempts);

    /// <summary>Every request listing messages (asking whether an SMS was taken), answered or not.</summary>
    public int Lookups => Volatile.Read(ref lookups);

    /// <summary>While set and answering non-null, every request listing messages gets that answer instead.</summary>
    public Func<IResult?>? LookupOutage { get; set; }

    /// <summary>While set and answering non-null, an SMS is taken and its 201 sent only after that long: past the caller's deadline, it never hears.</summary>
    public Func<TimeSpan?>? AnswerLate { get; set; }

    /// <summary>Twilio stuck before taking the request: 500 after <paramref name="after"/>, past the caller's deadline.</summary>
    public static IResult NoAnswer(TimeSpan after) => new AnsweringLate(after, ServerError());

    /// <summary>While set and answering non-null, every request gets that answer instead (an outage: 500s, 429s, ...).</summary>
    public Func<IResult?>? Outage { get; set; }

    /// <summary>Twilio down: 500 with Twilio's error shape.</summary>
    public static IResult ServerError() => Results.Json(new { code = 20500, message = "Internal Server Error", status = 500 }, statusCode: 500);

    /// <summary>Twilio throttling: 429 with a Retry-After.</summary>
    public static IResult TooManyRequests(int retryAfterSeconds) => new Throttled(retryAfterSeconds);

    /// <summary>Runs as an SMS is accepted, just before the 201 goes back: a test's moment to break something.</summary>
    public Action<SentSms>? WhenAccepted { get; set; }

    public ConcurrentQueue<PlacedCall> Calls { get; } = new();

}

/// <summary>Twilio's 429: error code 20429 and a Retry-After header.</summary>
internal sealed class Throttled(int retryAfterSeconds) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new { code = 20429, message = "Too Many Requests", status = 429 }, statusCode: 429).ExecuteAsync(httpContext);
    }
}

internal sealed class AnsweringLate(TimeSpan after, IResult answer) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await Task.Delay(after, CancellationToken.None);
        await answer.ExecuteAsync(httpContext);
    }
}
