using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.CrisisIntake.Activations.Opening;
using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using JasperFx;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Identifying;

/// <summary>The card as the coordinator found it (read out on a call back), or the carer's lookup fields.</summary>
public sealed record IdentifyCarerRequest(string? CardNumber, CarerLookupRequest? Carer, string? IdentifiedBy) : ICardOrCarer;

public sealed class IdentifyCarerValidator : AbstractValidator<IdentifyCarerRequest>
{
    public IdentifyCarerValidator(LocalDate today)
    {
        Include(new CardOrCarerValidator(today));
        RuleFor(r => r.IdentifiedBy).RequiredText(200);
    }
}

/// <summary>
/// POST /activations/{id}/identification: the card was not identified when the activation opened (misheard, not to hand,
/// card lookup down), and a coordinator has found out whose it is. Card lookup confirms it, the activation records the
/// card verified by that coordinator, and rostering starts staffing the carer's plan as if the card had been read at once.
/// </summary>
public static class IdentifyCarerSlice
{
    public static async Task<IResult> Handle(
        Guid id, IdentifyCarerRequest request, IDocumentSession session, CardLookupClient cardLookup, PersonalDataVault vault, IClock clock,
        CancellationToken cancellationToken)
    {
        if (new IdentifyCarerValidator(clock.GetCurrentInstant().InZone(LondonTime.London).Date).Validate(request) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var (cardNumber, carer) = OpenActivationSlice.CardOrCarer(request);

        var stream = await session.Events.FetchForWriting<Activation>(id, cancellationToken);
        if (stream.Aggregate is not { } activation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        if (activation.Status == ActivationStatus.Closed || activation.PersonalDataShredded)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The activation is closed; nothing was recorded.");
        }

        var by = Parse.Text(request.IdentifiedBy)!;
        var check = cardNumber is { } digits
            ? await cardLookup.CheckAsync(digits, "console", by, cancellationToken)
            : await cardLookup.SearchAsync(carer!, "console", by, cancellationToken);
        if (check is not CardCheck.Identified card)
        {
            return NotIdentified(check, cardNumber is not null);
        }

        if (activation.Identification == CardIdentification.Verified)
        {
            return activation.CarerId == card.CarerId
                ? Results.Ok(await ViewAsync(session, vault, activation, cancellationToken))
                : Results.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Already identified as another carer",
                    detail: $"This activation is for card {activation.CardNumber}; nothing was changed.");
        }

        var keys = OpenCardActivation.Keys(card.CardNumber, card.CarerId).ToArray();
        var known = await session.LoadManyAsync<OpenCardActivation>(cancellationToken, keys);
        if (known.FirstOrDefault(o => o.ActivationId != id) is { } open)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "This carer already has an open activation",
                detail: $"Activation {open.ActivationId} is open for this carer: record this report there and close this one. Nothing was changed.");
        }

        stream.AppendOne(new CardVerified(id, card.CardNumber, card.CarerId, card.CardStatus, card.Works, card.Nation, card.Area, clock.GetCurrentInstant(), by));
        foreach (var key in keys.Where(k => known.All(o => o.Id != k)))
        {
            session.Insert(new OpenCardActivation(key, id));
        }

        try
        {
            await session.CarryTraceContext().SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is ConcurrencyException or DocumentAlreadyExistsException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The activation changed while the carer was being identified",
                detail: "Nothing was recorded; look at the activation again and retry if it still needs identifying.");
        }

        var identified = await session.LoadAsync<Activation>(id, cancellationToken);
        return Results.Ok(await ViewAsync(session, vault, identified!, cancellationToken));
    }

    private static IResult NotIdentified(CardCheck check, bool byCardNumber) => check switch
    {
        CardCheck.NotValid => CardRefusals.NotValid(),
        CardCheck.LookupUnavailable => Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Card lookup is unavailable",
            detail: "Nothing was recorded. Try again in a moment."),
        _ when byCardNumber => CardRefusals.NoSuchCard(),
        _ => Results.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "No single carer matches",
            detail: "No registered carer, or more than one, has that surname, date of birth and postcode. Check them with the caller, or ask for the card number."),
    };

    private static async Task<ActivationView> ViewAsync(IDocumentSession session, PersonalDataVault vault, Activation activation, CancellationToken cancellationToken) =>
        ActivationView.From(activation, await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(activation.Id), cancellationToken));
}
