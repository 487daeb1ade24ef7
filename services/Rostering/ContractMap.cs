using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Reservations;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Published = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Rostering;

/// <summary>
/// Which of rostering's events other services hear about, and in what shape; timers are asked of escalation. Handover
/// notes are stored sealed and published opened (the erased marker once the activation's key is shredded). The steps of
/// a dispatch that no service acts on (offers and their answers, a worker leaving) are told only in the news, which the
/// read models and crisis intake's timeline take in; an arrival is told on its own too, since escalation starts the
/// cover limit from it.
/// </summary>
public sealed class ContractMap : EventContracts
{
    public ContractMap(OpeningForTheRelay opening)
    {
        Tell<Alarms.AlarmRaised>(e => new Published.AlarmRaised(e.AlarmId, e.Kind, e.Code, e.ActivationId, e.Summary, e.RaisedAt));
        Tell<Alarms.AlarmMessageAccepted>(e => new Published.AlarmPaged(e.AlarmId, e.ActivationId, e.Code, e.To.Name, e.To.Role, e.Channel, e.Provider, e.At));
        Tell<Alarms.AlarmMessageNotDelivered>(e => new Published.AlarmNotDelivered(e.AlarmId, e.ActivationId, e.Code, e.To.Name, e.To.Role, e.Channel, e.Why, e.At));
        Tell<Alarms.AlarmAcknowledged>(e => new Published.AlarmAcknowledged(e.AlarmId, e.ActivationId, e.Code, e.By, e.Via, e.At));
        Tell<Alarms.AlarmStoodDown>(e => new Published.AlarmStoodDown(e.AlarmId, e.ActivationId, e.Code, e.Why, e.At));
        TellOnlyInNews<NobodyOnSite, Published.NobodyOnSite>(e => new Published.NobodyOnSite(e.ActivationId, e.LastWorkerId, e.Since, e.LastWorkerName));
        Tell<MessagingProviderFailing>(e => new Published.MessagingProviderStatusChanged(e.Provider, true, e.Why, e.Since));
        Tell<MessagingProviderRecovered>(e => new Published.MessagingProviderStatusChanged(e.Provider, false, null, e.At));
        TellOnlyInNews<OfferSmsSent, Published.OfferSent>(e => new Published.OfferSent(e.ActivationId, e.OfferId, e.WorkerId, e.WorkerName, e.Attempt, e.ChosenBy, e.DeadlineAt, e.SentAt, e.Provider));
        TellOnlyInNews<OfferAccepted, Published.OfferAccepted>(e => new Published.OfferAccepted(e.ActivationId, e.OfferId, e.WorkerId, e.AcceptedAt, e.WorkerName, e.PlacesFilled, e.PlacesNeeded));
        TellOnlyInNews<OfferDeclined, Published.OfferDeclined>(e => new Published.OfferDeclined(e.ActivationId, e.OfferId, e.WorkerId, e.Why, e.DeclinedAt, e.WorkerName));
        TellOnlyInNews<OfferExpired, Published.OfferExpired>(e => new Published.OfferExpired(e.ActivationId, e.OfferId, e.WorkerId, e.Why, e.ExpiredAt, e.WorkerName));
        TellOnlyInNews<DispatchEscalated, Published.DispatchEscalated>(e => new Published.DispatchEscalated(
            e.ActivationId, e.Level, e.Reason, e.Notified.Select(c => $"{c.Name} ({c.Role}) {c.Phone}").ToList(), e.At));
        Tell<WorkerArrived>(Arrived);
        Tell<CoverStarted>(Started);

        // The first arrival and the cover it starts are stored in one transaction (OfferDecider).
        TellTogether<WorkerArrived, CoverStarted>((arrived, started) => Arrived(arrived) with { Cover = Started(started) });
        TellOnlyInNews<WorkerLeft, Published.WorkerLeft>(e => new Published.WorkerLeft(e.ActivationId, e.WorkerId, e.LeftAt, e.WorkerName, e.OnSiteNow, e.PlacesFilled, e.PlacesNeeded));
        Tell<StaffReserved>(e => Reservation.RemindsAt(e.StartsAt, e.ReservedAt) is { } remindAt
            ? new Escalation.StartTimer(
                Reservation.ReminderTimerId(e.BookingId, e.Version), e.ActivationId, RemindingReservedStaff.TimerKind, remindAt, e.BookingId.ToString())
            : null);
        Tell<ReservationReleased>(e => new Escalation.CancelTimer(Reservation.ReminderTimerId(e.BookingId, e.Version)));
        Tell<Alerts.AlertCheckScheduled>(e => new Escalation.StartTimer(e.TimerId, e.ScheduleId, Alerts.Scheduling.AlertTimers.DailyCheck, e.DueAt, null));
        Tell<Handovers.HandoverRecorded>(e => new Published.HandoverRecorded(e.ActivationId, e.HandoverId, e.OutgoingWorkerId, e.IncomingWorkerId, opening.Show(e.Notes), e.HandedOverAt, e.OutgoingWorkerName, e.IncomingWorkerName));
        Tell<Handovers.HandoverSignedOff>(e => new Published.HandoverSignedOff(e.ActivationId, e.HandoverId, e.SignedOffBy, e.Comment is { } comment ? opening.Show(comment) : null, e.SignedOffAt));
        Tell<Handovers.HandoverQueried>(e => new Published.HandoverQueried(e.ActivationId, e.HandoverId, e.QueriedBy, opening.Show(e.Comment), e.QueriedAt));
        Tell<PlanLinks.PlanLinkOpened>(e => new Published.PlanLinkOpened(e.ActivationId, e.WorkerId, e.OpenedAt, e.From, e.UserAgent, e.WorkerName));

        // The board and figures and card lookup's cover access take what they need of it in about a second's news.
        TellNews<Published.IRosteringNews>();
    }

    private static Published.WorkerArrived Arrived(WorkerArrived e) =>
        new(e.ActivationId, e.WorkerId, e.ArrivedAt, e.WorkerName, e.StartedCover, OnSiteNow: e.OnSiteNow, PlacesNeeded: e.PlacesNeeded);

    private static Published.CoverStarted Started(CoverStarted e) => new(e.ActivationId, e.StartedAt, e.Nation);
}
