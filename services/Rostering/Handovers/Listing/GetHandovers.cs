using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;

namespace Cers.Dispatch.Rostering.Handovers.Listing;

/// <summary>The query of GET /handovers: a status to list, or all (also when left out).</summary>
public sealed record HandoversQuery(string? Status);

public sealed class HandoversQueryValidator : AbstractValidator<HandoversQuery>
{
    public HandoversQueryValidator() =>
        RuleFor(q => q.Status).OneOf([.. HandoverStatuses.All, GetHandoversSlice.All]).When(q => !string.IsNullOrWhiteSpace(q.Status));
}

/// <summary>
/// GET /handovers?status= (oldest first) and GET /handovers/{id}: what supervisors review. The notes are opened with their
/// activation's key, as is a supervisor's comment; once it is shredded the handover still lists, both reading as erased.
/// </summary>
public static class GetHandoversSlice
{
    public const string All = "all";

    private static readonly HandoversQueryValidator Validator = new();

    public static async Task<IResult> List(string? status, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new HandoversQuery(status)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var wanted = string.IsNullOrWhiteSpace(status) ? All : Parse.Word(status);
        var query = session.Query<Handover>().AsQueryable();
        if (wanted != All)
        {
            query = query.Where(h => h.Status == wanted);
        }

        // Ordered here, not in SQL: instants are stored as ISO text, whose order is not time order when the fractions differ.
        var handovers = await query.ToListAsync(cancellationToken);
        var keys = await vault.KeysAsync(session, handovers.SelectMany(HandoverView.SealedParts).KeyIds(), cancellationToken);
        var dispatches = (await session.LoadManyAsync<StaffDispatch>(cancellationToken, handovers.Select(h => h.ActivationId).Distinct()))
            .ToDictionary(d => d.Id);
        return Results.Ok(handovers.OrderBy(h => h.HandedOverAt).ThenBy(h => h.Id)
            .Select(h => HandoverView.From(h, keys, dispatches.GetValueOrDefault(h.ActivationId))));
    }

    public static async Task<IResult> One(Guid handoverId, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        await session.LoadAsync<Handover>(handoverId, cancellationToken) is { } handover
            ? Results.Ok(await ViewAsync(handover, session, vault, cancellationToken))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No handover {handoverId}.");

    public static async Task<HandoverView> ViewAsync(Handover handover, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        HandoverView.From(
            handover,
            await vault.KeysAsync(session, HandoverView.SealedParts(handover).KeyIds(), cancellationToken),
            await session.LoadAsync<StaffDispatch>(handover.ActivationId, cancellationToken));
}
