using System.Diagnostics;
using System.Globalization;
using Cers.Dispatch.CardLookup;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Demo;
using Cers.Dispatch.CardLookup.Lookup.ByCard;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Weasel.Core;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// Card lookup with 100,000 registered carers: latency inside the service (the query the endpoint runs), through
/// HTTP (in-memory test server, no network), and throughput with concurrent clients.
/// </summary>
public sealed class CardLookupScenario : IScenario
{
    private const int Carers = 100_000;
    private const int SequentialSamples = 5_000;
    private const int HttpSamples = 3_000;
    private const int ConcurrentClients = 8;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(15);

    public string Name => "card-lookup";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var schema = $"bench_cardlookup_{Guid.NewGuid():N}"[..24];
        // Request logging to the console would be measured too; the service logs warnings and worse in production.
        // One benchmark client makes every lookup: lift the per-caller limits meant for people and phones (as the docs ask of load tests).
        var host = new ServiceHost<CardLookupApi>(schema, $"bench{schema[^6..]}", services =>
            services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning), new Dictionary<string, string?>
            {
                ["CardLookup:Lookups:PerMinutePerSource"] = "100000000",
                ["RateLimits:ApiPerMinutePerCaller"] = "100000000",
            });
        try
        {
            var client = StartFromBinaries(host);
            var store = host.Services.GetRequiredService<IDocumentStore>();
            var now = host.Services.GetRequiredService<IClock>().GetCurrentInstant();

            var loading = Stopwatch.StartNew();
            var vault = host.Services.GetRequiredService<PersonalDataVault>();
            var cards = await BulkLoadAsync(store, vault, host.Services.GetRequiredService<BlindIndex>(), now, cancellationToken);
            loading.Stop();
            Console.WriteLine($"Loaded {Carers} carers and {cards.Count} working cards in {loading.Elapsed.TotalSeconds:0.0} s");

            var loadBefore = MachineLoad();
            var random = new Random(42);
            string AnyCard() => cards[random.Next(cards.Count)];
            var today = Ages.Today(now);

            var inService = new Latencies();
            for (var i = -500; i < SequentialSamples; i++)
            {
                var number = AnyCard();
                var took = Stopwatch.StartNew();
                await using (var session = store.QuerySession())
                {
                    var (result, _, _, _) = await LookUpCardSlice.FindAsync(number, session, vault, today, cancellationToken);
                    if (result != Cers.Dispatch.CardLookup.Lookup.Audit.LookupResult.Found)
                    {
                        throw new InvalidOperationException($"Card {number} was not found: {result}");
                    }
                }

                if (i >= 0)
                {
                    inService.Add(took.Elapsed);
                }
            }

            var overHttp = new Latencies();
            for (var i = -300; i < HttpSamples; i++)
            {
                var took = Stopwatch.StartNew();
                using var response = await client.GetAsync($"/lookup/card/{AnyCard()}?channel=phone&requestedBy=benchmark", cancellationToken);
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (i >= 0)
                {
                    overHttp.Add(took.Elapsed);
                }
            }

            var underLoad = new Latencies();
            var running = Stopwatch.StartNew();
            var workers = Enumerable.Range(0, ConcurrentClients).Select(worker => Task.Run(async () =>
            {
                var mine = new Random(worker);
                using var own = host.CreateClient();
                while (running.Elapsed < LoadDuration)
                {
                    var took = Stopwatch.StartNew();
                    using var response = await own.GetAsync($"/lookup/card/{cards[mine.Next(cards.Count)]}?channel=partner&requestedBy=benchmark", cancellationToken);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    underLoad.Add(took.Elapsed);
                }
            }, cancellationToken)).ToList();
            await Task.WhenAll(workers);
            var throughput = underLoad.Count / running.Elapsed.TotalSeconds;
            var loadAfter = MachineLoad();

            return string.Create(CultureInfo.InvariantCulture, $"""
                ## Card lookup: 100,000 registered carers

                {Carers:N0} carers, each with one or two cared-for people, an assessment, an emergency plan and a card, bulk-loaded
                as the documents the inline projections keep (`Carer`, `CardIndex`) in {loading.Elapsed.TotalSeconds:0} s (not measured).
                Random working card numbers. *In the service*: `LookUpCardSlice.FindAsync`, the query behind
                `GET /lookup/card/{"{cardNumber}"}` (check digit, two primary-key reads, the answer built), one at a time with a fresh
                session each. *Through HTTP*: the whole endpoint through the in-memory test server (routing, JSON, audit record
                queued), one at a time. *Under load*: {ConcurrentClients} concurrent HTTP clients for {LoadDuration.TotalSeconds:0} s.
                Target: p99 under 5 ms inside the service.

                {Latencies.HeaderAgainstFloor}
                {inService.RowAgainstFloor("lookup in the service (sequential)")}
                {overHttp.RowAgainstFloor("lookup through HTTP (sequential)")}
                {underLoad.RowAgainstFloor($"lookup through HTTP ({ConcurrentClients} concurrent clients)")}

                Throughput with {ConcurrentClients} concurrent clients: **{throughput:0} lookups/s**.

                Load average of the machine (1 min) before and after measuring: {loadBefore} and {loadAfter}; the
                2 cores are shared with other builds and tests, so the tail percentiles include their interference.
                """);
        }
        finally
        {
            await host.DisposeAsync();
            await Schemas.DropAsync(schema);
        }
    }

    private static string MachineLoad() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>
    /// WebApplicationFactory finds the service's content root through MvcTestingAppManifest.json in the current
    /// directory, which is the binaries' directory under a test runner but the repository root under bench.sh.
    /// </summary>
    private static HttpClient StartFromBinaries(ServiceHost<CardLookupApi> host)
    {
        var before = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        try
        {
            return host.CreateClient();
        }
        finally
        {
            Directory.SetCurrentDirectory(before);
        }
    }

    /// <summary>
    /// The fast path: the same generated histories as the demo seeder, folded here and bulk-inserted as the documents the
    /// service keeps (the carer with its seals, the card index, the carer's wrapped data key and search entries).
    /// </summary>
    private static async Task<List<string>> BulkLoadAsync(IDocumentStore store, PersonalDataVault vault, BlindIndex index, Instant now, CancellationToken cancellationToken)
    {
        var faker = DemoSeeder.NewFaker();
        var working = new List<string>(Carers);
        const int Batch = 10_000;
        for (var start = 0; start < Carers; start += Batch)
        {
            var carers = new List<Carer>(Batch);
            var cards = new List<CardIndex>(Batch);
            var keys = new List<DataKey>(Batch);
            var searches = new List<CarerSearchEntry>(Batch);
            var references = new List<HubReferenceEntry>(Batch);
            for (var i = start; i < start + Batch; i++)
            {
                var history = DemoSeeder.Generate(faker, now, i);
                carers.Add(history.CarerEvents.Aggregate((Carer?)null, CarerHistory.Fold)!);
                cards.AddRange(history.Cards.Select(c => FoldCard(c.Events)));
                keys.Add(vault.Wrap(history.Key, now));
                var (search, reference) = CarerIndexes.For(index, history.CarerId, history.Details);
                searches.Add(search);
                references.Add(reference);
                if (history.WorkingCard is { } number)
                {
                    working.Add(number);
                }
            }

            await store.BulkInsertAsync(carers, BulkInsertMode.InsertsOnly, batchSize: 2_000, cancellationToken);
            await store.BulkInsertAsync(cards, BulkInsertMode.InsertsOnly, batchSize: 2_000, cancellationToken);
            await store.BulkInsertAsync(keys, BulkInsertMode.InsertsOnly, batchSize: 2_000, cancellationToken);
            await store.BulkInsertAsync(searches, BulkInsertMode.InsertsOnly, batchSize: 2_000, cancellationToken);
            await store.BulkInsertAsync(references, BulkInsertMode.InsertsOnly, batchSize: 2_000, cancellationToken);
        }

        return working;
    }

    private static CardIndex FoldCard(object[] events)
    {
        var card = events.Skip(1).Aggregate(Card.Create((CardIssued)events[0]), CardStreams.Evolve);
        return new CardIndex(card.CardNumber, card);
    }
}
