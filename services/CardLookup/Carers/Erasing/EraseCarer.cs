using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using JasperFx.Events;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Erasing;

/// <summary><c>Reason</c>: why, without naming anyone, e.g. "erasure request DSR-2026-114".</summary>
public sealed record EraseCarerRequest(string? Reason);

public sealed class EraseCarerValidator : AbstractValidator<EraseCarerRequest>
{
    public EraseCarerValidator() => RuleFor(r => r.Reason).RequiredText(500);
}

public sealed record CarerErasedResponse(Guid CarerId, ErasureGround Ground, Instant ErasedAt, IReadOnlyList<string> CardsWithdrawn);

/// <summary>
/// Crypto-shredding a carer: their key is deleted, so every sealed value of theirs (registration, cared-for people,
/// assessments, every plan version and its door secrets, their lookups' queries) is unreadable at once, while the
/// streams keep every event. Their blind-index entries go, and their cards that could work are withdrawn.
/// </summary>
public static class CarerErasure
{
    /// <param name="carer">The carer's stream, fetched for writing in <paramref name="session"/>.</param>
    public static async Task<CarerErasedResponse> ShredAsync(
        IDocumentSession session, PersonalDataVault vault, IEventStream<Carer> carer, ErasureGround ground, string reason, string erasedBy,
        Instant now, CancellationToken cancellationToken)
    {
        var carerId = carer.Id;
        carer.AppendOne(new CarerErased(carerId, ground, reason, erasedBy, now));
        await vault.ShredAsync(session, OpenedCarer.KeySubject(carerId), $"{ground}: {reason}", cancellationToken);
        session.Delete<CarerSearchEntry>(carerId);
        session.DeleteWhere<HubReferenceEntry>(e => e.CarerId == carerId);
        var withdrawn = new List<string>();
        foreach (var index in await session.Query<CardIndex>().Where(c => c.Card.CarerId == carerId).ToListAsync(cancellationToken))
        {
            if (CardRules.CouldWork(index.Card))
            {
                session.Events.Append(index.Card.Id, new CardWithdrawn(index.Card.Id, index.Card.CardNumber, carerId, ground, now));
                withdrawn.Add(index.Card.CardNumber);
            }
        }

        return new CarerErasedResponse(carerId, ground, now, withdrawn);
    }
}

public static class EraseCarerSlice
{
    private static readonly EraseCarerValidator Validator = new();

    public static async Task<IResult> Handle(
        Guid carerId, EraseCarerRequest request, HttpContext http, IDocumentSession session, PersonalDataVault vault, IClock clock,
        CancellationToken cancellationToken)
    {
        if (Validator.Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        // Locks the carer's stream until the erasure commits: nothing is recorded for them half-way through.
        var stream = await session.Events.FetchForExclusiveWriting<Carer>(carerId, cancellationToken);
        if (stream.Aggregate is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        if (carer.Erased)
        {
            return Problems.Conflict(new DomainRuleViolated($"The carer's personal data was already erased at {carer.ErasedAt}."));
        }

        var erased = await CarerErasure.ShredAsync(
            session.CarryTraceContext(), vault, stream, ErasureGround.Request, Parse.Text(request.Reason)!, http.User.Identity?.Name ?? "unknown", clock.GetCurrentInstant(), cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(erased);
    }
}
