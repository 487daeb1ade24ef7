using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Benchmarks.WholeSystem;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.Chaos;

/// <summary>Facts read straight from the services' stores (each its own schema) and from the Twilio stand-in's record.</summary>
public static partial class StoreChecks
{
    public static readonly string[] Schemas =
        [Services.SchemaOf(Services.CardLookup), Services.SchemaOf(Services.CrisisIntake), Services.SchemaOf(Services.Rostering), Services.SchemaOf(Services.Escalation)];

    /// <summary>The id of every event each service has stored so far: what has been accepted.</summary>
    public static async Task<Dictionary<string, HashSet<Guid>>> AcceptedEventsAsync(SystemPlace place, CancellationToken cancellationToken)
    {
        var accepted = new Dictionary<string, HashSet<Guid>>();
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var schema in Schemas)
        {
            var ids = new HashSet<Guid>();
            try
            {
                await using var command = new NpgsqlCommand($"SELECT id FROM {schema}.mt_events", connection);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetGuid(0));
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
            }

            accepted[schema] = ids;
        }

        return accepted;
    }

    /// <summary>Groups that occur more than once where the rule says once: the query returns (what, how many).</summary>
    public static async Task<List<(string What, long Times)>> DuplicatesAsync(SystemPlace place, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        var found = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return found;
    }

    /// <summary>Timers claimed and fired more than once (each timer id once at most).</summary>
    public static string TimersFiredTwice =>
        $"SELECT data->>'timerId', count(*) FROM {Services.SchemaOf(Services.Escalation)}.mt_events WHERE type = 'timer_fired' GROUP BY 1 HAVING count(*) > 1";

    /// <summary>
    /// A timer firing twice in effect: an offer expired twice, a dispatch escalated to the same level twice in one round (a
    /// worker who leaves before the close is heard starts a new round, which escalates afresh), the same alarm twice.
    /// </summary>
    public static string EffectsTwice =>
        $"""
        SELECT 'offer ' || (data->>'offerId') || ' expired', count(*) FROM {Services.SchemaOf(Services.Rostering)}.mt_events WHERE type = 'offer_expired' GROUP BY data->>'offerId' HAVING count(*) > 1
        UNION ALL
        SELECT 'dispatch ' || stream_id || ' escalated to level ' || (data->>'level') || ' in round ' || coalesce(data->>'round', '0'), count(*) FROM {Services.SchemaOf(Services.Rostering)}.mt_events WHERE type = 'dispatch_escalated' GROUP BY stream_id, data->>'level', coalesce(data->>'round', '0') HAVING count(*) > 1
        UNION ALL
        SELECT 'activation ' || stream_id || ' raised as unstaffed', count(*) FROM {Services.SchemaOf(Services.Escalation)}.mt_events WHERE type = 'activation_unstaffed_too_long' GROUP BY stream_id HAVING count(*) > 1
        """;

    /// <summary>A worker offered the same dispatch twice (two offer_made for one worker on one activation).</summary>
    public static string WorkersOfferedTwice =>
        $"SELECT 'worker ' || (data->>'workerId') || ' on activation ' || stream_id, count(*) FROM {Services.SchemaOf(Services.Rostering)}.mt_events WHERE type = 'offer_made' GROUP BY stream_id, data->>'workerId' HAVING count(*) > 1";

    /// <summary>
    /// Offer SMS the stand-in received more than once for one offer code, or two codes for one worker and one activation;
    /// and how many stored offers were never texted. The offers are read before the stand-in's record, so an offer made
    /// in between is not taken for one whose SMS was lost.
    /// </summary>
    public static async Task<(int OfferSms, List<string> Duplicates, int NeverTexted)> OfferTextsAsync(RunningSystem system, CancellationToken cancellationToken)
    {
        var codes = new Dictionary<string, Guid>();
        await using var connection = new NpgsqlConnection(system.Place.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"SELECT id, (data->>'activationId')::uuid FROM {Services.SchemaOf(Services.Rostering)}.mt_doc_offercode", connection))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                codes[reader.GetString(0)] = reader.GetGuid(1);
            }
        }

        using var standIn = system.ClientFor(Services.TwilioStandIn);
        var messages = JsonDocument.Parse(await standIn.GetStringAsync("/stand-in/messages", cancellationToken)).RootElement.EnumerateArray()
            .Select(m => (To: m.GetProperty("to").GetString()!, Body: m.GetProperty("body").GetString()!, Sid: m.GetProperty("sid").GetString()!))
            .Select(m => (m.To, m.Sid, Code: OfferCode().Match(m.Body) is { Success: true } match ? match.Groups[1].Value : null))
            .Where(m => m.Code is not null)
            .ToList();

        var textedTwice = new List<string>();
        foreach (var twice in messages.GroupBy(m => (m.To, m.Code)).Where(g => g.Count() > 1))
        {
            textedTwice.Add($"offer {twice.Key.Code} texted to {twice.Key.To} {twice.Count()} times (as {string.Join(" and ", twice.Select(m => m.Sid))}; "
                + $"{await SendingWorkAsync(connection, twice.Key.Code!, cancellationToken)})");
        }

        var duplicates = textedTwice
            .Concat(messages.Where(m => codes.ContainsKey(m.Code!)).GroupBy(m => (m.To, Activation: codes[m.Code!]))
                .Where(g => g.Select(m => m.Code).Distinct().Count() > 1)
                .Select(g => $"{g.Key.To} offered activation {g.Key.Activation} {g.Select(m => m.Code).Distinct().Count()} times"))
            .ToList();
        var texted = messages.Select(m => m.Code!).ToHashSet();
        return (messages.Count, duplicates, codes.Keys.Count(code => !texted.Contains(code)));
    }

    /// <summary>
    /// What rostering's owed work recorded of an offer SMS's sending: one send recorded under the second copy's sid means
    /// the first copy's outcome was never stored and the work was done again; under the first, the second came otherwise.
    /// </summary>
    private static async Task<string> SendingWorkAsync(NpgsqlConnection connection, string code, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT attempts, scheduled_at, done_at, outcome, last_error FROM {Services.SchemaOf(Services.Rostering)}.durable_work WHERE payload::text LIKE $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = $"%YES {code}%" });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add($"attempts {reader.GetInt32(0)}, scheduled {reader.GetDateTime(1):HH:mm:ss.fff}, "
                + $"done {(reader.IsDBNull(2) ? "never" : reader.GetDateTime(2).ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture))}, "
                + $"outcome {(reader.IsDBNull(3) ? "none" : reader.GetString(3))}{(reader.IsDBNull(4) ? "" : $", last error {reader.GetString(4)}")}");
        }

        return items.Count == 0 ? "no owed work found for it" : $"its sending work: {string.Join("; ", items)}";
    }

    [GeneratedRegex(@"\bYES\s+([A-Z0-9]{3,8})\b")]
    private static partial Regex OfferCode();
}
