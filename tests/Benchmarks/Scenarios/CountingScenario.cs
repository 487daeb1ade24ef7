using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cers.Dispatch.Benchmarks.WholeSystem;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.Scenarios;

/// <summary>
/// What one activation costs, counted rather than timed: the whole system as real processes, each service connecting to
/// PostgreSQL as a role of its own, takes activations through the whole path (signed voice webhook with the card, offer
/// SMS, the worker's YES, ARRIVED, the coordinator closing the activation, LEFT) at a slow and a faster rate. Per
/// activation: round trips to PostgreSQL by service (Npgsql's command counter and the transactions' ends), statements and
/// commits by service (pg_stat_statements), events appended by service, messages RabbitMQ received and delivered (the
/// node's own counters), HTTP requests each process answered, CPU by process.
/// </summary>
public sealed partial class CountingScenario : IScenario
{
    private const int Activations = 50;

    /// <summary>
    /// Enough for every path an activation takes to have run thirty times and more, so the runtime has compiled the
    /// busy framework code again, fully optimised, before anything is counted (services/Directory.Build.props).
    /// </summary>
    private const int WarmUp = 60;
    private const int SlowWarmUp = 100;

    /// <summary>Four in each of the harness's twenty towns, so a plan needing two at once finds them and nobody is paged for want of staff.</summary>
    private const int Workers = 80;
    private static readonly int[] Rates = [1, 5];

    /// <summary>
    /// Each rate is run this many times, the rates taking turns, and the round with the median CPU is shown: on this
    /// shared machine one phase's CPU could be a fifth above another's with the same counts.
    /// </summary>
    private const int Rounds = 3;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);

    /// <summary>How long the system is watched with no calls, for what it spends with nothing to do.</summary>
    private static readonly TimeSpan Rest = TimeSpan.FromSeconds(30);
    private static readonly string[] Counted = [Services.CardLookup, Services.CrisisIntake, Services.Rostering, Services.Escalation, Services.Console];

    public string Name => "counting";

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var shared = new NpgsqlConnectionStringBuilder(LocalInfrastructure.MartenConnectionString);
        var place = new SystemPlace(
            5500, Path.Combine(LocalInfrastructure.RepositoryRoot, ".local", "bench-counting"), "cers_counting", "cers-counting",
            shared.Port, int.Parse(LocalInfrastructure.RabbitMqPort, CultureInfo.InvariantCulture)) { RolePerService = true };

        // First, on a quiet machine: what each kind of operation costs when it comes alone.
        var lone = await LoneOperations.MeasureAsTheServicesRunAsync(cancellationToken);
        Console.WriteLine($"counting: lone operations measured\n{LoneOperations.Table(lone)}");
        await SystemData.RecreateDatabaseAsync(place, cancellationToken);
        await PrepareCountingAsync(place, cancellationToken);
        await LocalInfrastructure.RunInfraScriptAsync("reset-vhost", place.VirtualHost);
        var system = new RunningSystem(place, new Dictionary<string, string>
        {
            ["StandIn__ReplyDelayMilliseconds"] = "0",
            // Every offer is answered YES by the stand-in itself (the demo leaves that to the phone simulator).
            ["StandIn__AutoReply"] = "YES",
            // One line per request answered, counted from each process's log (the services' own, and ASP.NET Core's for the stand-in).
            ["Logging__LogLevel__Cers.Dispatch.ServiceDefaults.RequestLog"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        });
        try
        {
            await system.StartAllAsync(cancellationToken);
            using var commands = ServiceCounters.Listen(Counted.ToDictionary(s => s, s => system.ProcessIdOf(s) ?? throw new InvalidOperationException($"{s} is not running")));
            var workers = await SystemData.SeedStaffAsync(system, Workers, cancellationToken);
            var cards = new Queue<string>(await SystemData.SeedCarersAsync(system, (Activations * Rates.Length * Rounds) + WarmUp + SlowWarmUp + 40, cancellationToken));
            await using var onCall = new WorkersOnCall(system, workers);
            using var phone = new PhoneLine(system);

            // Warm-up, not counted: the first calls pay for the JIT compiling every path.
            await RunPhaseAsync(system, commands, phone, onCall, cards, 5, WarmUp, cancellationToken);
            // Then at 1 a second: the runtime compiles a method again, optimised, once it has run 30 times, counting only
            // after a pause in new compiling, and again after 30 more with what it learnt (tiered PGO). Paths run once a
            // second whatever the rate (a read model taking the news) or only for some activations (two workers at once)
            // get there late: with 40 here, the counted phase at 1 a second compiled 300 to 380 methods, with 100 about
            // 45, which a service running for days has long since compiled.
            await RunPhaseAsync(system, commands, phone, onCall, cards, 1, SlowWarmUp, cancellationToken);
            var restBefore = await AtRestAsync(system, commands, cancellationToken);
            Console.WriteLine($"counting: {Rest.TotalSeconds:0} s at rest done");
            var rounds = new List<Phase>();
            for (var round = 1; round <= Rounds; round++)
            {
                foreach (var rate in Rates)
                {
                    rounds.Add(await RunPhaseAsync(system, commands, phone, onCall, cards, rate, Activations, cancellationToken));
                    Console.WriteLine($"counting: {Activations} at {rate}/s done (round {round})");
                }
            }

            // At rest again after the phases: the lower of the two is taken off, so a vacuum or a late recompile in
            // one window does not flatter the figures.
            var restAfter = await AtRestAsync(system, commands, cancellationToken);
            var atRest = new[] { restBefore, restAfter }.MinBy(r => r.SystemCpuPerSecond)!;
            return Describe(rounds, atRest, restBefore, restAfter, lone);
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

    private sealed record Phase(int Rate, int Calls, int Visits, TimeSpan Took, Snapshot Before, Snapshot After, Mix Mix)
    {
        public double PerActivation(double total) => total / Calls;
    }

    /// <param name="Commits">Transactions begun and not rolled back: a <c>COMMIT</c> sent in one batch with the transaction's
    /// last statement is not among pg_stat_statements' <c>COMMIT</c>s, but every transaction's <c>BEGIN</c> is counted.</param>
    /// <param name="Ends">The <c>COMMIT</c>s and <c>ROLLBACK</c>s sent alone: round trips of their own.</param>
    private sealed record Counts(long Statements, long Commits, long Ends);

    private sealed record Snapshot(
        IReadOnlyDictionary<string, Counts> Statements,
        IReadOnlyDictionary<string, long> Commands,
        IReadOnlyDictionary<string, long> MethodsJitted,
        IReadOnlyDictionary<string, long> LastEvent,
        IReadOnlyDictionary<string, long> Requests,
        long Received,
        long Delivered,
        IReadOnlyDictionary<string, double> Cpu);

    private static async Task<Phase> RunPhaseAsync(
        RunningSystem system, ServiceCounters commands, PhoneLine phone, WorkersOnCall onCall, Queue<string> cards, int rate, int count, CancellationToken cancellationToken)
    {
        var before = await SnapshotAsync(system, commands, cancellationToken);
        // Counted from here, as the commands are: the phase's statements are what the After snapshot reads.
        await ResetStatementsAsync(system.Place, cancellationToken);
        var visitsBefore = onCall.Visits;
        var took = Stopwatch.StartNew();
        var calls = new List<Task<EmergencyCall>>();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)rate) - took.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            calls.Add(phone.PhoneInAsync(cards.Dequeue(), cancellationToken));
        }

        await Task.WhenAll(calls);
        var quietSince = Stopwatch.StartNew();
        var lastVisits = onCall.Visits;
        while (onCall.Visits - visitsBefore < count && quietSince.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500, cancellationToken);
            if (onCall.Visits != lastVisits)
            {
                lastVisits = onCall.Visits;
                quietSince.Restart();
            }
        }

        // The relays, the read models and the last status callbacks finish what the visits began.
        await Task.Delay(Settle, cancellationToken);
        var after = await SnapshotAsync(system, commands, cancellationToken);
        return new Phase(rate, count, onCall.Visits - visitsBefore, took.Elapsed, before, after, await MixAsync(system.Place, before, after, cancellationToken));
    }

    private static long Compiled(Phase phase, string service) => phase.After.MethodsJitted[service] - phase.Before.MethodsJitted[service];

    private static string CompiledByService(Phase phase) =>
        string.Create(CultureInfo.InvariantCulture, $"{Counted.Sum(s => Compiled(phase, s))} at {phase.Rate}/s ({string.Join(", ", Counted.Select(s => $"{s} {Compiled(phase, s)}"))})");

    /// <summary>What the system spends with no calls at all over <see cref="Rest"/>: CPU seconds by column, round trips by service.</summary>
    private sealed record AtRest(TimeSpan Took, Snapshot Before, Snapshot After)
    {
        public double CpuPerSecond(string column) => (After.Cpu[column] - Before.Cpu[column]) / Took.TotalSeconds;

        /// <summary>The services, PostgreSQL and RabbitMQ together (<see cref="SystemColumns"/>).</summary>
        public double SystemCpuPerSecond => SystemColumns.Sum(CpuPerSecond);

        public double RoundTripsPerSecond(string service) =>
            (After.Commands.GetValueOrDefault(service) - Before.Commands.GetValueOrDefault(service)) / Took.TotalSeconds;
    }

    private static async Task<AtRest> AtRestAsync(RunningSystem system, ServiceCounters commands, CancellationToken cancellationToken)
    {
        // The last phase's relays, read models and status callbacks are done by now (it settled); then nothing happens.
        var before = await SnapshotAsync(system, commands, cancellationToken);
        var took = Stopwatch.StartNew();
        await Task.Delay(Rest, cancellationToken);
        var after = await SnapshotAsync(system, commands, cancellationToken);
        return new AtRest(took.Elapsed, before, after);
    }

    private static string Describe(AtRest atRest, AtRest restBefore, AtRest restAfter) => string.Create(
        CultureInfo.InvariantCulture,
        $"At rest ({atRest.Took.TotalSeconds:0} s with no calls, the lower of {1000 * restBefore.SystemCpuPerSecond:0} ms a second before the phases "
        + $"and {1000 * restAfter.SystemCpuPerSecond:0} after) the whole system spent {1000 * atRest.SystemCpuPerSecond:0} ms of CPU a second "
        + $"({string.Join(", ", SystemColumns.Select(col => string.Create(CultureInfo.InvariantCulture, $"{col} {1000 * atRest.CpuPerSecond(col):0}")))}) "
        + $"and sent {Counted.Sum(atRest.RoundTripsPerSecond):0.0} commands a second to PostgreSQL "
        + $"({string.Join(", ", Counted.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s} {atRest.RoundTripsPerSecond(s):0.0}")))}).");

    /// <summary>What the phase's activations were: how many needed two workers at once, and how many had the coordinators paged for want of staff.</summary>
    private sealed record Mix(long TwoWorkers, long Escalated);

    private static async Task<Mix> MixAsync(SystemPlace place, Snapshot before, Snapshot after, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var count = new NpgsqlCommand(
            $"""
            SELECT count(DISTINCT stream_id) FILTER (WHERE type = 'places_set'), count(DISTINCT stream_id) FILTER (WHERE type = 'dispatch_escalated')
            FROM {Services.SchemaOf(Services.Rostering)}.mt_events WHERE seq_id > $1 AND seq_id <= $2
            """, connection);
        count.Parameters.Add(new NpgsqlParameter { Value = before.LastEvent[Services.Rostering] });
        count.Parameters.Add(new NpgsqlParameter { Value = after.LastEvent[Services.Rostering] });
        await using var reader = await count.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Mix(reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>The roles the services connect as, and pg_stat_statements in the run's database (loaded by deploy/infra.sh).</summary>
    private static async Task PrepareCountingAsync(SystemPlace place, CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(place.AdminConnectionString))
        {
            await admin.OpenAsync(cancellationToken);
            await using var loaded = new NpgsqlCommand("SHOW shared_preload_libraries", admin);
            if (!((string)(await loaded.ExecuteScalarAsync(cancellationToken))!).Contains("pg_stat_statements", StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    "PostgreSQL was started without pg_stat_statements; deploy/infra.sh adds it: run deploy/infra.sh restart-postgres once.");
            }

            foreach (var service in Counted)
            {
                var role = SystemPlace.RoleOf(service);
                await using var create = new NpgsqlCommand(
                    $"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} LOGIN SUPERUSER; END IF; END $$", admin);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var database = new NpgsqlConnection(place.ConnectionString);
        await database.OpenAsync(cancellationToken);
        await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", database);
        await extension.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ResetStatementsAsync(SystemPlace place, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var reset = new NpgsqlCommand("SELECT pg_stat_statements_reset()", connection);
        await reset.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Snapshot> SnapshotAsync(RunningSystem system, ServiceCounters commands, CancellationToken cancellationToken)
    {
        var place = system.Place;
        var sent = await commands.NowAsync(cancellationToken);
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        var statements = new Dictionary<string, Counts>();
        await using (var byRole = new NpgsqlCommand(
            """
            SELECT r.rolname, coalesce(sum(s.calls), 0)::bigint,
                coalesce(sum(s.calls) FILTER (WHERE upper(s.query) LIKE 'BEGIN%'), 0)::bigint - coalesce(sum(s.calls) FILTER (WHERE upper(s.query) LIKE 'ROLLBACK%'), 0)::bigint,
                coalesce(sum(s.calls) FILTER (WHERE upper(s.query) LIKE 'COMMIT%' OR upper(s.query) LIKE 'ROLLBACK%'), 0)::bigint
            FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
            WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            GROUP BY r.rolname
            """,
            connection))
        await using (var reader = await byRole.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                statements[reader.GetString(0)] = new Counts(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        var lastEvent = new Dictionary<string, long>();
        foreach (var service in Counted)
        {
            await using var last = new NpgsqlCommand($"SELECT coalesce(max(seq_id), 0) FROM {Services.SchemaOf(service)}.mt_events", connection);
            try
            {
                lastEvent[service] = (long)(await last.ExecuteScalarAsync(cancellationToken))!;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                lastEvent[service] = 0;
            }
        }

        var requests = Services.All.ToDictionary(s => s, s => RequestsAnswered(system.LogOf(s)));
        var counters = await RabbitMqCountersAsync(cancellationToken);
        return new Snapshot(
            statements, sent.ToDictionary(s => s.Key, s => s.Value.Commands), sent.ToDictionary(s => s.Key, s => s.Value.MethodsJitted), lastEvent, requests,
            counters.Received, counters.Delivered, ProcessCpu.Snapshot(system));
    }

    private static long RequestsAnswered(string log) =>
        File.Exists(log) ? File.ReadLines(log).LongCount(line => line.Contains("Request finished", StringComparison.Ordinal)) : 0;

    /// <summary>The node's counters since it started (deploy/infra.sh rabbitmq-counters): the run must have the node to itself.</summary>
    private static async Task<(long Received, long Delivered)> RabbitMqCountersAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(LocalInfrastructure.RepositoryRoot, "deploy", "infra.sh"), "rabbitmq-counters"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        long Sum(Regex pattern) => pattern.Matches(output).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return (Sum(ReceivedTotal()), Sum(DeliveredTotal()));
    }

    [GeneratedRegex(@"messages_received_total => (\d+)")]
    private static partial Regex ReceivedTotal();

    [GeneratedRegex(@"messages_delivered_total => (\d+)")]
    private static partial Regex DeliveredTotal();

    /// <summary>For each rate, the round whose CPU above rest is the median of its rounds.</summary>
    private static List<Phase> Medians(IReadOnlyList<Phase> rounds, AtRest atRest) =>
        [.. Rates.Select(rate => rounds.Where(p => p.Rate == rate).OrderBy(p => AboveRest(p, atRest) / p.Calls).ElementAt(Rounds / 2))];

    private static string Describe(IReadOnlyList<Phase> rounds, AtRest atRest, AtRest restBefore, AtRest restAfter, IReadOnlyList<LoneCost> lone)
    {
        var phases = Medians(rounds, atRest);
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("## Counting: what one activation costs")
            .AppendLine()
            .AppendLine("The whole system as six real processes (`deploy/run.sh service NAME`, Release, log level Warning but for one line per")
            .AppendLine("HTTP request answered), each service connecting to PostgreSQL as a role of its own. Each activation goes the whole way:")
            .AppendLine("the signed voice webhook with the card's digits, the offer SMS to the Twilio stand-in, the worker's YES (the stand-in),")
            .AppendLine("ARRIVED, the coordinator closing the activation (longer-term care in place), LEFT (the harness, signed as Twilio signs).")
            .AppendLine(c, $"{Activations} activations per rate after a warm-up of {WarmUp} at 5/s and {SlowWarmUp} at 1/s (a service running for days has compiled its")
            .AppendLine(c, $"paths long since); counted from the first call until every visit was done and {Settle.TotalSeconds:0} s more. The rates take turns")
            .AppendLine(c, $"{Rounds} times, and each column shows the round whose CPU above rest was the median of that rate's (all rounds below the table).")
            .AppendLine(c, $"The carers are card lookup's demo data, about a third of whose plans need two care workers at once (a two-person transfer);")
            .AppendLine(c, $"{Workers} care workers, four in each of twenty towns, on call round the clock, so both are found.")
            .AppendLine()
            .AppendLine("*Round trips* are the commands the service's process sent (Npgsql's `total-commands` counter, read over the .NET")
            .AppendLine("diagnostics port: one per command however many statements it batches, a transaction's `BEGIN` travelling with the")
            .AppendLine("command after it) plus the `COMMIT`s and `ROLLBACK`s it sent alone (a `COMMIT` sent in the batch of the transaction's")
            .AppendLine("last statement travels with it). *Statements* are what pg_stat_statements counted for the service's role (each")
            .AppendLine("statement of a batch counts; a `COMMIT` in a batch is not counted). *Commits* are its explicit transactions, each")
            .AppendLine("`BEGIN` less those rolled back: a statement sent outside a transaction commits by itself and is not among them.")
            .AppendLine("*Events* are the rows appended to its")
            .AppendLine("`mt_events`. *Messages* are the RabbitMQ node's own counters (received from publishers; delivered to consumers, a")
            .AppendLine("fan-out counting once per queue). *HTTP* is every request the process answered, the Twilio stand-in's included.")
            .AppendLine("Both rates include what the services do when idle (escalation's poller and the relays look every second or two,")
            .AppendLine("the owed-work runners now and then), which weighs more per activation at the slower rate. So the system is also")
            .AppendLine(c, $"watched for {Rest.TotalSeconds:0} s with no calls after the warm-up and again after the phases, and the CPU it spends *at rest* (the lower) is shown apart and taken off")
            .AppendLine("the CPU per activation *above rest*: what an activation adds, the figure the target is about.")
            .AppendLine()
            .AppendLine("| per activation | " + string.Join(" | ", phases.Select(p => $"{p.Rate}/s")) + " |")
            .AppendLine("|---|" + string.Concat(phases.Select(_ => "---:|")));

        void Row(string what, Func<Phase, double> value, string format = "0.0") =>
            text.AppendLine(c, $"| {what} | {string.Join(" | ", phases.Select(p => p.PerActivation(value(p)).ToString(format, c)))} |");

        Row("**PostgreSQL round trips, all services**", p => Counted.Sum(s => RoundTrips(p, s)));
        foreach (var service in Counted)
        {
            Row($"round trips: {service}", p => RoundTrips(p, service));
        }

        Row("**PostgreSQL statements, all services**", p => Counted.Sum(s => Of(p.After, s).Statements));
        foreach (var service in Counted)
        {
            Row($"statements: {service}", p => Of(p.After, service).Statements);
        }

        Row("**commits, all services**", p => Counted.Sum(s => Of(p.After, s).Commits));
        foreach (var service in Counted)
        {
            Row($"commits: {service}", p => Of(p.After, service).Commits);
        }

        Row("**events appended, all services**", p => Counted.Sum(s => p.After.LastEvent[s] - p.Before.LastEvent[s]));
        foreach (var service in Counted.Where(s => s != Services.Console))
        {
            Row($"events: {service}", p => p.After.LastEvent[service] - p.Before.LastEvent[service]);
        }

        Row("**messages published**", p => p.After.Received - p.Before.Received);
        Row("**messages delivered**", p => p.After.Delivered - p.Before.Delivered);
        Row("**HTTP requests answered, all processes**", p => Services.All.Sum(s => p.After.Requests[s] - p.Before.Requests[s]));
        foreach (var service in Services.All)
        {
            Row($"HTTP: {service}", p => p.After.Requests[service] - p.Before.Requests[service]);
        }

        Row("**CPU ms, whole system** (services, PostgreSQL, RabbitMQ)", p => 1000 * SystemCpu(p), "0");
        Row("**CPU ms, whole system, above rest**", p => 1000 * AboveRest(p, atRest), "0");
        foreach (var column in ProcessCpu.Columns.Where(col => col != ProcessCpu.WholeMachine))
        {
            Row($"CPU ms: {column}", p => 1000 * (p.After.Cpu[column] - p.Before.Cpu[column]), "0");
        }

        text.AppendLine()
            .AppendLine(c, $"CPU above rest in each round, in the order run: {string.Join("; ", Rates.Select(rate => $"at {rate}/s {string.Join(", ", rounds.Where(p => p.Rate == rate).Select(p => (1000 * AboveRest(p, atRest) / p.Calls).ToString("0", c)))} ms"))}.")
            .AppendLine(c, $"Visits completed: {string.Join(", ", phases.Select(p => $"{p.Visits} of {p.Calls} at {p.Rate}/s ({p.Took.TotalSeconds:0} s)"))}.")
            .AppendLine(c, $"Methods the services compiled during the phase: {string.Join(", ", phases.Select(CompiledByService))}.")
            .AppendLine(c, $"Activations needing two workers at once: {string.Join(", ", phases.Select(p => $"{p.Mix.TwoWorkers} of {p.Calls} at {p.Rate}/s"))}; " +
                $"coordinators paged for want of staff: {string.Join(", ", phases.Select(p => $"{p.Mix.Escalated} at {p.Rate}/s"))}.")
            .AppendLine(Describe(atRest, restBefore, restAfter))
            .AppendLine(c, $"Targets (issue 15): at most 60 round trips and 15 commits per activation, at most 80 ms of CPU for the whole system: {Verdict(phases, atRest)}.")
            .AppendLine()
            .AppendLine("What the operations an activation is made of cost by themselves, measured first on the bare PostgreSQL, RabbitMQ")
            .AppendLine(c, $"and HTTP of this machine: each operation alone, one every {LoneOperations.Pace.TotalMilliseconds:0} ms, so the processes it wakes have gone back to sleep")
            .AppendLine("before the next, as most of an activation's operations find them at one activation a second; what the same processes")
            .AppendLine("spend over as long with nothing to do but the pacing (a timer waking the client) is taken off. The client is a process")
            .AppendLine("of the harness started on a service's runtime settings (workstation collector, no spinning thread pool), as the services run.")
            .AppendLine()
            .Append(LoneOperations.Table(lone))
            .AppendLine()
            .AppendLine(Priced(phases, lone, atRest));
        return text.ToString();
    }

    /// <summary>
    /// What each phase's operations would cost at the lone prices before the services did anything of their own: a lower
    /// bound at the slow rate, where operations come alone, and more than they cost at the faster, where they share wake-ups.
    /// </summary>
    private static string Priced(IReadOnlyList<Phase> phases, IReadOnlyList<LoneCost> lone, AtRest atRest)
    {
        var (roundTrip, transaction, message, request) = (lone[0].Total, lone[1].Total, lone[2].Total, lone[3].Total);
        var c = CultureInfo.InvariantCulture;
        var each = phases.Select(p =>
        {
            var commits = Counted.Sum(s => Of(p.After, s).Commits) / (double)p.Calls;
            var roundTrips = Counted.Sum(s => RoundTrips(p, s)) / (double)p.Calls;
            var published = (p.After.Received - p.Before.Received) / (double)p.Calls;
            var delivered = (p.After.Delivered - p.Before.Delivered) / (double)p.Calls;
            var requests = Services.All.Sum(s => p.After.Requests[s] - p.Before.Requests[s]) / (double)p.Calls;
            var priced = (commits * transaction) + (Math.Max(0, roundTrips - (2 * commits)) * roundTrip) + (Math.Min(published, delivered) * message) + (requests * request / 2);
            return string.Create(c,
                $"at {p.Rate}/s, {commits:0.0} transactions, {Math.Max(0, roundTrips - (2 * commits)):0.0} round trips more, {Math.Min(published, delivered):0.0} messages and "
                + $"{requests:0.0} HTTP requests (one side of each, half the price) come to **{priced:0} ms** of the {1000 * AboveRest(p, atRest) / p.Calls:0} ms measured above rest");
        });
        return "At those prices, with nothing of the services' own work: " + string.Join("; ", each) + ".";
    }

    /// <summary>What pg_stat_statements counted for the service's role by the snapshot (reset as each phase began).</summary>
    private static Counts Of(Snapshot s, string service) =>
        s.Statements.GetValueOrDefault(SystemPlace.RoleOf(service)) ?? new Counts(0, 0, 0);

    private static long RoundTrips(Phase p, string service) =>
        p.After.Commands.GetValueOrDefault(service) - p.Before.Commands.GetValueOrDefault(service) + Of(p.After, service).Ends;

    /// <summary>The services (not the Twilio stand-in, which plays Twilio), PostgreSQL and RabbitMQ.</summary>
    private static readonly string[] SystemColumns = [.. ProcessCpu.Columns.Where(col => col is not ProcessCpu.WholeMachine and not Services.TwilioStandIn)];

    private static double SystemCpu(Phase p) => SystemColumns.Sum(col => p.After.Cpu[col] - p.Before.Cpu[col]);

    /// <summary>The phase's CPU less what the system would have spent at rest over as long.</summary>
    private static double AboveRest(Phase p, AtRest atRest) => SystemCpu(p) - (atRest.SystemCpuPerSecond * p.Took.TotalSeconds);

    private static string Verdict(IReadOnlyList<Phase> phases, AtRest atRest)
    {
        var worst = phases.Select(p => (
            RoundTrips: Counted.Sum(s => RoundTrips(p, s)) / (double)p.Calls,
            Commits: Counted.Sum(s => Of(p.After, s).Commits) / (double)p.Calls,
            Cpu: 1000 * AboveRest(p, atRest) / p.Calls,
            CpuWithRest: 1000 * SystemCpu(p) / p.Calls)).ToList();
        string Met(bool met) => met ? "met" : "not met";
        return string.Create(CultureInfo.InvariantCulture,
            $"round trips **{Met(worst.All(w => w.RoundTrips <= 60))}** (up to {worst.Max(w => w.RoundTrips):0}), "
            + $"commits **{Met(worst.All(w => w.Commits <= 15))}** (up to {worst.Max(w => w.Commits):0}), "
            + $"CPU above rest **{Met(worst.All(w => w.Cpu <= 80))}** (up to {worst.Max(w => w.Cpu):0} ms; up to {worst.Max(w => w.CpuWithRest):0} ms with rest included)");
    }
}
