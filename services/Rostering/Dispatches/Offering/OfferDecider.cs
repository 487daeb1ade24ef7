using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>Offers settings: the "Offers" configuration section.</summary>
public sealed class OfferOptions
{
    public const string Section = "Offers";

    /// <summary>How long a worker has to answer before the next is asked.</summary>
    public int DeadlineMinutes { get; set; } = 10;

    /// <summary>Declines and timeouts after which the on-call coordinator is alerted.</summary>
    public int MaxAttemptsBeforeEscalation { get; set; } = 3;

    /// <summary>How long the first visit is taken to last when checking a worker is on duty for all of it.</summary>
    public int FirstVisitHours { get; set; } = 4;

    /// <summary>How long the on-call coordinators have before the duty manager is alerted too.</summary>
    public int EscalationStepMinutes { get; set; } = 10;

    /// <summary>
    /// Offers open beyond one a place when a plan needs several workers at once, so the first to answer fill the places;
    /// those asked but no longer needed are texted that the call is covered.
    /// </summary>
    public int SpareOffersWhenSeveralNeeded { get; set; } = 1;

    /// <summary>These options without spare offers: while another activation waits for a free worker, none is held spare.</summary>
    public OfferOptions WithoutSpareOffers()
    {
        var copy = (OfferOptions)MemberwiseClone();
        copy.SpareOffersWhenSeveralNeeded = 0;
        return copy;
    }

    /// <summary>How far from their base a worker may be asked to travel, in areas without a limit of their own.</summary>
    public double MaxTravelKm { get; set; } = 60;
}

/// <summary>The next worker to ask, with a fresh id for the offer (ids come in so Decide stays pure).</summary>
public sealed record NextOffer(RankedCandidate Candidate, string Phone, Guid OfferId, string Code, string? ChosenBy);

public sealed record Reply(IReadOnlyList<object> Events, string Text, bool MoveOn = false);

/// <summary>
/// The offer state machine: Open → Accepted | Declined | Expired. Pure functions from the dispatch and a command to the
/// events that follow; the caller stores them and does the sending.
/// </summary>
public static class OfferDecider
{
    /// <summary>
    /// Offers the activation to the next workers, one for each open place (and the spare offers when the plan needs
    /// several at once), or alerts the on-call coordinators when the places cannot all be filled: nobody (qualified and
    /// free) is left to ask, or too many offers went unanswered. A coordinator's choice is offered whatever is open. A
    /// dispatch with every place held is left alone.
    /// </summary>
    public static IReadOnlyList<object> MoveOn(StaffDispatch dispatch, IReadOnlyList<NextOffer> next, IReadOnlyList<AlertContact> coordinators, OfferOptions options, Guid escalationTimerId, Instant now)
    {
        if (!dispatch.IsSeeking())
        {
            return [];
        }

        var chosen = next.Where(n => n.ChosenBy is not null).ToList();
        var offering = chosen.Count > 0 ? chosen
            : OffersTheBestRanked(dispatch, options) ? next.Take(OffersStillWanted(dispatch, options)).ToList()
            : [];
        var offers = offering.Select((n, i) => (object)new OfferMade(dispatch.Id, n.OfferId, n.Candidate.WorkerId, n.Candidate.Name, n.Phone, n.Code,
            dispatch.Offers.Count + 1 + i, n.Candidate.Reasons, n.ChosenBy, now, dispatch.Round)).ToList();
        if (chosen.Count > 0 || dispatch.OpenOffers().Count + offers.Count >= dispatch.OpenPlaces() || dispatch.EscalationLevel >= 1)
        {
            return offers;
        }

        var reason = next.Count == 0 || offers.Count > 0 ? StaffDispatch.NobodyFree : "offers-exhausted";
        return [.. offers, .. Escalate(dispatch, 1, ForRound(dispatch, reason), coordinators, options, escalationTimerId, now)];
    }

    /// <summary>Whether <see cref="MoveOn"/> would offer the dispatch to the best-ranked workers, were there any.</summary>
    public static bool OffersTheBestRanked(StaffDispatch dispatch, OfferOptions options) =>
        OffersStillWanted(dispatch, options) > 0 && dispatch.UnansweredOffers() < options.MaxAttemptsBeforeEscalation * dispatch.PlacesNeeded;

    /// <summary>How many more offers should be open now (<see cref="StaffDispatch.OffersWanted"/> less those open).</summary>
    public static int OffersStillWanted(StaffDispatch dispatch, OfferOptions options) =>
        Math.Max(0, dispatch.OffersWanted(options.SpareOffersWhenSeveralNeeded) - dispatch.OpenOffers().Count);

    /// <summary>Every place is held: the offers still open are closed, their workers told the call is covered.</summary>
    public static IReadOnlyList<object> StandDownOffersNoLongerNeeded(StaffDispatch dispatch, Instant now) =>
        dispatch.IsSeeking() || dispatch.ClosedAt is not null
            ? []
            : dispatch.OpenOffers().SelectMany(o => Expire(dispatch, o.OfferId, StaffDispatch.PlacesFilledWhy, now)).ToList();

    public static IReadOnlyList<object> Escalate(StaffDispatch dispatch, int level, string reason, IReadOnlyList<AlertContact> notify, OfferOptions options, Guid timerId, Instant now)
    {
        var escalated = new DispatchEscalated(dispatch.Id, level, reason, notify, now, dispatch.Round);
        return level == 1
            ? [escalated, new EscalationStepScheduled(dispatch.Id, 2, timerId, now + Duration.FromMinutes(options.EscalationStepMinutes), dispatch.Round)]
            : [escalated];
    }

    /// <summary>
    /// The duty managers are alerted when the coordinators' time is up and still nobody is on the way (for the same round:
    /// a step scheduled for an earlier handover says nothing about this one).
    /// </summary>
    public static IReadOnlyList<object> EscalationStepDue(StaffDispatch dispatch, int level, IReadOnlyList<AlertContact> dutyManagers, OfferOptions options, Instant now, int round = 0) =>
        dispatch.IsSeeking() && dispatch.Round == round && dispatch.EscalationLevel < level
            ? Escalate(dispatch, level, ForRound(dispatch, "coordinators-did-not-staff"), dutyManagers, options, Guid.Empty, now)
            : [];

    public static Reply Accept(StaffDispatch dispatch, Guid offerId, Guid workerId, Guid? committedElsewhere, Instant now)
    {
        var offer = dispatch.Offers.SingleOrDefault(o => o.OfferId == offerId && o.WorkerId == workerId);
        return offer switch
        {
            null => new Reply([], "We could not find that offer for you. Please check the code in our message."),
            { Status: OfferStatus.Accepted } => new Reply([], $"You have already accepted offer {offer.Code}. Thank you, no need to reply again."),
            { Status: OfferStatus.Open } when !dispatch.IsSeeking() =>
                new Reply(Expire(dispatch, offer.OfferId, StaffDispatch.PlacesFilledWhy, now), StoodDown(offer)),
            { Status: OfferStatus.Open } when committedElsewhere is { } other && other != dispatch.Id =>
                new Reply(
                    [new OfferDeclined(dispatch.Id, offer.OfferId, workerId, "committed-elsewhere", now, offer.WorkerName), Cancel(dispatch.Id, offer, now)],
                    $"You are already booked on another call, so we have passed offer {offer.Code} to someone else. Thank you.",
                    MoveOn: true),
            { Status: OfferStatus.Open } when dispatch.Handover is { IncomingWorkerId: null } handover =>
                new Reply(
                    [Accepted(dispatch, offer, now), Cancel(dispatch.Id, offer, now)],
                    $"Thank you, offer {offer.Code} is yours: you take over from a colleague at {LondonTime.Show(handover.DutyEndsAt)}. " +
                    "Text ARRIVED when you get there and LEFT when you leave."),
            { Status: OfferStatus.Open } when dispatch.Handover is not { IncomingWorkerId: null } && dispatch.ReliefSought() is { } relief && offer.Round == relief.Round =>
                new Reply(
                    [Accepted(dispatch, offer, now), Cancel(dispatch.Id, offer, now)],
                    $"Thank you, offer {offer.Code} is yours: you relieve a colleague at {LondonTime.Show(relief.DutyEndsAt)}, working with " +
                    $"{dispatch.NameOf(dispatch.CoveringWorkerId() ?? Guid.Empty) ?? "the worker covering"}. Text ARRIVED when you get there and LEFT when you leave."),
            { Status: OfferStatus.Open } when dispatch.PlacesNeeded > 1 && Accepted(dispatch, offer, now) is var accepted =>
                new Reply(
                    [accepted, Cancel(dispatch.Id, offer, now)],
                    $"Thank you, offer {offer.Code} is yours. This call needs {dispatch.PlacesNeeded} care workers at once: " +
                    (accepted.PlacesFilled < accepted.PlacesNeeded
                        ? "we are finding your colleague. Do not attempt a two-person transfer alone. "
                        : $"{Colleagues(dispatch, workerId)} going too. ") +
                    "Text ARRIVED when you get there and LEFT when you leave."),
            { Status: OfferStatus.Open } =>
                new Reply(
                    [Accepted(dispatch, offer, now), Cancel(dispatch.Id, offer, now)],
                    $"Thank you, offer {offer.Code} is yours. Text ARRIVED when you get there and LEFT when you leave."),
            { ClosedWhy: StaffDispatch.PlacesFilledWhy } => new Reply([], StoodDown(offer)),
            _ => new Reply([], $"Thank you for replying. Offer {offer.Code} has already gone to someone else, so there is nothing you need to do."),
        };
    }

    /// <summary>A later YES, once the places are filled: thanked and stood down.</summary>
    private static string StoodDown(Offer offer) =>
        $"Thank you for saying yes. The call for offer {offer.Code} is now covered, so you are stood down: there is nothing you need to do.";

    private static OfferAccepted Accepted(StaffDispatch dispatch, Offer offer, Instant now)
    {
        var accepted = new OfferAccepted(dispatch.Id, offer.OfferId, offer.WorkerId, now, offer.WorkerName, 0, dispatch.PlacesNeeded);
        return accepted with { PlacesFilled = dispatch.Apply(accepted).PlacesFilled() };
    }

    private static string Colleagues(StaffDispatch dispatch, Guid workerId)
    {
        var names = new[] { dispatch.CoveringWorkerId() }.Concat(dispatch.Companions.Cast<Guid?>())
            .OfType<Guid>().Where(w => w != workerId).Select(w => dispatch.NameOf(w) ?? "a colleague").ToList();
        return names.Count == 1 ? $"{names[0]} is" : $"{string.Join(" and ", names)} are";
    }

    public static Reply Decline(StaffDispatch dispatch, Guid offerId, Guid workerId, Instant now)
    {
        var offer = dispatch.Offers.SingleOrDefault(o => o.OfferId == offerId && o.WorkerId == workerId);
        return offer switch
        {
            null => new Reply([], "We could not find that offer for you. Please check the code in our message."),
            { Status: OfferStatus.Open } => new Reply(
                [new OfferDeclined(dispatch.Id, offer.OfferId, workerId, "replied-no", now, offer.WorkerName), Cancel(dispatch.Id, offer, now)],
                $"Thank you for letting us know. Offer {offer.Code} will go to someone else.",
                MoveOn: true),
            { Status: OfferStatus.Accepted } => new Reply([], $"You accepted offer {offer.Code}. If you can no longer go, please phone the on-call coordinator now."),
            _ => new Reply([], $"Thank you. Offer {offer.Code} had already closed, so there is nothing you need to do."),
        };
    }

    /// <summary>
    /// A provider accepted the offer's SMS: the worker has the configured minutes from now to answer. An offer that closed
    /// meanwhile, or whose SMS is already recorded, takes nothing more.
    /// </summary>
    /// <summary>
    /// The provider took the offer's SMS: recorded whatever the offer's state, since a worker may answer before this is
    /// recorded and the timeline must still say the SMS went and to whom. Only an offer still open gets its deadline.
    /// </summary>
    public static IReadOnlyList<object> SmsSent(StaffDispatch dispatch, Guid offerId, string provider, string sid, OfferOptions options, Instant now)
    {
        if (dispatch.Offers.SingleOrDefault(o => o.OfferId == offerId) is not { Sent: false } offer)
        {
            return [];
        }

        var deadline = now + Duration.FromMinutes(options.DeadlineMinutes);
        var sent = new OfferSmsSent(dispatch.Id, offerId, offer.WorkerId, offer.WorkerName, offer.Attempt, offer.ChosenBy, provider, sid, now, deadline);
        return offer.Status == OfferStatus.Open ? [sent, new OfferDeadlineSet(dispatch.Id, offerId, DeadlineTimerId(offerId), deadline)] : [sent];
    }

    public static Guid DeadlineTimerId(Guid offerId) => DeterministicGuid.From($"rostering/offer/{offerId:N}/deadline");

    /// <summary>The deadline passed or the SMS could not be delivered: close the offer (if still open) and move on.</summary>
    public static IReadOnlyList<object> Expire(StaffDispatch dispatch, Guid offerId, string why, Instant now) =>
        dispatch.Offers.SingleOrDefault(o => o.OfferId == offerId) is { Status: OfferStatus.Open } offer
            ? why == "no-reply"
                ? [new OfferExpired(dispatch.Id, offerId, offer.WorkerId, why, now, offer.WorkerName)]
                : [new OfferExpired(dispatch.Id, offerId, offer.WorkerId, why, now, offer.WorkerName), Cancel(dispatch.Id, offer, now)]
            : [];

    public static Reply Arrive(StaffDispatch dispatch, Guid workerId, string fallbackNation, Instant now)
    {
        if (dispatch.OnSite.Contains(workerId))
        {
            return new Reply([], "You are already recorded as arrived. Text LEFT when you leave.");
        }

        var takingOver = dispatch.Handover is { IncomingWorkerId: { } incoming } && incoming == workerId;
        if (dispatch.AcceptedWorkerId != workerId && !takingOver && !dispatch.Companions.Contains(workerId))
        {
            return new Reply([], "We have no accepted offer for you to arrive at. Please phone the on-call coordinator.");
        }

        // Cover starts once as many as the plan needs are on site; the 48/72-hour limit runs from the first arrival,
        // whoever takes over later.
        var onSite = dispatch.OnSite.Count + 1;
        var startsCover = dispatch.CoverStartedAt is null && onSite >= dispatch.PlacesNeeded;
        var arrived = new WorkerArrived(dispatch.Id, workerId, now, dispatch.NameOf(workerId), startsCover, onSite, dispatch.PlacesNeeded);
        return startsCover
            ? new Reply(
                [arrived, new CoverStarted(dispatch.Id, dispatch.Nation ?? fallbackNation, dispatch.FirstArrivalAt ?? now)],
                dispatch.PlacesNeeded > 1
                    ? $"Thank you, your arrival is recorded: all {dispatch.PlacesNeeded} care workers are there and cover has started. Text LEFT when you leave."
                    : "Thank you, your arrival is recorded and cover has started. Text LEFT when you leave.")
            : dispatch.CoverStartedAt is null
                ? new Reply([arrived],
                    $"Thank you, your arrival is recorded. This call needs {dispatch.PlacesNeeded} care workers at once: wait for your colleague before any " +
                    "two-person transfer, and phone the on-call coordinator if they do not come. Text LEFT when you leave.")
            : takingOver
                ? new Reply([arrived], "Thank you, your arrival is recorded. Your colleague will hand over to you; text LEFT when you leave.")
                : new Reply([arrived], "Thank you, your arrival is recorded. Text LEFT when you leave.");
    }

    /// <param name="handedOver">Whether the worker has left handover notes since the handover began (asked for if not).</param>
    public static Reply Leave(StaffDispatch dispatch, Guid workerId, Instant now, bool handedOver = true)
    {
        if (!dispatch.OnSite.Contains(workerId))
        {
            return new Reply([], "You are not recorded as on site, so there is nothing to sign out of.");
        }

        var left = new WorkerLeft(dispatch.Id, workerId, now, dispatch.NameOf(workerId), PlacesNeeded: dispatch.PlacesNeeded);
        var after = dispatch.Apply(left);
        left = left with { OnSiteNow = after.OnSite.Count, PlacesFilled = after.PlacesFilled() };
        if (dispatch.CompanionReliefs.Any(r => r.OutgoingWorkerId == workerId && r.IncomingWorkerId is null))
        {
            return new Reply([left], "Thank you, your leaving is recorded. Nobody has accepted to relieve you yet: please phone the on-call coordinator.");
        }

        return dispatch.Handover switch
        {
            { OutgoingWorkerId: var outgoing, IncomingWorkerId: null } when outgoing == workerId =>
                new Reply([left], "Thank you, your leaving is recorded. Nobody has taken over yet: please phone the on-call coordinator" +
                    (handedOver ? "." : " with your handover notes.")),
            { OutgoingWorkerId: var outgoing } when outgoing == workerId && !handedOver =>
                new Reply([left], "Thank you, your leaving is recorded. We have no handover notes from you: please phone them to the on-call coordinator."),
            _ => new Reply([left], "Thank you, your leaving is recorded. Take care."),
        };
    }

    public static Reply DeliveryStatus(StaffDispatch dispatch, Guid offerId, string messageSid, string status, string? errorCode, Instant now)
    {
        if (dispatch.Offers.SingleOrDefault(o => o.OfferId == offerId) is not { } offer || (offer.SmsStatuses ?? []).Contains(status))
        {
            return new Reply([], "");
        }

        var recorded = new OfferSmsStatusRecorded(dispatch.Id, offerId, messageSid, status, errorCode, now);
        if (Texting.SmsReceipts.IsFailure(status) && offer.Status == OfferStatus.Open)
        {
            return new Reply([recorded, .. Expire(dispatch, offerId, $"sms-{status}", now)], "", MoveOn: true);
        }

        return new Reply([recorded], "");
    }

    private static string ForRound(StaffDispatch dispatch, string reason) => dispatch.Round > 0 ? $"handover-{reason}" : reason;

    private static OfferDeadlineCancelled Cancel(Guid activationId, Offer offer, Instant now) =>
        new(activationId, offer.OfferId, offer.TimerId ?? Guid.Empty, now);
}
