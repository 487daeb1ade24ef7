using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Cers.Dispatch.HostileInput;

/// <summary>
/// Malformed, oversized, out-of-order and forged requests to every public endpoint of every service: each is refused
/// with a 4xx that says why, none breaks the service (no 5xx), and nothing is stored.
/// </summary>
[Collection(HostileSystemCollection.Name)]
public sealed class EveryPublicEndpointTests(HostileSystem system, ITestOutputHelper output)
{
    private const int Seed = 20_261_125;

    [Fact]
    public async Task Every_hostile_request_to_every_public_endpoint_is_refused_with_a_reason_and_stores_nothing()
    {
        await system.RelaysSettledAsync();
        var before = await system.RowCountsAsync();
        var attacks = new Attacks(Seed);
        var planned = system.Targets.SelectMany(t => t.Endpoints.SelectMany(attacks.For).Select(a => (Target: t, Attack: a))).ToList();
        var refused = new ConcurrentBag<(string Target, Attack Attack, HttpStatusCode Status)>();
        var wrong = new ConcurrentBag<string>();

        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 8 }) { Timeout = TimeSpan.FromSeconds(60) };
        await Parallel.ForEachAsync(planned, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (planned, cancellationToken) =>
        {
            var (target, attack) = planned;
            try
            {
                using var request = attack.Build(target.Url);
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (Verdict(attack, response, body) is { } problem)
                {
                    wrong.Add($"{target.Service}: {attack}: {problem}");
                }
                else
                {
                    refused.Add((target.Service, attack, response.StatusCode));
                }
            }
            catch (HttpRequestException e)
            {
                wrong.Add($"{target.Service}: {attack}: no answer ({e.Message})");
            }
        });

        var after = await system.RowCountsAsync();
        var stored = after.Where(t => t.Value != before.GetValueOrDefault(t.Key)).Select(t => $"{t.Key}: {before.GetValueOrDefault(t.Key)} → {t.Value} rows").ToList();

        output.WriteLine($"{planned.Count} hostile requests to {system.Targets.Sum(t => t.Endpoints.Count)} endpoints of {system.Targets.Count} services.");
        foreach (var target in system.Targets)
        {
            output.WriteLine($"  {target.Service}: {string.Join(", ", target.Endpoints.Select(e => $"{e}{(e.TakesBody ? " [body]" : "")}{(e.Anonymous ? " [anonymous]" : "")}"))}");
        }

        foreach (var status in refused.GroupBy(r => (int)r.Status).OrderBy(g => g.Key))
        {
            output.WriteLine($"  {status.Key}: {status.Count()}");
        }

        foreach (var line in wrong.Order(StringComparer.Ordinal).Take(200))
        {
            output.WriteLine(line);
        }

        planned.Count.Should().BeGreaterThanOrEqualTo(1_000, "the issue asks for at least a thousand hostile requests");
        system.Targets.Should().OnlyContain(t => t.Endpoints.Count > 0, "every service's endpoints are found and attacked");
        wrong.Should().BeEmpty("every hostile request gets a 4xx with a reason and none a 5xx");
        stored.Should().BeEmpty("a refused request stores nothing");
    }

    /// <summary>
    /// Null when the response is a proper refusal: a 4xx that says why (problem+json with a title, or a page or TwiML
    /// that says it). Two answers are not refusals but still right: a webhook Twilio really signed gets TwiML (Twilio
    /// needs a 200 to speak to the caller), and asking to read what is held about an id nobody holds gets nothing.
    /// </summary>
    private static string? Verdict(Attack attack, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var media = response.Content.Headers.ContentType?.MediaType;
        if (status == 200 && attack.Kind.StartsWith("signed,", StringComparison.Ordinal) && media == "application/xml")
        {
            return null;
        }

        if (status == 200 && attack.Endpoint.Method == "GET" && IsEmptyAnswer(body))
        {
            return null;
        }

        if (status is < 400 or > 499)
        {
            return $"answered {status} {media}: {Shorten(body)}";
        }

        return media switch
        {
            "application/problem+json" => HasTitle(body) ? null : $"{status} problem+json without a title: {Shorten(body)}",
            "text/html" or "application/xml" or "text/xml" or "text/plain" when body.Trim().Length > 0 => null,
            _ => $"{status} without a reason ({media ?? "no content type"}): {Shorten(body)}",
        };
    }

    private static bool IsEmptyAnswer(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind switch
            {
                JsonValueKind.Array => json.RootElement.GetArrayLength() == 0,
                JsonValueKind.Object => json.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).All(p => p.Value.GetArrayLength() == 0)
                    && json.RootElement.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Array),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasTitle(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("title", out var title) && !string.IsNullOrWhiteSpace(title.GetString());
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
