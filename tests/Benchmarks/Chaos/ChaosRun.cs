using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cers.Dispatch.Benchmarks.WholeSystem;
using Cers.Dispatch.Testing;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.Chaos;

/// <summary>One fault and how the system came back from it; <paramref name="OffersAgain"/> is null when no offer followed within the wait.</summary>
public sealed record Fault(string What, DateTimeOffset At, TimeSpan Down, TimeSpan Recovered, TimeSpan? OffersAgain, int Open, int NotAtRest);

/// <summary>A fault to inject: returns how long the part was down, once it runs again.</summary>
public sealed record Injection(string What, Func<RunningSystem, CancellationToken, Task<TimeSpan>> InjectAsync);

/// <summary>
/// The chaos run: the whole system on its own PostgreSQL and RabbitMQ (deploy/chaos.sh starts them), emergency calls
/// coming in the whole time, and meanwhile each service killed with kill -9 and started again in turn, then RabbitMQ
/// restarted, then PostgreSQL. Afterwards, from the stores: every activation reached an offer or an escalation, nothing
/// accepted before a fault is missing, no worker was offered the same dispatch twice, no timer fired twice in effect.
/// Clustered (deploy/chaos.sh ha, on deploy/ha.sh's infrastructure), the faults are one instance of each service killed,
/// two RabbitMQ nodes stopped in turn and the PostgreSQL primary killed, and no webhook may need a retry.
/// </summary>
public static class ChaosRun
{
    private static readonly string[] Killed = [Services.CardLookup, Services.CrisisIntake, Services.Rostering, Services.Escalation, Services.Console];

    private static int Setting(string name, int standard) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : standard;

    private static readonly Injection[] SingleNodeFaults =
    [
        .. Killed.Select(service => new Injection($"kill -9 {service}", (system, ct) => KillAndStartAsync(system, service, null, ct))),
        new("restart RabbitMQ", (_, ct) => TimedScriptAsync("infra.sh", "restart-rabbitmq", ct)),
        new("restart PostgreSQL", (_, ct) => TimedScriptAsync("infra.sh", "restart-postgres", ct)),
    ];

    private static readonly Injection[] ClusterFaults =
    [
        .. Killed.Select(service => new Injection($"kill -9 one {service} instance", (system, ct) => KillAndStartAsync(system, service, "a", ct))),
        new("stop RabbitMQ node 1 for 20 s", (_, ct) => StopRabbitMqNodeAsync(1, ct)),
        new("stop RabbitMQ node 2 for 20 s (node 1 back)", (_, ct) => StopRabbitMqNodeAsync(2, ct)),
        new("kill -9 the PostgreSQL primary (Patroni and PostgreSQL)", (_, ct) => KillPrimaryAsync(ct)),
    ];

    public static async Task<(string Report, bool Passed)> RunAsync(bool clustered, CancellationToken cancellationToken)
    {
        var place = clustered ? ClusteredPlace() : OwnPlace();
        var rate = Setting("CERS_CHAOS_RATE", 4);
        var workers = Setting("CERS_CHAOS_WORKERS", 30);
        var carers = Setting("CERS_CHAOS_CARERS", 1_200);
        var quiet = TimeSpan.FromSeconds(Setting("CERS_CHAOS_PAUSE_SECONDS", 4));

        await SystemData.RecreateDatabaseAsync(place, cancellationToken);
        await RunScriptAsync(clustered ? "ha.sh" : "infra.sh", ["reset-vhost", place.VirtualHost], cancellationToken);
        // A one-minute offer deadline: an offer whose SMS was lost with a killed process moves on within the run.
        var system = new RunningSystem(place, new Dictionary<string, string>
        {
            ["StandIn__ReplyDelayMilliseconds"] = "200",
            // Every offer is answered YES by the stand-in itself (the demo leaves that to the phone simulator).
            ["StandIn__AutoReply"] = "YES",
            ["Offers__DeadlineMinutes"] = "1",
        });
        try
        {
            await system.StartAllAsync(cancellationToken);
            var staff = await SystemData.SeedStaffAsync(system, workers, cancellationToken);
            var cards = new ConcurrentQueue<string>(await SystemData.SeedCarersAsync(system, carers, cancellationToken));

            await using var onCall = new WorkersOnCall(system, staff);
            using var phone = new PhoneLine(system);
            var calls = new ConcurrentBag<Task<EmergencyCall>>();
            using var stopCalling = new CancellationTokenSource();
            var caller = Task.Run(async () =>
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; !stopCalling.IsCancellationRequested && cards.TryDequeue(out var card); i++)
                {
                    var wait = TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, CancellationToken.None);
                    }

                    calls.Add(phone.PhoneInAsync(card, cancellationToken, retryUntilAnswered: true));
                }
            }, CancellationToken.None);

            await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
            var faults = new List<Fault>();
            var snapshots = new List<(string Fault, Dictionary<string, HashSet<Guid>> Accepted)>();
            foreach (var injection in clustered ? ClusterFaults : SingleNodeFaults)
            {
                var fault = injection.What;
                var open = calls.Where(c => c.IsCompletedSuccessfully && c.Result.Accepted).Select(c => c.Result.ActivationId).ToList();
                var inFlight = (await Outcomes.ReadAsync(place, open, cancellationToken)).Values.Count(o => !o.Settled);
                snapshots.Add((fault, await StoreChecks.AcceptedEventsAsync(place, cancellationToken)));
                Console.WriteLine($"[chaos] {fault} with {open.Count} activations open, {inFlight} of them not yet at rest");
                var at = TimeProvider.System.GetUtcNow();
                var down = Stopwatch.StartNew();
                var offersAgain = FirstOfferAfterAsync(place, at, cancellationToken);
                var downFor = await injection.InjectAsync(system, cancellationToken);
                foreach (var service in Services.All)
                {
                    foreach (var instance in place.InstancesOf(service))
                    {
                        // Ten processes restarting on two shared cores can take minutes to apply their schemas and connect.
                        await system.WaitUntilReadyAsync(service, TimeSpan.FromSeconds(place.Clustered ? 300 : 120), cancellationToken, instance);
                    }
                }

                faults.Add(new Fault(fault, at, downFor, down.Elapsed, await offersAgain, open.Count, inFlight));
                await Task.Delay(quiet, cancellationToken);
            }

            await stopCalling.CancelAsync();
            await caller;
            var placed = await Task.WhenAll(calls);
            var answered = placed.Where(c => c.Accepted).ToList();
            var settledIn = await SettleAsync(place, answered, cancellationToken);
            var outcomes = await Outcomes.ReadAsync(place, answered.Select(c => c.ActivationId).ToList(), cancellationToken);

            var after = await StoreChecks.AcceptedEventsAsync(place, cancellationToken);
            var lost = snapshots.SelectMany(s => s.Accepted.SelectMany(schema => schema.Value.Except(after[schema.Key]).Select(id => $"{schema.Key} event {id} (accepted before {s.Fault})")))
                .Distinct()
                .Concat(answered.Where(c => !outcomes[c.ActivationId].Opened).Select(c => $"activation {c.ActivationId}: call {c.CallSid} was answered but no activation is stored"))
                .ToList();
            var unresolved = outcomes.Values.Where(o => !(o.Offered || o.Escalated is not null || o.CardNotIdentified)).ToList();
            var doubleOffers = await StoreChecks.DuplicatesAsync(place, StoreChecks.WorkersOfferedTwice, cancellationToken);
            var (offerSms, duplicateSms, unsent) = await StoreChecks.OfferTextsAsync(system, cancellationToken);
            var timersTwice = await StoreChecks.DuplicatesAsync(place, StoreChecks.TimersFiredTwice, cancellationToken);
            var effectsTwice = await StoreChecks.DuplicatesAsync(place, StoreChecks.EffectsTwice, cancellationToken);
            var timersFired = (await StoreChecks.DuplicatesAsync(place,
                $"SELECT 'fired', count(*) FROM {Services.SchemaOf(Services.Escalation)}.mt_events WHERE type = 'timer_fired'", cancellationToken)).Single().Times;

            var checks = new List<(string Assertion, bool Passed, string Detail)>
            {
                ("every activation reached an offer (or an escalation)", unresolved.Count == 0,
                    unresolved.Count == 0 ? $"{outcomes.Count} of {outcomes.Count}" : $"{unresolved.Count} did not: " + string.Join(", ", unresolved.Take(10).Select(o => o.ActivationId))),
                ("no event accepted before a fault is missing", lost.Count == 0,
                    lost.Count == 0 ? $"{snapshots.Sum(s => s.Accepted.Values.Sum(v => v.Count)):N0} event ids checked over {snapshots.Count} snapshots; {answered.Count} answered calls all stored" : string.Join("; ", lost.Take(10))),
                ("no worker got two offers for the same dispatch", doubleOffers.Count == 0 && duplicateSms.Count == 0,
                    doubleOffers.Count + duplicateSms.Count == 0 ? $"{outcomes.Values.Sum(o => o.OffersMade)} offers stored when the run came to rest, {offerSms} offer SMS at the stand-in" : string.Join("; ", doubleOffers.Select(d => $"{d.What} ×{d.Times}").Concat(duplicateSms).Take(10))),
                ("no timer fired twice in effect", timersTwice.Count == 0 && effectsTwice.Count == 0,
                    timersTwice.Count + effectsTwice.Count == 0 ? $"{timersFired} timers fired, each once; no offer expired twice, no escalation level twice" : string.Join("; ", timersTwice.Concat(effectsTwice).Select(d => $"{d.What} ×{d.Times}").Take(10))),
            };
            if (clustered)
            {
                var retried = placed.Where(c => c.Tries > 1 || !c.Accepted).ToList();
                checks.Add(("every webhook answered at the first try", retried.Count == 0,
                    retried.Count == 0 ? $"{placed.Length} of {placed.Length}" : $"{retried.Count} needed a retry or went unanswered: " + string.Join(", ", retried.Take(10).Select(c => $"{c.CallSid} ({c.Tries} tries, {c.Status})"))));
                var slow = faults.Where(f => f.OffersAgain is not { TotalSeconds: < 60 }).ToList();
                checks.Add(("offers flowed again within a minute of every fault", slow.Count == 0,
                    slow.Count == 0 ? $"longest {faults.Max(f => f.OffersAgain!.Value.TotalSeconds):0.0} s" : string.Join("; ", slow.Select(f => f.What))));
            }

            return (Describe(clustered, place, rate, workers, carers, placed, answered, outcomes, faults, settledIn, lost.Count, doubleOffers.Count + duplicateSms.Count,
                timersTwice.Count + effectsTwice.Count, onCall.Visits, unsent, checks), checks.All(c => c.Passed));
        }
        finally
        {
            await system.StopAllAsync();
        }
    }

    private static async Task<TimeSpan> KillAndStartAsync(RunningSystem system, string service, string? instance, CancellationToken cancellationToken)
    {
        var down = Stopwatch.StartNew();
        await system.KillAsync(service, instance);
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        system.Start(service, instance);
        return down.Elapsed;
    }

    private static async Task<TimeSpan> TimedScriptAsync(string script, string verb, CancellationToken cancellationToken)
    {
        var down = Stopwatch.StartNew();
        await RunScriptAsync(script, [verb], cancellationToken);
        return down.Elapsed;
    }

    private static async Task<TimeSpan> StopRabbitMqNodeAsync(int node, CancellationToken cancellationToken)
    {
        var down = Stopwatch.StartNew();
        var number = node.ToString(CultureInfo.InvariantCulture);
        await RunScriptAsync("ha.sh", ["stop-rabbitmq", number], cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(20), cancellationToken);
        await RunScriptAsync("ha.sh", ["start-rabbitmq", number], cancellationToken);
        return down.Elapsed;
    }

    /// <summary>The primary's machine lost: down until the standby is promoted; the old primary then rejoins as the standby.</summary>
    private static async Task<TimeSpan> KillPrimaryAsync(CancellationToken cancellationToken)
    {
        var down = Stopwatch.StartNew();
        var killed = (await RunScriptAsync("ha.sh", ["kill-primary"], cancellationToken)).Trim();
        while (true)
        {
            var primary = await RunScriptAsync("ha.sh", ["primary"], cancellationToken);
            if (primary.Trim() is { Length: > 0 } p && p != killed)
            {
                break;
            }

            await Task.Delay(250, cancellationToken);
        }

        var downFor = down.Elapsed;
        await RunScriptAsync("ha.sh", ["start-postgres", killed], cancellationToken);
        return downFor;
    }

    /// <summary>
    /// The time from a fault to the first offer stored for an activation opened after it: emergencies are being
    /// worked on again end to end. Polled through the address the services use, so it waits out a failover too.
    /// </summary>
    private static async Task<TimeSpan?> FirstOfferAfterAsync(SystemPlace place, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT min(o.timestamp) FROM {Services.SchemaOf(Services.Rostering)}.mt_events o
            WHERE o.type = 'offer_made' AND o.timestamp > @at
              AND (o.data->>'activationId')::uuid IN (SELECT stream_id FROM {Services.SchemaOf(Services.CrisisIntake)}.mt_events WHERE version = 1 AND timestamp > @at)
            """;
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            try
            {
                await using var connection = new NpgsqlConnection(place.ConnectionString + ";Pooling=false;Timeout=3");
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(sql, connection);
                command.Parameters.AddWithValue("at", at);
                if (await command.ExecuteScalarAsync(cancellationToken) is DateTime first)
                {
                    return new DateTimeOffset(first, TimeSpan.Zero) - at;
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
            }

            await Task.Delay(250, cancellationToken);
        }

        return null;
    }

    /// <summary>
    /// A deploy/ script with a verb, on this run's own infrastructure; its output. A broker holding a backlog of a
    /// thousand activations' messages can take minutes to stop on two busy cores, longer than the test helper waits.
    /// </summary>
    private static async Task<string> RunScriptAsync(string script, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(LocalInfrastructure.RepositoryRoot, "deploy", script), .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(TimeSpan.FromMinutes(6));
        await process.WaitForExitAsync(patience.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/{script} {string.Join(' ', arguments)} failed ({process.ExitCode}).");
        }

        return await output;
    }

    /// <summary>Chaos restarts PostgreSQL and RabbitMQ: only ever an instance of its own, never the one everyone else uses.</summary>
    private static SystemPlace OwnPlace()
    {
        var state = Environment.GetEnvironmentVariable("CERS_STATE_DIR");
        var pg = Setting("CERS_PG_PORT", 55432);
        var amqp = Setting("CERS_AMQP_PORT", 55672);
        if (string.IsNullOrEmpty(state) || pg == 55432 || amqp == 55672)
        {
            throw new InvalidOperationException(
                "The chaos run restarts PostgreSQL and RabbitMQ, so it runs only on an instance of its own: start it with deploy/chaos.sh "
                + "(CERS_STATE_DIR, CERS_PG_PORT and CERS_AMQP_PORT set away from the shared 55432/55672).");
        }

        return new SystemPlace(Setting("CERS_CHAOS_PORT_BASE", 5500), state, "cers_chaos", "cers-chaos", pg, amqp);
    }

    /// <summary>deploy/ha.sh's infrastructure (HAProxy's PostgreSQL primary address, the first RabbitMQ node) and its service fronts.</summary>
    private static SystemPlace ClusteredPlace() =>
        new(Setting("CERS_PORT_BASE", 5600), Environment.GetEnvironmentVariable("CERS_STATE_DIR") ?? throw new InvalidOperationException("Start the clustered chaos run with deploy/chaos.sh ha."),
            "cers_chaos", "cers-chaos-ha", 26500, 26531) { Clustered = true };

    private static async Task<TimeSpan> SettleAsync(SystemPlace place, List<EmergencyCall> answered, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var settled = -1;
        var lastProgress = TimeSpan.Zero;
        while (true)
        {
            var outcomes = await Outcomes.ReadAsync(place, answered.Select(c => c.ActivationId).ToList(), cancellationToken);
            var now = outcomes.Values.Count(o => o.Offered || o.Escalated is not null || o.CardNotIdentified);
            if (now == answered.Count)
            {
                return waited.Elapsed;
            }

            if (now != settled)
            {
                (settled, lastProgress) = (now, waited.Elapsed);
            }

            // An offer lost with a killed process is moved on by its one-minute deadline, so allow a little over that.
            if (waited.Elapsed - lastProgress > TimeSpan.FromSeconds(90) || waited.Elapsed > TimeSpan.FromMinutes(4))
            {
                return waited.Elapsed;
            }

            await Task.Delay(1_000, cancellationToken);
        }
    }

    private static string Describe(
        bool clustered, SystemPlace place, int rate, int workers, int carers, EmergencyCall[] placed, List<EmergencyCall> answered, IReadOnlyDictionary<Guid, Outcome> outcomes,
        List<Fault> faults, TimeSpan settledIn, int lost, int duplicatedOffers, int duplicatedTimers, int visits, int unsentOffers,
        IReadOnlyList<(string Assertion, bool Passed, string Detail)> checks)
    {
        var c = CultureInfo.InvariantCulture;
        var o = outcomes.Values.ToList();
        var h = clustered ? "###" : "##";
        var text = new StringBuilder();
        if (clustered)
        {
            text.AppendLine("## Clustered deployment (deploy/ha.sh)")
                .AppendLine()
                .AppendLine("Written by the clustered chaos run (`deploy/chaos.sh ha`, mode `chaos ha`) between its two markers; do not edit it by hand.")
                .AppendLine()
                .AppendLine(c, $"_Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC on {Report.Machine()}._")
                .AppendLine()
                .AppendLine(c, $"{h} What was done")
                .AppendLine()
                .AppendLine("The whole system on `deploy/ha.sh`'s infrastructure: a three-node RabbitMQ cluster with quorum queues, PostgreSQL as a")
                .AppendLine(c, $"Patroni-managed primary and streaming standby behind HAProxy (127.0.0.1:{place.PostgresPort}), and two instances of every")
                .AppendLine(c, $"service (`deploy/run.sh service NAME`, Release) behind HAProxy, which calls and SMS replies go to. {workers} care workers on call, {carers:N0} demo carers.");
        }
        else
        {
            text.AppendLine("# Reliability")
                .AppendLine()
                .AppendLine("Written by the chaos run (`deploy/chaos.sh`, project `tests/Benchmarks`, mode `chaos`) down to the marker before")
                .AppendLine("\"Provider outages\"; do not edit that part by hand.")
                .AppendLine()
                .AppendLine(c, $"_Run {TimeProvider.System.GetUtcNow():yyyy-MM-dd HH:mm} UTC on {Report.Machine()}._")
                .AppendLine()
                .AppendLine("## What was done")
                .AppendLine()
                .AppendLine(c, $"The whole system as real processes (`deploy/run.sh service NAME`, Release) on a PostgreSQL and RabbitMQ of its own")
                .AppendLine(c, $"(ports {place.PostgresPort} and {place.AmqpPort}, data under `{Path.GetRelativePath(LocalInfrastructure.RepositoryRoot, place.StateDirectory)}`), {workers} care workers on call, {carers:N0} demo carers.");
        }

        text.AppendLine(c, $"Emergency calls came in the whole time at {rate} a second: signed Twilio webhooks with a card's digits, each sent again with")
            .AppendLine("the same CallSid while intake did not answer (as Twilio's fallback or the caller redialling would). The Twilio stand-in said YES")
            .AppendLine(c, $"to every offer after 200 ms; each worker who accepted texted ARRIVED, a coordinator closed the activation and the worker texted LEFT ({visits} visits). Offer deadline 1 minute, so")
            .AppendLine("an offer whose SMS was lost with a killed process moves on within the run. Faults, one after the other, calls still coming:")
            .AppendLine()
            .AppendLine("| fault | at (UTC) | activations open | of which not yet at rest (no offer, escalation or worker yet) | down for | all services ready again after | first offer for a call after the fault |")
            .AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var fault in faults)
        {
            text.AppendLine(c, $"| {fault.What} | {fault.At:HH:mm:ss} | {fault.Open} | {fault.NotAtRest} | {fault.Down.TotalSeconds:0.0} s | {fault.Recovered.TotalSeconds:0.0} s | {(fault.OffersAgain is { } again ? $"{again.TotalSeconds:0.0} s" : "none within 3 min")} |");
        }

        text.AppendLine()
            .AppendLine(c, $"{h} Figures")
            .AppendLine()
            .AppendLine("| activations | faults injected | lost | duplicated |")
            .AppendLine("|---:|---:|---:|---:|")
            .AppendLine(c, $"| {answered.Count} | {faults.Count} | {lost} | {duplicatedOffers + duplicatedTimers} |")
            .AppendLine()
            .AppendLine(c, $"- Calls placed: {placed.Length}; answered by intake: {answered.Count} ({placed.Count(p => p.Tries == 1 && p.Accepted)} at the first try; {placed.Sum(p => p.Tries - 1)} webhook retries while intake was down; {placed.Length - answered.Count} never answered).")
            .AppendLine(c, $"- Outcomes: {o.Count(x => x.Offered)} reached an offer (SMS accepted by Twilio), {o.Count(x => x.OfferAccepted is not null)} accepted by a worker, "
                + $"{o.Count(x => x.Escalated is not null)} escalated to the coordinators, {o.Count(x => x.CardNotIdentified)} put through to the coordinator with the card not identified.")
            .AppendLine(c, $"- After the last fault and the last call, every activation was at rest within {settledIn.TotalSeconds:0} s.")
            .AppendLine(c, $"- Offers decided whose SMS never reached Twilio (the process was killed between storing the offer and sending it): {unsentOffers}. The offer's deadline timer moves such a dispatch on to the next worker.")
            .AppendLine(c, $"- Lost: events stored before a fault and missing after it, plus answered calls with no activation: {lost}.")
            .AppendLine(c, $"- Duplicated: a worker offered one dispatch twice (store or stand-in) {duplicatedOffers}; a timer fired twice or its effect repeated {duplicatedTimers}.")
            .AppendLine()
            .AppendLine(c, $"{h} Assertions")
            .AppendLine()
            .AppendLine("| assertion | result | detail |")
            .AppendLine("|---|---|---|");
        foreach (var (assertion, passed, detail) in checks)
        {
            text.AppendLine(c, $"| {assertion} | {(passed ? "passed" : "**FAILED**")} | {detail} |");
        }

        return text.ToString();
    }
}
