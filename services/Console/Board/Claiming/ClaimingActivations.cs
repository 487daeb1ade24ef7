using Cers.Dispatch.Console.Activations.Deciding;
using Cers.Dispatch.Console.Backends;
using Marten;
using Microsoft.AspNetCore.SignalR;
using NodaTime;

namespace Cers.Dispatch.Console.Board.Claiming;

/// <summary>Who said "I have this" for an open activation on the board, so two coordinators do not work the same call.</summary>
public sealed record ActivationClaim(Guid Id, string By, Instant At);

/// <summary>
/// "I have this" on a board row: the coordinator takes the activation. The board shows whose it is at once on every
/// screen, and the activation's timeline records it as a note in their name, for the audit. A later claim by someone
/// else takes it over (the one who had it may have gone off shift), and says so on the timeline too.
/// </summary>
public static class ClaimingActivations
{
    public static async Task<IResult> Claim(
        Guid id, IFormCollection form, HttpContext http, ConsoleBackends services, IDocumentSession session, IHubContext<BoardHub> hub, IClock clock,
        CancellationToken cancellationToken)
    {
        _ = form;
        var who = CoordinatorActions.Who(http);
        var before = await session.LoadAsync<ActivationClaim>(id, cancellationToken);
        if (before?.By == who)
        {
            return Results.Redirect("/?done=claimed");
        }

        var note = before is null ? $"{who} has this activation (from the live board)." : $"{who} has this activation, taking it over from {before.By} (from the live board).";
        var answer = await services.Intake.PostAsync($"/activations/{id}/notes", new { by = who, text = note }, cancellationToken);
        if (!answer.Ok)
        {
            return Results.Redirect($"/?problem={Uri.EscapeDataString(answer.Problem ?? "not claimed")}");
        }

        session.Store(new ActivationClaim(id, who, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(cancellationToken);
        await hub.Clients.All.SendAsync(BoardHub.EntryChanged, id, cancellationToken);
        return Results.Redirect("/?done=claimed");
    }

    /// <summary>The claims on the board's rows, in one read.</summary>
    public static async Task<IReadOnlyDictionary<Guid, ActivationClaim>> OnAsync(IQuerySession session, IReadOnlyList<BoardEntry> entries, CancellationToken cancellationToken) =>
        entries.Count == 0
            ? new Dictionary<Guid, ActivationClaim>()
            : (await session.LoadManyAsync<ActivationClaim>(cancellationToken, entries.Select(e => e.Id))).ToDictionary(c => c.Id);
}
