using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cers.Dispatch.Benchmarks.Chaos;
using Cers.Dispatch.Benchmarks.WholeSystem;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// The whole system as real processes (deploy/run.sh's way, on ports and a database of its own, on the local PostgreSQL
/// and RabbitMQ) under emergency calls: signed Twilio Voice webhooks carrying a card's digits, at a steady rate and then
/// as one burst. Measured per activation, from the webhook to the first offer SMS the Twilio stand-in accepted, and on
/// to the worker's YES (which the stand-in sends, as a worker would) being accepted.
/// </summary>
public sealed class SurgeScenario(bool paired) : IScenario
{
    private static readonly TimeSpan QuietBeforeGivingUp = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LongestDrain = TimeSpan.FromSeconds(150);

    /// <summary>The services run twice over in <see cref="PairedSurgeScenario"/>: those that decide and store an activation's steps.</summary>
    public static readonly string[] PairedServices = [Services.CrisisIntake, Services.Rostering, Services.Escalation];

    public SurgeScenario()
        : this(paired: false)
    {
    }

    public string Name => paired ? PairedSurgeScenario.ScenarioName : "surge";

    private static int Setting(string name, int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : standard;

    private static int Rate => Setting("CERS_SURGE_RATE", 20);

    private static int Seconds => Setting("CERS_SURGE_SECONDS", 60);

    private static int Burst => Setting("CERS_SURGE_BURST", 500);

    private static int Workers => Setting("CERS_SURGE_WORKERS", 400);

    /// <summary>A service answers emergencies for months after it starts; the first calls pay for the JIT compiling it.</summary>
    private const int WarmUpCalls = 200;

    private const int WarmUpRate = 10;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var shared = new NpgsqlConnectionStringBuilder(LocalInfrastructure.MartenConnectionString);
        var place = new SystemPlace(
            Setting("CERS_SURGE_PORT_BASE", 5400), Path.Combine(LocalInfrastructure.RepositoryRoot, ".local", "bench-surge"), paired ? "cers_surge_paired" : "cers_surge", paired ? "cers-surge-paired" : "cers-surge",
            shared.Port, int.Parse(LocalInfrastructure.RabbitMqPort, CultureInfo.InvariantCulture))
        {
            Paired = paired ? PairedServices : [],
        };
        var steadyCalls = Rate * Seconds;
        var carers = (int)Math.Ceiling((WarmUpCalls + steadyCalls + Burst) / 0.9) + 20;

        await SystemData.RecreateDatabaseAsync(place, cancellationToken);
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", place.VirtualHost);
        // The stand-in answers at once: the figures are the system's own time, not a person's.
        var system = new RunningSystem(place, new Dictionary<string, string> { ["StandIn__ReplyDelayMilliseconds"] = "0", ["StandIn__AutoReply"] = "YES" });
        try
        {
            var setUp = Stopwatch.StartNew();
            await system.StartAllAsync(cancellationToken);
            var started = setUp.Elapsed;
            var workers = await SystemData.SeedStaffAsync(system, Workers, cancellationToken);
            var cards = new Queue<string>(await SystemData.SeedCarersAsync(system, carers, cancellationToken));
            var seeded = setUp.Elapsed - started;
            Console.WriteLine($"Started in {started.TotalSeconds:0} s; {workers.Count} workers and {cards.Count} working cards seeded in {seeded.TotalSeconds:0} s");

            await using var onCall = new WorkersOnCall(system, workers);
            using var phone = new PhoneLine(system);
            var warmUp = await SteadyAsync(phone, cards, WarmUpRate, WarmUpCalls, cancellationToken);
            await DrainAsync(place, warmUp, cancellationToken);

            var loadBefore = ProcessCpu.MachineLoad();
            var cpuBefore = ProcessCpu.Snapshot(system);
            Console.WriteLine($"steady: {steadyCalls} calls at {Rate}/s from now");
            var steady = await SteadyAsync(phone, cards, Rate, steadyCalls, cancellationToken);
            var (steadyOutcomes, steadyDrain) = await DrainAsync(place, steady, cancellationToken);
            var cpuAfterSteady = ProcessCpu.Snapshot(system);
            Console.WriteLine(Summary("steady", steady, steadyOutcomes));

            var burstAt = TimeProvider.System.GetUtcNow();
            var burst = await BurstAsync(phone, cards, Burst, cancellationToken);
            var cpuWhileAnswering = Subtract(ProcessCpu.Snapshot(system), cpuAfterSteady);
            var answeringSeconds = (TimeProvider.System.GetUtcNow() - burstAt).TotalSeconds;
            var (burstOutcomes, burstDrain) = await DrainAsync(place, burst, cancellationToken);
            var cpuAfterBurst = ProcessCpu.Snapshot(system);
            var loadAfter = ProcessCpu.MachineLoad();
            Console.WriteLine(Summary("burst", burst, burstOutcomes));

            var once = await OnceEachAsync(system, cancellationToken);
            return Describe(
                place, workers.Count, carers, cards.Count, started, seeded,
                new Phase($"steady {Rate}/s for {Seconds} s", steady, steadyOutcomes, steadyDrain, null, Subtract(cpuAfterSteady, cpuBefore)),
                new Phase($"burst of {Burst}", burst, burstOutcomes, burstDrain, burstAt, Subtract(cpuAfterBurst, cpuAfterSteady))
                {
                    WhileAnswering = (answeringSeconds, cpuWhileAnswering),
                },
                onCall.Visits, loadBefore, loadAfter, once);
        }
        finally
        {
            await system.StopAllAsync();
            if (Environment.GetEnvironmentVariable("CERS_BENCH_KEEP") != "1")
            {
                await SystemData.DropDatabaseAsync(place);
                await LocalInfrastructure.RunInfraScriptAsync("delete-vhost", place.VirtualHost);
            }
        }
    }

    private sealed record Phase(
        string Name, IReadOnlyList<EmergencyCall> Calls, IReadOnlyDictionary<Guid, Outcome> Outcomes, TimeSpan Drain, DateTimeOffset? StartedAt,
        IReadOnlyDictionary<string, double> CpuSeconds)
    {
        public IEnumerable<(EmergencyCall Call, Outcome Outcome)> Each => Calls.Select(c => (c, Outcomes[c.ActivationId]));

        /// <summary>A burst's CPU from its start until its last webhook was answered: what the callers waited behind.</summary>
        public (double Seconds, IReadOnlyDictionary<string, double> CpuSeconds)? WhileAnswering { get; init; }

        public DateTimeOffset From(EmergencyCall call) => StartedAt ?? call.SentAt;

        public Latencies Answered => Measure(Each.Where(x => x.Call.Accepted).Select(x => (TimeSpan?)x.Call.AnsweredIn));

        public Latencies ToOffer => Measure(Each.Select(x => x.Outcome.FirstOfferSmsAccepted - From(x.Call)));

        public Latencies ToAccepted => Measure(Each.Select(x => x.Outcome.OfferAccepted - From(x.Call)));

        public Latencies ToOfferMade => Measure(Each.Select(x => x.Outcome.FirstOfferMade - From(x.Call)));

        public double SendSeconds => Calls.Count < 2 ? 0 : (Calls.Max(c => c.SentAt) - Calls.Min(c => c.SentAt)).TotalSeconds;

        private static Latencies Measure(IEnumerable<TimeSpan?> spans)
        {
            var latencies = new Latencies();
            foreach (var span in spans.OfType<TimeSpan>())
            {
                latencies.Add(span);
            }

            return latencies;
        }
    }

    private static async Task<IReadOnlyList<EmergencyCall>> SteadyAsync(PhoneLine phone, Queue<string> cards, int rate, int count, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<Task<EmergencyCall>>(count);
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            calls.Add(phone.PhoneInAsync(cards.Dequeue(), cancellationToken));
        }

        return await Task.WhenAll(calls);
    }

    private static async Task<IReadOnlyList<EmergencyCall>> BurstAsync(PhoneLine phone, Queue<string> cards, int count, CancellationToken cancellationToken)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var numbers = Enumerable.Range(0, count).Select(_ => cards.Dequeue()).ToList();
        var calls = numbers.Select(async number =>
        {
            await go.Task;
            return await phone.PhoneInAsync(number, cancellationToken);
        }).ToList();
        go.SetResult();
        return await Task.WhenAll(calls);
    }

    /// <summary>Waits until every activation is at rest (a worker accepted, or the coordinators were alerted), or nothing moves for a while.</summary>
    private static async Task<(IReadOnlyDictionary<Guid, Outcome> Outcomes, TimeSpan Drain)> DrainAsync(
        SystemPlace place, IReadOnlyList<EmergencyCall> calls, CancellationToken cancellationToken)
    {
        var lastSent = calls.Max(c => c.SentAt + c.AnsweredIn);
        var waited = Stopwatch.StartNew();
        var settled = -1;
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var outcomes = await Outcomes.ReadAsync(place, calls.Select(c => c.ActivationId).ToList(), cancellationToken);
            var now = calls.Count(c => !c.Accepted || outcomes[c.ActivationId].Settled);
            if (now == calls.Count)
            {
                var drainedAt = outcomes.Values.Select(o => o.OfferAccepted ?? o.Escalated).OfType<DateTimeOffset>().DefaultIfEmpty(lastSent).Max();
                return (outcomes, drainedAt - lastSent);
            }

            if (now != settled)
            {
                settled = now;
                lastProgress = waited.Elapsed;
            }

            if (waited.Elapsed - lastProgress > QuietBeforeGivingUp || waited.Elapsed > LongestDrain)
            {
                return (outcomes, waited.Elapsed);
            }

            await Task.Delay(1_000, cancellationToken);
        }
    }

    private static Dictionary<string, double> Subtract(IReadOnlyDictionary<string, double> after, IReadOnlyDictionary<string, double> before) =>
        after.ToDictionary(a => a.Key, a => a.Value - before.GetValueOrDefault(a.Key));

    private static string Summary(string phase, IReadOnlyList<EmergencyCall> calls, IReadOnlyDictionary<Guid, Outcome> outcomes) =>
        $"{phase}: {calls.Count} calls, {calls.Count(c => c.Accepted)} answered, {outcomes.Values.Count(o => o.Opened)} opened, "
        + $"{outcomes.Values.Count(o => o.Offered)} offered, {outcomes.Values.Count(o => o.OfferAccepted is not null)} accepted, "
        + $"{outcomes.Values.Count(o => o.Escalated is not null)} escalated";

    private static string Describe(
        SystemPlace place, int workers, int carers, int cardsLeft, TimeSpan started, TimeSpan seeded, Phase steady, Phase burst, int visits,
        string loadBefore, string loadAfter, string once)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(place.Paired.Count > 0 ? "## Surge with two instances: phoned-in card to the first staff offer" : "## Surge: phoned-in card to the first staff offer")
            .AppendLine();
        if (place.Paired.Count > 0)
        {
            text.AppendLine(c, $"As the surge above, but with two instances each of {string.Join(", ", place.Paired)} on the same two cores and the same")
                .AppendLine("PostgreSQL and RabbitMQ, side by side without a load balancer: the first on the service's own address (where the other")
                .AppendLine("services reach it), the second on its port + 20. The harness sends the calls to the two crisis intakes in turn; RabbitMQ")
                .AppendLine("spreads each queue's messages over both instances that consume it; the Twilio stand-in sends the workers' texts to the")
                .AppendLine("first rostering; both escalations and both rosterings' runners fire what comes due.")
                .AppendLine();
        }

        text
            .AppendLine(c, $"The whole system as {Services.All.Sum(s => place.InstancesOf(s).Count)} real processes started as `deploy/run.sh service NAME` starts them (Release build, run.sh's")
            .AppendLine(c, $"environment, log level Warning), on ports {place.PortBase}+, database `{place.Database}` and RabbitMQ virtual host `{place.VirtualHost}` on the local")
            .AppendLine(c, $"PostgreSQL and RabbitMQ; started in {started.TotalSeconds:0} s. Seeded (not measured, {seeded.TotalSeconds:0} s): {carers:N0} carers with plans and cards by")
            .AppendLine(c, $"card lookup's `seed-demo` (rostering heard every plan over the bus before the first call), {workers} care workers with every skill,")
            .AppendLine("each on call round the clock in a rotation of their own and based in the carers' towns, two coordinators and a duty manager on call.")
            .AppendLine()
            .AppendLine("Each call is the webhook Twilio sends when the caller has keyed the card number: `POST /twilio/voice/card` with `Digits`,")
            .AppendLine("signed with `X-Twilio-Signature`, a new CallSid each, to crisis intake. Measured from the moment the harness sent it")
            .AppendLine("(for the burst: the moment the burst began) to:")
            .AppendLine("- *webhook answered*: intake's TwiML came back (card recognised from intake's card index, on-call chain as intake keeps it from rostering, activation stored);")
            .AppendLine("- *offer SMS accepted by Twilio*: the first offer's SMS was accepted by the Twilio stand-in (its `201` came back to rostering,")
            .AppendLine("  which recorded `offer_sms_sent`) — **the issue's figure**;")
            .AppendLine("- *worker's YES accepted*: the stand-in, replying as the worker would (at once here), texted `YES <code>` and rostering accepted it")
            .AppendLine("  (`offer_accepted`). A worker asked for one activation is not asked for another until they answer; *YES passed on* below")
            .AppendLine("  counts the YESes passed on to the next worker all the same, because the worker was already taken.")
            .AppendLine()
            .AppendLine(c, $"Read from the services' own event stores after each phase drained. Each worker who accepted then texted ARRIVED, a coordinator closed")
            .AppendLine(c, $"the activation and the worker texted LEFT, at once (harness, {visits:N0} visits), so {workers} workers could cover every activation.")
            .AppendLine(c, $"Warm-up of {WarmUpCalls} calls at {WarmUpRate}/s not counted.")
            .AppendLine()
            .AppendLine(Latencies.HeaderAgainstFloor);
        foreach (var phase in new[] { steady, burst })
        {
            text.AppendLine(phase.Answered.RowAgainstFloor($"{phase.Name}: webhook answered"))
                .AppendLine(phase.ToOfferMade.RowAgainstFloor($"{phase.Name}: first offer decided"))
                .AppendLine(phase.ToOffer.RowAgainstFloor($"{phase.Name}: **offer SMS accepted by Twilio**"))
                .AppendLine(phase.ToAccepted.RowAgainstFloor($"{phase.Name}: worker's YES accepted"));
        }

        text.AppendLine()
            .AppendLine("| phase | calls | sent over | webhooks answered 2xx | activations opened | card verified | offered | YES accepted | YES passed on (worker taken) | escalated to coordinators | **without an offer** | drained after the last call |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var phase in new[] { steady, burst })
        {
            var o = phase.Outcomes.Values.ToList();
            text.AppendLine(c, $"| {phase.Name} | {phase.Calls.Count} | {phase.SendSeconds:0.0} s | {phase.Calls.Count(x => x.Accepted)} | {o.Count(x => x.Opened)} | {o.Count(x => x.CardVerified)} | {o.Count(x => x.Offered)} | {o.Count(x => x.OfferAccepted is not null)} | {o.Sum(x => x.YesPassedOn)} | {o.Count(x => x.Escalated is not null)} | **{o.Count(x => !x.Offered)}** | {phase.Drain.TotalSeconds:0.0} s |");
        }

        var withoutOffer = steady.Each.Concat(burst.Each).Where(x => !x.Outcome.Offered).ToList();
        if (withoutOffer.Count > 0)
        {
            text.AppendLine()
                .AppendLine(c, $"Why {withoutOffer.Count} activations had no offer: {string.Join("; ", withoutOffer.GroupBy(x => Why(x.Call, x.Outcome)).Select(g => $"{g.Key} ({g.Count()})"))}.");
        }

        var target = steady.ToOffer.Percentile(99);
        text.AppendLine()
            .AppendLine(c, $"Targets: p99 phoned-in card → offer under 500 ms at {Rate}/s: **{(target < 500 && steady.ToOffer.Count == steady.Calls.Count ? "met" : "not met")}** ({target:0} ms over {steady.ToOffer.Count} of {steady.Calls.Count} calls).")
            .AppendLine(c, $"No activation without an offer after the burst drains: **{(burst.Outcomes.Values.All(o => o.Offered) ? "met" : "not met")}** ({burst.Outcomes.Values.Count(o => !o.Offered)} without).");
        text.AppendLine()
            .AppendLine("CPU seconds each process used (2 cores = 2 CPU seconds a second), and per activation in milliseconds. PostgreSQL and")
            .AppendLine("RabbitMQ are all their processes (they serve only this run); the whole machine includes the harness and the operating system:")
            .AppendLine()
            .AppendLine("| phase | wall s | " + string.Join(" | ", ProcessCpu.Columns) + " |")
            .AppendLine("|---|---:|" + string.Concat(ProcessCpu.Columns.Select(_ => "---:|")));
        foreach (var phase in new[] { steady, burst })
        {
            var wall = phase.SendSeconds + phase.Drain.TotalSeconds;
            text.AppendLine(c, $"| {phase.Name} | {wall:0} | {string.Join(" | ", ProcessCpu.Columns.Select(s => phase.CpuSeconds[s].ToString("0.0", c)))} |");
            text.AppendLine(c, $"| per activation, ms | | {string.Join(" | ", ProcessCpu.Columns.Select(s => (1000 * phase.CpuSeconds[s] / phase.Calls.Count).ToString("0", c)))} |");
            if (phase.WhileAnswering is var (seconds, cpu))
            {
                text.AppendLine(c, $"| {phase.Name}, until its last webhook was answered | {seconds:0.00} | {string.Join(" | ", ProcessCpu.Columns.Select(s => cpu[s].ToString("0.00", c)))} |");
            }
        }

        text.AppendLine()
            .AppendLine(c, $"Load average of the machine (1 min) before and after: {loadBefore} and {loadAfter}. {cardsLeft} seeded cards were left unused.")
            .AppendLine()
            .AppendLine(once);
        return text.ToString();
    }

    /// <summary>Which offer SMS went twice, so a run that finds one says where to look.</summary>
    private static string Listed(List<string> smsTwice) => smsTwice.Count > 0 ? $" Received twice: {string.Join("; ", smsTwice)}." : "";

    private static async Task<long> WithdrawnOfferSmsAsync(SystemPlace place, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM {Services.SchemaOf(Services.Rostering)}.durable_work WHERE kind = 'send-message' AND payload->>'purpose' = 'offer' AND outcome LIKE 'cancelled:%'",
            connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Read from the stores and the stand-in once everything drained: what must happen once at most. A worker asked for two
    /// activations at once would have answered YES to both (the stand-in answers every offer), and the second YES would
    /// show above as passed on.
    /// </summary>
    private static async Task<string> OnceEachAsync(RunningSystem system, CancellationToken cancellationToken)
    {
        var offeredTwice = await StoreChecks.DuplicatesAsync(system.Place, StoreChecks.WorkersOfferedTwice, cancellationToken);
        var (offerSms, smsTwice, neverTexted) = await StoreChecks.OfferTextsAsync(system, cancellationToken);
        var effectsTwice = await StoreChecks.DuplicatesAsync(system.Place, StoreChecks.EffectsTwice, cancellationToken);
        var timersTwice = await StoreChecks.DuplicatesAsync(system.Place, StoreChecks.TimersFiredTwice, cancellationToken);
        var withdrawn = await WithdrawnOfferSmsAsync(system.Place, cancellationToken);
        return string.Create(CultureInfo.InvariantCulture,
            $"Once each, from the stores and the stand-in after the run: a worker offered one activation twice **{offeredTwice.Count}**; "
            + $"an offer's SMS received twice **{smsTwice.Count}** (of {offerSms:N0}); offers stored but never texted {neverTexted}, "
            + $"offer SMS withdrawn before they went (the places filled or the call closed first) {withdrawn}; "
            + $"an offer expired or a dispatch escalated twice **{effectsTwice.Count}**; a timer fired twice **{timersTwice.Count}**.{Listed(smsTwice)}");
    }

    private static string Why(EmergencyCall call, Outcome outcome) => outcome switch
    {
        _ when !call.Accepted => call.Status == 0 ? "webhook not answered" : $"webhook answered {call.Status}",
        { Opened: false } => "activation not stored",
        { CardNotIdentified: true, CardCheckedAgainLater: true, CardVerified: false } => "card lookup did not answer in time and intake was still checking the card again",
        { CardNotIdentified: true, CardVerified: false } => "card not identified (a coordinator identifies the carer)",
        { DispatchRequested: false } => "rostering never heard of it",
        { Escalated: not null, OffersMade: 0 } => "nobody qualified and free: coordinators alerted, and no worker came free before the harness stopped looking",
        { OffersMade: > 0 } => "offer decided but its SMS not accepted",
        _ => "still waiting when the harness stopped looking",
    };
}
