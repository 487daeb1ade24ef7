using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using JasperFx;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations;

/// <summary>
/// Which activation is open for a carer, so a second report joins it instead of starting a second dispatch. Kept under
/// the carer (any of their cards, old or new, or their details lead there) and under the card number as reported (while
/// card lookup cannot say whose it is).
/// </summary>
public sealed record OpenCardActivation(string Id, Guid ActivationId)
{
    public static string ForCarer(Guid carerId) => $"carer:{carerId:N}";

    /// <summary>The keys an activation for this card and carer is kept under.</summary>
    public static IReadOnlyList<string> Keys(string? cardNumber, Guid? carerId) =>
        [.. carerId is { } carer ? [ForCarer(carer)] : Array.Empty<string>(), .. cardNumber is null ? [] : new[] { cardNumber }];

    /// <summary>
    /// Forgets the activation's keys once it closes: a new report then starts a new activation. A key another activation
    /// holds by now stays; nothing is read first.
    /// </summary>
    public static void Forget(IDocumentSession session, Guid activationId, string? cardNumber, Guid? carerId)
    {
        var keys = Keys(cardNumber, carerId).ToArray();
        if (keys.Length > 0)
        {
            session.DeleteWhere<OpenCardActivation>(open => keys.Contains(open.Id) && open.ActivationId == activationId);
        }
    }
}

public sealed record Report(
    Channel Channel,
    Reporter ReportedBy,
    CannotCareReason Reason,
    string? CarerLocation,
    string? UrgentNotes);

/// <param name="Stored">This report's writes (and the caller's own, <c>alsoStore</c>) were committed; false when the same report had been stored before.</param>
public sealed record OpeningOutcome(Guid ActivationId, bool AttachedToExisting, bool Stored);

/// <summary>
/// Opens an activation for a report, or attaches the report to the card's open activation. Everything a report
/// leads to is written in one transaction: the activation either exists with all of it, or not at all.
/// </summary>
public sealed class ActivationDesk(IDocumentStore store, PersonalDataVault vault, Recording.KnownActivations knownActivations)
{
    public static IReadOnlyList<object> Decide(
        Guid activationId, Report report, CardCheck check, IReadOnlyList<string> attempts, Instant now, SubjectKey personalData)
    {
        var opened = new ActivationOpened(
            activationId, report.Channel, (check as CardCheck.Identified)?.CardNumber ?? (attempts.Count > 0 ? attempts[^1] : null), report.Reason, report.ReportedBy.SealWith(personalData),
            personalData.SealOptional(report.CarerLocation), personalData.SealOptional(report.UrgentNotes), now);
        object identification = check switch
        {
            CardCheck.Identified { Works: false } card => new CardNotInUse(activationId, card.CardNumber, card.CarerId, card.CardStatus, now),
            CardCheck.Identified card => new CardVerified(activationId, card.CardNumber, card.CarerId, card.CardStatus, card.Works, card.Nation, card.Area, now),
            CardCheck.NotValid => new CardNotIdentified(activationId, attempts, "card number not valid", now),
            CardCheck.NoSuchCard => new CardNotIdentified(activationId, attempts, "no such card", now),
            CardCheck.NothingHeard => new CardNotIdentified(activationId, attempts, "nothing heard (silence or timeout)", now),
            CardCheck.LookupUnavailable down => new CardNotIdentified(activationId, attempts, $"{Rechecking.RecheckCardWhenLookupWasDown.LookupUnavailableWhy}: {down.Why}", now),
            _ => new CardNotIdentified(activationId, attempts, "no card given", now),
        };
        return check is CardCheck.Identified { FromCardIndex: true } recognised
            ? [opened, identification, Recognised(activationId, report, recognised, now, personalData)]
            : [opened, identification];
    }

    private static CardRecognised Recognised(Guid activationId, Report report, CardCheck.Identified card, Instant now, SubjectKey personalData) =>
        new(activationId, card.CardNumber, card.CarerId, card.Works, report.Channel, personalData.SealOptional(report.ReportedBy.CallBackNumber), now);

    public async Task<OpeningOutcome> OpenOrAttachAsync(
        Guid newActivationId, Report report, CardCheck check, IReadOnlyList<string> attempts, Instant now,
        Action<IDocumentSession, Guid>? alsoStore, CancellationToken cancellationToken)
    {
        // A report joins the activation already open for the same carer, whichever of their cards it came with. While
        // card lookup is down, the number as reported stands in for the verified one, so repeated reports still meet.
        var cardNumber = check switch
        {
            CardCheck.Identified card => card.CardNumber,
            CardCheck.LookupUnavailable when attempts.Count > 0 => attempts[^1],
            _ => null,
        };
        var keys = OpenCardActivation.Keys(cardNumber, (check as CardCheck.Identified)?.CarerId).ToArray();
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.CarryTraceContext();
            // The activation open for the card, and the data key a new one would seal with (made, it is nearly always),
            // in one round trip.
            var reading = session.CreateBatchQuery();
            var openForCard = keys.Length == 0 ? Task.FromResult<IReadOnlyList<OpenCardActivation>>([]) : reading.LoadMany<OpenCardActivation>().ById(keys);
            var newKey = vault.KeyToSealWith(reading, ActivationPrivacy.Subject(newActivationId));
            await reading.Execute(cancellationToken);
            var known = await openForCard;
            var open = known.Count > 0 ? known[0] : null;
            if (open?.ActivationId == newActivationId)
            {
                // This very report opened it a moment ago: the same phone call's webhook, retried here or in another instance.
                return new OpeningOutcome(newActivationId, AttachedToExisting: false, Stored: false);
            }

            if (open is not null)
            {
                var attachedKey = await vault.KeyForWritingAsync(session, ActivationPrivacy.Subject(open.ActivationId), cancellationToken);
                session.Events.Append(open.ActivationId, new ReportAttached(
                    open.ActivationId, report.Channel, report.ReportedBy.SealWith(attachedKey), report.Reason,
                    attachedKey.SealOptional(report.CarerLocation), attachedKey.SealOptional(report.UrgentNotes), now));
                foreach (var missing in keys.Where(k => k != open.Id))
                {
                    // The carer's new card (or the carer behind a card) now leads to the open activation too.
                    session.Store(new OpenCardActivation(missing, open.ActivationId));
                }

                if (check is CardCheck.Identified { Works: true } card
                    && await session.LoadAsync<Activation>(open.ActivationId, cancellationToken) is { Identification: not CardIdentification.Verified })
                {
                    // The first report's card was not identified, or is no longer in use: this one's card, in use, says whose care it is.
                    session.Events.Append(open.ActivationId, new CardVerified(
                        open.ActivationId, card.CardNumber, card.CarerId, card.CardStatus, card.Works, card.Nation, card.Area, now, $"a further report ({report.ReportedBy.Agency})"));
                }

                if (check is CardCheck.Identified { FromCardIndex: true } recognised)
                {
                    session.Events.Append(open.ActivationId, Recognised(open.ActivationId, report, recognised, now, attachedKey));
                }

                alsoStore?.Invoke(session, open.ActivationId);
                try
                {
                    await session.SaveChangesAsync(cancellationToken);
                    return new OpeningOutcome(open.ActivationId, AttachedToExisting: true, Stored: true);
                }
                catch (Exception e) when (StreamConflicts.IsStreamMovedOn(e) && attempt < 5)
                {
                    // The activation took another step at the same moment (its card verified, a worker's YES): attach again.
                    continue;
                }
            }

            var (key, made) = await newKey();
            if (made is not null)
            {
                session.Insert(made);
            }

            session.Events.StartStream<Activation>(newActivationId, Decide(newActivationId, report, check, attempts, now, key).ToArray());
            foreach (var openKey in keys)
            {
                session.Insert(new OpenCardActivation(openKey, newActivationId));
            }

            alsoStore?.Invoke(session, newActivationId);
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                knownActivations.Remember(newActivationId);
                return new OpeningOutcome(newActivationId, AttachedToExisting: false, Stored: true);
            }
            catch (Exception e) when (StreamConflicts.IsStreamStartedTwice(e))
            {
                // The same phone call (its activation id comes from the CallSid) was opened by a retried webhook at the same
                // moment, here or in another instance.
                return new OpeningOutcome(newActivationId, AttachedToExisting: false, Stored: false);
            }
            catch (DocumentAlreadyExistsException) when (attempt == 0)
            {
                // Another report for the same card won the race a moment ago: join its activation.
            }
        }
    }
}
