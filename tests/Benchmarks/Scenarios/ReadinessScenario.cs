using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering;
using Cers.Dispatch.Rostering.Readiness;
using Cers.Dispatch.Rostering.Readiness.Assessing;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using NodaTime.Text;
using Published = Cers.Dispatch.Contracts.CardLookup;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// Readiness for 100,000 cards in one in-process rostering on the system clock: 50 towns, each with a day and a night
/// rotation of two care workers; the cards spread over the towns. How long assessing every card takes (the pass a rota
/// change owes), how fast the red list and one card answer, and how long one card's new facts take from card lookup's
/// message to the stored assessment.
/// </summary>
public sealed class ReadinessScenario : IScenario
{
    private const int Cards = 100_000;
    private const int Towns = 50;
    private const int Listings = 30;
    private const int OneCardReads = 100;
    private const int FactMessages = 100;

    public string Name => "readiness";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var schema = $"bench_ready_{Guid.NewGuid():N}"[..24];
        var directory = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var host = new ServiceHost<RosteringApi>(schema, $"bench{schema[^6..]}", services =>
            services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning), new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "bench-token-0123456789abcdef0123",
            ["Twilio:ApiBaseUrl"] = "http://127.0.0.1:9/",
            ["Twilio:PublicBaseUrl"] = "https://cers.example.org",
            ["Twilio:FromNumber"] = "+443300000247",
            ["Services:CardLookup"] = "http://127.0.0.1:9/",
            ["Rostering:PlanLinkBaseUrl"] = "https://console.cers.example.org",
        });
        try
        {
            await host.ReadyAsync();
            var admin = host.CreateClientAs(CersRoles.Administrator);
            var nightRotas = await RotaAsync(admin, cancellationToken);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            // The rota's changes owe passes over every card; they run before the cards arrive, not beside the timed passes.
            await OwedPassesDoneAsync(store, schema, cancellationToken);
            var now = SystemClock.Instance.GetCurrentInstant();
            var insert = Stopwatch.StartNew();
            var cards = Enumerable.Range(0, Cards).Select(i => Card(i, now)).ToList();
            await store.BulkInsertAsync(cards, Weasel.Core.BulkInsertMode.InsertsOnly, 5_000, cancellationToken);
            insert.Stop();

            var (first, firstSeconds) = await ReassessAsync(admin, cancellationToken);
            var (again, againSeconds) = await ReassessAsync(admin, cancellationToken);
            var redBefore = await RedAsync(admin, cancellationToken);

            // Tonight's night shift in the first town: both its workers off sick, nobody covering.
            var tonight = now.InZone(Rostering.Rotas.Resolution.RotaResolution.London).Date.At(new LocalTime(20, 0));
            var from = Rostering.Rotas.Resolution.RotaResolution.InLondon(tonight);
            using (var sick = await admin.PostAsJsonAsync($"/rotations/{nightRotas[0]}/overrides", new
            {
                from = InstantPattern.ExtendedIso.Format(from), to = InstantPattern.ExtendedIso.Format(from + Duration.FromHours(12)),
                reason = "sickness", addedBy = "Benchmark",
            }, cancellationToken))
            {
                sick.EnsureSuccessStatusCode();
            }

            var (afterChange, changeSeconds) = await ReassessAsync(admin, cancellationToken);
            var redAfter = await RedAsync(admin, cancellationToken);

            var listing = new Latencies();
            for (var i = 0; i < Listings; i++)
            {
                var took = Stopwatch.StartNew();
                (await admin.GetAsync("/readiness?state=red", cancellationToken)).EnsureSuccessStatusCode();
                listing.Add(took.Elapsed);
            }

            var oneCard = new Latencies();
            for (var i = 0; i < OneCardReads; i++)
            {
                var took = Stopwatch.StartNew();
                (await admin.GetAsync($"/readiness/{cards[i * 997 % Cards].Id}", cancellationToken)).EnsureSuccessStatusCode();
                oneCard.Add(took.Elapsed);
            }

            var facts = await FactsToAssessmentAsync(host, store, cards, cancellationToken);
            var (cpuMs, coverageMs) = await InMemoryAsync(host, store, cancellationToken);

            return string.Create(CultureInfo.InvariantCulture, $"""
                ## Readiness: 100,000 cards

                One in-process rostering on the system clock, its default settings. {Towns} towns, each with a day (08:00–20:00) and a
                night rotation of two care workers ({Towns * 4} workers, each based in their town); {Cards:N0} cards spread over the
                towns within about 10 km of their centres (each town more than the 60 km travel limit from the next), their facts bulk-inserted as card lookup's messages would have left them ({insert.Elapsed.TotalSeconds:0.0} s).
                Each card is checked against every hour of the coming week (a fortnight is worked out, so a card stays assessed for a
                week); about 1% need a skill nobody has and 2% are past their review date. "Assess every card" is `POST /readiness/reassess`,
                the same pass a change to a rota, the register or a travel limit owes: read the cards, work out the rota's cover once,
                assess, store those that changed a thousand to a transaction.

                | measured | cards | changed | red after | seconds |
                |---|---:|---:|---:|---:|
                | assess every card, the first time (all stored) | {first.Cards:N0} | {first.Changed:N0} | {redBefore:N0} | {firstSeconds:0.0} |
                | assess every card again, nothing changed | {again.Cards:N0} | {again.Changed:N0} | {redBefore:N0} | {againSeconds:0.0} |
                | after tonight's night shift in one town went uncovered | {afterChange.Cards:N0} | {afterChange.Changed:N0} | {redAfter:N0} | {changeSeconds:0.0} |

                The assessment alone, in memory (rota cover worked out once: {coverageMs:0} ms; then every card): {cpuMs:0} ms for {Cards:N0} cards.

                {Latencies.HeaderAgainstFloor}
                {listing.RowAgainstFloor("GET /readiness?state=red (200 newest of the red)")}
                {oneCard.RowAgainstFloor("GET /readiness/{carerId}")}
                {facts.RowAgainstFloor("one card's new facts: message published → assessment stored")}
                """);
        }
        finally
        {
            Directory.SetCurrentDirectory(directory);
            await host.DisposeAsync();
            await Schemas.DropAsync(schema);
        }
    }

    /// <summary>Ten rows of five towns, each more than the 60 km travel limit from the next: a town's cards depend on its own workers.</summary>
    private static (double Latitude, double Longitude) Town(int town) => (50.5 + (town / 5 * 0.8), -4.0 + (town % 5 * 1.2));

    private static async Task<List<Guid>> RotaAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var nights = new List<Guid>();
        for (var town = 0; town < Towns; town++)
        {
            var (lat, lon) = Town(town);
            var day = new[] { await WorkerAsync(admin, town, 0, lat, lon, cancellationToken), await WorkerAsync(admin, town, 1, lat, lon, cancellationToken) };
            var night = new[] { await WorkerAsync(admin, town, 2, lat, lon, cancellationToken), await WorkerAsync(admin, town, 3, lat, lon, cancellationToken) };
            await RotationAsync(admin, $"Town {town} days", day, "08:00", "20:00", cancellationToken);
            nights.Add(await RotationAsync(admin, $"Town {town} nights", night, "20:00", "08:00", cancellationToken));
        }

        return nights;
    }

    private static async Task<Guid> WorkerAsync(HttpClient admin, int town, int n, double lat, double lon, CancellationToken cancellationToken)
    {
        string[] skills = n % 2 == 0 ? ["personal-care", "medication-administration", "moving-and-handling"] : ["personal-care", "medication-administration"];
        using var response = await admin.PostAsJsonAsync("/staff", new
        {
            name = $"Worker {town}-{n}",
            // Ofcom's drama range: a thousand numbers, four a town.
            phone = $"+447700900{(town * 4) + n:000}",
            role = "care-worker",
            skills,
            training = skills.Where(s => s != "personal-care").Select(s => new { skill = s, expiresOn = "2030-01-01" }),
            dbsCheckExpiresOn = "2030-01-01",
            languages = new[] { "en" },
            homeBase = new { latitude = lat, longitude = lon },
            active = true,
            registeredBy = "Benchmark",
        }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Registering a worker failed: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }

    private static async Task<Guid> RotationAsync(HttpClient admin, string name, Guid[] workers, string from, string to, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsJsonAsync("/rotations", new
        {
            name, role = "care-worker", kind = "shift", participants = workers, startsAt = "2026-11-02T08:00:00", turnDays = 7,
            windowFrom = from, windowTo = to, priority = 10, createdBy = "Benchmark",
        }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetGuid();
    }

    /// <summary>Card <paramref name="i"/>: in town i mod 50, up to about 20 km from its centre, everything confirmed unless it is one of the few that are not.</summary>
    private static CardReadiness Card(int i, Instant now)
    {
        var random = new Random(i);
        var (lat, lon) = Town(i % Towns);
        var carer = Guid.NewGuid();
        string[] skills = (i % 100) switch
        {
            0 => ["personal-care", "peg-feeding"],
            < 25 => ["personal-care", "medication-administration"],
            < 30 => ["personal-care", "moving-and-handling"],
            _ => ["personal-care"],
        };
        var review = (i % 50) == 1 ? new LocalDate(2026, 10, 1) : new LocalDate(2027, 3, 1).PlusDays(i % 300);
        return new CardReadiness(carer, now - Duration.FromDays(100))
            .WithCard($"4000{i:D12}", works: true, now - Duration.FromDays(100))
            .With(new Published.EmergencyPlanChanged(carer, 1, skills, "england-and-wales", $"T{i % Towns} Town",
                Math.Round(lat + ((random.NextDouble() - 0.5) * 0.2), 2), Math.Round(lon + ((random.NextDouble() - 0.5) * 0.3), 2), now - Duration.FromDays(100),
                review, KeyAccessOnFile: true, EmergencyContacts: 2, ContactsConfirmedAt: now - Duration.FromDays(30)))
            .With(new Published.PlanConsentRecorded(carer, true, now - Duration.FromDays(100)));
    }

    private static async Task<((int Cards, int Changed) Outcome, double Seconds)> ReassessAsync(HttpClient admin, CancellationToken cancellationToken)
    {
        var took = Stopwatch.StartNew();
        using var response = await admin.PostAsync("/readiness/reassess", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return ((body.GetProperty("cards").GetInt32(), body.GetProperty("changed").GetInt32()), took.Elapsed.TotalSeconds);
    }

    private static async Task OwedPassesDoneAsync(IDocumentStore store, string schema, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        while (true)
        {
            var pending = await session.QueryAsync<int>(
                $"SELECT count(*)::int FROM {schema}.{ServiceDefaults.DurableWork.WorkTable.Name} WHERE kind = ? AND done_at IS NULL", cancellationToken, ReassessingAllCards.Kind);
            if (pending[0] == 0)
            {
                return;
            }

            await Task.Delay(500, cancellationToken);
        }
    }

    private static async Task<int> RedAsync(HttpClient admin, CancellationToken cancellationToken) =>
        (await admin.GetFromJsonAsync<JsonElement>("/readiness?state=red&limit=1", cancellationToken)).GetProperty("red").GetInt32();

    /// <summary>Consent confirmed again for one card at a time: from the message's publication to the card's stored assessment showing it.</summary>
    private static async Task<Latencies> FactsToAssessmentAsync(ServiceHost<RosteringApi> host, IDocumentStore store, List<CardReadiness> cards, CancellationToken cancellationToken)
    {
        var bus = host.Services.GetRequiredService<IBus>();
        var latencies = new Latencies();
        for (var i = 0; i < FactMessages; i++)
        {
            var card = cards[(i * 7919) % Cards];
            var at = SystemClock.Instance.GetCurrentInstant();
            var took = Stopwatch.StartNew();
            await bus.Publish(new Published.PlanConsentRecorded(card.Id, true, at), c => c.MessageId = Guid.NewGuid(), cancellationToken);
            while (true)
            {
                await using var session = store.QuerySession();
                if ((await session.LoadAsync<CardReadiness>(card.Id, cancellationToken))?.ConsentRecordedAt == at)
                {
                    break;
                }

                await Task.Delay(2, cancellationToken);
            }

            latencies.Add(took.Elapsed);
        }

        return latencies;
    }

    /// <summary>The rules alone: the rota's cover worked out once, then every card assessed, nothing read or stored while timed.</summary>
    private static async Task<(double AssessMs, double CoverageMs)> InMemoryAsync(ServiceHost<RosteringApi> host, IDocumentStore store, CancellationToken cancellationToken)
    {
        var assessor = host.Services.GetRequiredService<ReadinessAssessor>();
        await using var session = store.QuerySession();
        var cards = await session.Query<CardReadiness>().Where(c => c.Active).ToListAsync(cancellationToken);
        var now = SystemClock.Instance.GetCurrentInstant();
        var coverageTook = Stopwatch.StartNew();
        var coverage = await assessor.CoverageAsync(session, now, cancellationToken);
        coverageTook.Stop();
        var took = Stopwatch.StartNew();
        var red = cards.Select(c => ReadinessRules.Assess(c, coverage, assessor.Options, now)).Count(c => c.IsRed(now));
        took.Stop();
        return red < 0 ? (0, 0) : (took.Elapsed.TotalMilliseconds, coverageTook.Elapsed.TotalMilliseconds);
    }
}
