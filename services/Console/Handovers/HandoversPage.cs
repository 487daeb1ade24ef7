using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.Console.Components;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using Microsoft.AspNetCore.Mvc;

namespace Cers.Dispatch.Console.Handovers;

/// <summary>
/// Handovers between care workers, waiting for a supervisor to sign them off or query them. Rostering keeps them and
/// records the decision with the supervisor's name (the call carries the person signed in).
/// </summary>
public static class HandoversPage
{
    public const int MaxCommentLength = 2000;

    public static readonly (string Status, string Label)[] Filters =
    [
        ("awaiting-sign-off", "Awaiting sign-off"),
        ("queried", "Queried"),
        ("signed-off", "Signed off"),
        ("all", "All"),
    ];

    public static async Task<IResult> Handle(string? status, string? done, Guid? handover, RosteringClient rostering, CardLookupClient cards, CancellationToken cancellationToken)
    {
        var filter = status ?? "awaiting-sign-off";
        if (!Filters.Any(f => f.Status == filter))
        {
            return Validated.Problem("status", $"One of {string.Join(", ", Filters.Select(f => f.Status))}.", "Which handovers to show is not valid.");
        }

        var notice = done is not null && handover is { } id ? await Notice(rostering, id, done, cancellationToken) : null;
        return await Render(rostering, cards, filter, notice, problem: null, failed: null, StatusCodes.Status200OK, cancellationToken);
    }

    public static async Task<IResult> SignOff(Guid id, [FromForm] string? comment, RosteringClient rostering, CardLookupClient cards, CancellationToken cancellationToken)
    {
        if (comment?.Length > MaxCommentLength)
        {
            return await Render(rostering, cards, "awaiting-sign-off", null, $"The comment is longer than {MaxCommentLength} characters; nothing was signed off.", new TurnedBack(id, "sign-off", comment), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var answer = await rostering.PostAsync($"/handovers/{id}/sign-off", new { comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim() }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/handovers?done=signed-off&handover={id}", permanent: false, preserveMethod: false)
            : await Render(rostering, cards, "awaiting-sign-off", null, answer.Problem, new TurnedBack(id, "sign-off", comment), StatusFor(answer), cancellationToken);
    }

    public static async Task<IResult> Query(Guid id, [FromForm] string? comment, RosteringClient rostering, CardLookupClient cards, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(comment) || comment.Length > MaxCommentLength)
        {
            var why = string.IsNullOrWhiteSpace(comment)
                ? "Say what needs answering: a query needs a comment. Nothing was sent."
                : $"The comment is longer than {MaxCommentLength} characters; nothing was sent.";
            return await Render(rostering, cards, "awaiting-sign-off", null, why, new TurnedBack(id, "query", comment), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var answer = await rostering.PostAsync($"/handovers/{id}/query", new { comment = comment.Trim() }, cancellationToken);
        return answer.Ok
            ? Results.Redirect($"/handovers?done=queried&handover={id}")
            : await Render(rostering, cards, "awaiting-sign-off", null, answer.Problem, new TurnedBack(id, "query", comment), StatusFor(answer), cancellationToken);
    }

    /// <summary>A form that was turned back, so the page can show why next to it and keep what was typed.</summary>
    public sealed record TurnedBack(Guid HandoverId, string Form, string? Comment);

    private static int StatusFor(ServiceAnswer answer) => answer.Status is >= 400 and < 500 ? answer.Status : StatusCodes.Status502BadGateway;

    private static async Task<string?> Notice(RosteringClient rostering, Guid id, string done, CancellationToken cancellationToken)
    {
        var found = (await rostering.GetAsync($"/handovers/{id}", cancellationToken)) is { Ok: true } answer ? answer.As<HandoverListed>() : null;
        var what = found is null ? "the handover" : $"the handover from {found.OutgoingWorker.Name ?? "a care worker"} ({LondonTime.Show(found.HandedOverAt)})";
        return done switch
        {
            "signed-off" => $"You signed off {what}.",
            "queried" => $"You queried {what}; it is listed under Queried until it is signed off.",
            _ => null,
        };
    }

    private static async Task<IResult> Render(
        RosteringClient rostering, CardLookupClient cards, string filter, string? notice, string? problem, TurnedBack? failed, int statusCode, CancellationToken cancellationToken)
    {
        var answer = await rostering.GetAsync($"/handovers?status={filter}", cancellationToken);
        var handovers = answer.Ok ? answer.As<List<HandoverListed>>() : null;
        return Pages.Render<HandoversView>(
            new
            {
                Handovers = handovers,
                Carers = await CarersAsync(cards, handovers ?? [], cancellationToken),
                Unavailable = answer.Problem,
                Filter = filter,
                NoticeWords = notice,
                ProblemWords = problem,
                Failed = failed,
            },
            statusCode);
    }

    /// <summary>The name of each carer whose home a handover was in, as card lookup has it (a carer it cannot name is left out).</summary>
    private static async Task<IReadOnlyDictionary<Guid, string>> CarersAsync(CardLookupClient cards, IEnumerable<HandoverListed> handovers, CancellationToken cancellationToken)
    {
        var named = await Task.WhenAll(handovers.Select(h => h.CarerId).OfType<Guid>().Distinct().Select(async id =>
            (Id: id, Name: (await cards.GetAsync($"/carers/{id}", cancellationToken)) is { Ok: true } carer ? carer.As<CarerNamed>()?.Name?.ToString() : null)));
        return named.Where(c => !string.IsNullOrEmpty(c.Name)).ToDictionary(c => c.Id, c => c.Name!);
    }

    private sealed record CarerNamed(NameShown? Name);
}
