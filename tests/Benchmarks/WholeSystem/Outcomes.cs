using System.Text.Json;
using Npgsql;

namespace Cers.Dispatch.Benchmarks.WholeSystem;

/// <summary>What the stores say happened to one activation: intake's half and rostering's half.</summary>
public sealed record Outcome(Guid ActivationId)
{
    public bool Opened { get; set; }

    public bool CardVerified { get; set; }

    public bool CardNotIdentified { get; set; }

    /// <summary>Not identified because card lookup did not answer in time: intake checks the card again until it does.</summary>
    public bool CardCheckedAgainLater { get; set; }

    public bool DispatchRequested { get; set; }

    public DateTimeOffset? FirstOfferMade { get; set; }

    /// <summary>When rostering recorded that Twilio (the stand-in) accepted the first offer SMS: its 201 came back.</summary>
    public DateTimeOffset? FirstOfferSmsAccepted { get; set; }

    /// <summary>When a worker's YES was accepted.</summary>
    public DateTimeOffset? OfferAccepted { get; set; }

    public DateTimeOffset? Escalated { get; set; }

    /// <summary>Escalated because no qualified worker was free: rostering offers it to the next worker who is.</summary>
    public bool EscalatedForWantOfAFreeWorker { get; set; }

    public int OffersMade { get; set; }

    public List<Guid> OfferedWorkers { get; } = [];

    public List<Guid> AcceptedWorkers { get; } = [];

    /// <summary>Offers passed on because the worker's YES came while another activation already had them.</summary>
    public int YesPassedOn { get; set; }

    /// <summary>Dispatch escalations by level; a level recorded twice would mean an escalation timer fired twice in effect.</summary>
    public List<int> EscalationLevels { get; } = [];

    public bool Offered => FirstOfferSmsAccepted is not null;

    /// <summary>
    /// At rest: a worker is coming, the coordinators have been told nobody will answer (not only that nobody was free at
    /// the time: that one waits for the next free worker), or the card could not be identified and a coordinator
    /// identifies the carer (not while intake is still checking the card again).
    /// </summary>
    public bool Settled =>
        OfferAccepted is not null
        || (Escalated is not null && !EscalatedForWantOfAFreeWorker)
        || (CardNotIdentified && !CardVerified && !CardCheckedAgainLater);
}

/// <summary>Reads the outcomes straight from the services' event stores (each service's own schema).</summary>
public static class Outcomes
{
    /// <summary>How crisis intake's <c>card_not_identified</c> begins when card lookup did not answer (RecheckCardWhenLookupWasDown).</summary>
    private const string LookupDidNotAnswer = "card lookup unavailable";

    public static async Task<Dictionary<Guid, Outcome>> ReadAsync(SystemPlace place, IReadOnlyCollection<Guid> activations, CancellationToken cancellationToken)
    {
        var outcomes = activations.Distinct().ToDictionary(id => id, id => new Outcome(id));
        var ids = outcomes.Keys.ToArray();
        await using var connection = new NpgsqlConnection(place.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await foreach (var (stream, type, data) in EventsAsync(connection, Services.CrisisIntake, ids, ["activation_opened", "card_verified", "card_not_identified"], cancellationToken))
        {
            var outcome = outcomes[stream];
            switch (type)
            {
                case "activation_opened": outcome.Opened = true; break;
                case "card_verified": outcome.CardVerified = true; break;
                case "card_not_identified":
                    outcome.CardNotIdentified = true;
                    outcome.CardCheckedAgainLater = data.GetProperty("why").GetString()!.StartsWith(LookupDidNotAnswer, StringComparison.Ordinal);
                    break;
            }
        }

        await foreach (var (stream, type, data) in EventsAsync(
            connection, Services.Rostering, ids, ["dispatch_requested", "offer_made", "offer_sms_sent", "offer_accepted", "offer_declined", "dispatch_escalated"], cancellationToken))
        {
            var outcome = outcomes[stream];
            switch (type)
            {
                case "dispatch_requested":
                    outcome.DispatchRequested = true;
                    break;
                case "offer_made":
                    outcome.OffersMade++;
                    outcome.OfferedWorkers.Add(data.GetProperty("workerId").GetGuid());
                    outcome.FirstOfferMade ??= data.GetProperty("madeAt").GetDateTimeOffset();
                    break;
                case "offer_sms_sent":
                    outcome.FirstOfferSmsAccepted ??= data.GetProperty("sentAt").GetDateTimeOffset();
                    break;
                case "offer_accepted":
                    outcome.AcceptedWorkers.Add(data.GetProperty("workerId").GetGuid());
                    outcome.OfferAccepted ??= data.GetProperty("acceptedAt").GetDateTimeOffset();
                    break;
                case "offer_declined" when data.GetProperty("why").GetString() == "committed-elsewhere":
                    outcome.YesPassedOn++;
                    break;
                case "dispatch_escalated":
                    outcome.EscalationLevels.Add(data.GetProperty("level").GetInt32());
                    if (outcome.Escalated is null)
                    {
                        outcome.Escalated = data.GetProperty("at").GetDateTimeOffset();
                        outcome.EscalatedForWantOfAFreeWorker = data.GetProperty("reason").GetString() is { } reason
                            && reason.EndsWith("nobody-qualified-available", StringComparison.Ordinal);
                    }

                    break;
            }
        }

        return outcomes;
    }

    private static async IAsyncEnumerable<(Guid Stream, string Type, JsonElement Data)> EventsAsync(
        NpgsqlConnection connection, string service, Guid[] streams, string[] types,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT stream_id, type, data FROM {Services.SchemaOf(service)}.mt_events WHERE stream_id = ANY(@streams) AND type = ANY(@types) ORDER BY seq_id",
            connection);
        command.Parameters.AddWithValue("streams", streams);
        command.Parameters.AddWithValue("types", types);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            yield break;
        }

        await using (reader)
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                using var json = JsonDocument.Parse(reader.GetString(2));
                yield return (reader.GetGuid(0), reader.GetString(1), json.RootElement.Clone());
            }
        }
    }
}
