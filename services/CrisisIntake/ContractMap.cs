using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.PlannedCover;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Relay;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.CrisisIntake;

/// <summary>Which of crisis intake's events other services hear about, and in what shape.</summary>
public sealed class ContractMap : EventContracts
{
    private readonly OpeningForTheRelay opening;

    public ContractMap(OpeningForTheRelay opening)
    {
        this.opening = opening;
        Tell<ActivationOpened>(Opened);
        Tell<CardVerified>(Verified);

        // An activation is opened with the check of the card it was reported with, in one transaction (ActivationDesk):
        // rostering offers from the one message at once.
        TellTogether<ActivationOpened, CardVerified>((opened, verified) => Opened(opened) with { Card = Verified(verified) });
        // Only read models take these in (card lookup's record of recognised cards, the board): told only in the news.
        TellOnlyInNews<CardRecognised, Published.CardRecognised>(e => new Published.CardRecognised(
            e.ActivationId, e.CardNumber, e.CarerId, e.CardWorks, e.Channel.ToString().ToLowerInvariant(), opening.Show(e.RequestedBy) ?? Activations.Phoning.TakingCardNumber.UnknownCaller, e.At));
        Tell<CardNotIdentified>(e => new Published.ActivationCardNotIdentified(e.ActivationId, e.Why, e.At));
        Tell<CardNotInUse>(e => new Published.ActivationCardNotIdentified(e.ActivationId, e.Why, e.At));
        Tell<LongerTermCareArranged>(e => new Published.LongerTermCareArranged(e.ActivationId, e.Arrangement.ToString(), e.ArrangedBy, e.ArrangedAt));
        Tell<CoverEndedEarly>(e => new Published.CoverEndedEarly(e.ActivationId, e.EndedBy, e.Reason, e.EndedAt));
        Tell<CoverExtended>(e => new Published.CoverExtended(e.ActivationId, e.NewLimitAt, e.DecidedBy, e.Reason, e.DecidedAt));
        Tell<SafeguardingConcernRaised>(e => new Published.SafeguardingConcernRaised(
            e.ActivationId, e.ConcernId, e.Subject.ToString(), e.Category.ToString(), e.ImmediateDanger,
            e.ReferralRoute.Name, e.ReferralRoute.Phone, e.Lead.Name, e.Lead.Phone, e.RaisedBy, e.RaisedAt));
        Tell<ActivationClosed>(e => new Published.ActivationClosed(e.ActivationId, e.Outcome.ToString(), e.ClosedBy, e.ClosedAt));
        Tell<PersonalDataShredded>(e => new Published.ActivationPersonalDataShredded(e.ActivationId, e.Reason, e.ShreddedAt));
        TellOnlyInNews<HandoverPackPrepared, Published.HandoverPackPrepared>(e => new Published.HandoverPackPrepared(e.ActivationId, e.Occasion.ToString(), e.PreparedAt));
        TellOnlyInNews<HandoverPackSent, Published.HandoverPackSent>(e => new Published.HandoverPackSent(e.ActivationId, e.To.ToString(), e.How.ToString(), e.SentBy, e.SentAt));
        TellEach<PlannedCoverBooked>(e =>
        [
            new Published.PlannedCoverBooked(e.BookingId, e.ActivationId, e.CardNumber, e.CarerId, e.Nation, e.Area,
                $"{e.Appointment.Kind}: {e.Appointment.Place}", e.StartsAt, e.EndsAt, e.BookedAt),
            StartOf(e.BookingId, e.ActivationId, 0, e.StartsAt),
        ]);
        TellEach<PlannedCoverMoved>(e =>
        [
            new Published.PlannedCoverMoved(e.BookingId, e.ActivationId, e.StartsAt, e.EndsAt, e.MovedAt),
            new Escalation.CancelTimer(PlannedCoverBooking.StartTimerId(e.BookingId, e.Version - 1)),
            StartOf(e.BookingId, e.ActivationId, e.Version, e.StartsAt),
        ]);
        TellEach<PlannedCoverCancelled>(e =>
        [
            new Published.PlannedCoverCancelled(e.BookingId, e.ActivationId, e.Reason, e.CancelledAt),
            new Escalation.CancelTimer(PlannedCoverBooking.StartTimerId(e.BookingId, e.Version)),
        ]);

        // The board and figures and card lookup's read models take what they need of it in about a second's news.
        TellNews<Published.IIntakeNews>();
    }

    private Published.ActivationOpened Opened(ActivationOpened e) => new(
        e.ActivationId, e.Channel.ToString(), e.CardNumber, e.Reason.ToString(),
        e.ReportedBy.Agency, opening.Show(e.ReportedBy.Name), opening.Show(e.ReportedBy.CallBackNumber), e.OpenedAt);

    private static Published.ActivationCardVerified Verified(CardVerified e) => new(
        e.ActivationId, e.CardNumber, e.CarerId, e.CardStatus, e.CardWorks, e.Nation, e.Area, e.VerifiedAt);

    private static Escalation.StartTimer StartOf(Guid bookingId, Guid activationId, int version, NodaTime.Instant startsAt) =>
        new(PlannedCoverBooking.StartTimerId(bookingId, version), activationId, StartingPlannedCover.TimerKind, startsAt, bookingId.ToString());
}
