using Cers.Dispatch.Contracts;
using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using MassTransit;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CrisisIntake.Activations.Recording;

/// <summary>
/// Records what other services report about an activation on the activation's own stream, so its timeline shows every
/// step with the service it came from. Idempotent on the message id. Words people wrote (handover notes, a supervisor's
/// comment) may be about health: they are sealed with the activation's key, apart from the summary.
/// <para>
/// The steps come in rostering's and escalation's news, about a second's steps in one delivery, and those arriving
/// together are stored in one commit (<see cref="GroupCommit"/>). They are stored in the order each service took them
/// (its news lists them in the order they were stored); an activation's steps may share a commit.
/// </para>
/// </summary>
public sealed class RecordOnTimelineFromNews(GroupCommit commits, PersonalDataVault vault, KnownActivations activations, IClock clock)
    : IConsumer<News<Escalation.IEscalationNews>>, IConsumer<News<Rostering.IRosteringNews>>
{
    private const string EscalationService = "escalation";
    private const string RosteringService = "rostering";

    /// <summary>Who took a step the services took by themselves (a ranking, a deadline, a page), in the audit's Who column.</summary>
    private const string ByEscalation = "Escalation service (automatic)";

    private const string ByRostering = "Rostering service (automatic)";

    public Task Consume(ConsumeContext<News<Escalation.IEscalationNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told switch
        {
            Escalation.CoverLimitSet message => On(context, item, message),
            Escalation.CoverLimitWarning message => On(context, item, message),
            Escalation.CoverLimitReached message => On(context, item, message),
            Escalation.CoverLimitEscalated message => On(context, item, message),
            Escalation.ActivationUnstaffedTooLong message => On(context, item, message),
            _ => Task.CompletedTask,
        });

    public Task Consume(ConsumeContext<News<Rostering.IRosteringNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told switch
        {
            Rostering.OfferSent message => On(context, item, message),
            Rostering.OfferAccepted message => On(context, item, message),
            Rostering.OfferDeclined message => On(context, item, message),
            Rostering.OfferExpired message => On(context, item, message),
            Rostering.DispatchEscalated message => On(context, item, message),
            Rostering.WorkerArrived message => On(context, item, message),
            Rostering.WorkerLeft message => On(context, item, message),
            Rostering.HandoverRecorded message => On(context, item, message),
            Rostering.HandoverSignedOff message => On(context, item, message),
            Rostering.HandoverQueried message => On(context, item, message),
            Rostering.PlanLinkOpened message => On(context, item, message),
            Rostering.NobodyOnSite message => On(context, item, message),
            Rostering.AlarmRaised message => On(context, item, message),
            Rostering.AlarmPaged message => On(context, item, message),
            Rostering.AlarmNotDelivered message => On(context, item, message),
            Rostering.AlarmAcknowledged message => On(context, item, message),
            Rostering.AlarmStoodDown message => On(context, item, message),
            _ => Task.CompletedTask,
        });

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitSet told) => Record(
        context, item, told.ActivationId, EscalationService, "cover-limit-set", ByEscalation,
        $"Cover limit {told.LimitHours} hours: until {LondonTime.Show(told.LimitAt)}"
        + (told.BankHolidaysInWindow.Count > 0 ? $" (bank holiday {string.Join(", ", told.BankHolidaysInWindow.Select(LondonTime.Show))})" : ""));

    /// <summary>Social care or the family will take over at the limit: the handover pack for them is made ready with the warning.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitWarning told) => Record(
        context, item, told.ActivationId, EscalationService, "cover-limit-warning", ByEscalation,
        $"{told.HoursBeforeLimit} hours until the cover limit ({LondonTime.Show(told.LimitAt)})",
        prepared: occasionAt => new HandoverPackPrepared(told.ActivationId, HandoverPackOccasion.CoverLimitNear, told.HoursBeforeLimit, occasionAt));

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitReached told) => Record(
        context, item, told.ActivationId, EscalationService, "cover-limit-reached", ByEscalation,
        "Cover limit reached with no longer-term care arranged. Cover continues.");

    private Task On(ConsumeContext context, ItemInNews item, Escalation.CoverLimitEscalated told) => Record(
        context, item, told.ActivationId, EscalationService, "cover-limit-escalated", ByEscalation,
        $"Cover limit breach still unresolved (escalation {told.Repeat})");

    private Task On(ConsumeContext context, ItemInNews item, Escalation.ActivationUnstaffedTooLong told) => Record(
        context, item, told.ActivationId, EscalationService, "unstaffed-too-long", ByEscalation,
        $"No worker on site yet, though the activation opened at {LondonTime.Show(told.OpenedAt)}");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferSent offer)
    {
        return Record(
            context, item, offer.ActivationId, RosteringService, "offer-sent", offer.ChosenBy ?? ByRostering,
            $"Offer {offer.Attempt} sent to {offer.WorkerName}{(offer.ChosenBy is null ? "" : $", chosen by {offer.ChosenBy}")}; answer due by {LondonTime.Show(offer.DeadlineAt)}{(offer.Provider is null ? "" : $" (sent by {offer.Provider})")}");
    }

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferAccepted told) => Record(
        context, item, told.ActivationId, RosteringService, "offer-accepted", Named(told.WorkerName),
        $"{Named(told.WorkerName)} accepted and is on the way" +
        (told.PlacesNeeded > 1 ? $" ({told.PlacesFilled} of {told.PlacesNeeded} places filled)" : ""));

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferDeclined told) => Record(
        context, item, told.ActivationId, RosteringService, "offer-declined", Named(told.WorkerName),
        $"{Named(told.WorkerName)} declined ({Reason(told.Why)})");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.OfferExpired told) => Record(
        context, item, told.ActivationId, RosteringService, "offer-expired", ByRostering,
        $"Offer to {Named(told.WorkerName)} lapsed ({Reason(told.Why)})");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.DispatchEscalated told) => Record(
        context, item, told.ActivationId, RosteringService, "dispatch-escalated", ByRostering,
        $"Finding staff escalated (level {told.Level}): {Reason(told.Reason)}");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.WorkerArrived told) => Record(
        context, item, told.ActivationId, RosteringService, "worker-arrived", Named(told.WorkerName),
        Arrival(told));

    /// <summary>For a plan needing several workers at once, how many are there: cover starts when they all are.</summary>
    private static string Arrival(Rostering.WorkerArrived arrived) => (arrived.StartedCover, arrived.PlacesNeeded > 1) switch
    {
        (true, true) => $"{Named(arrived.WorkerName)} arrived: {arrived.OnSiteNow} of {arrived.PlacesNeeded} on site, cover started (its limit from the first arrival)",
        (false, true) when arrived.Cover is null && arrived.OnSiteNow < arrived.PlacesNeeded =>
            $"{Named(arrived.WorkerName)} arrived: {arrived.OnSiteNow} of {arrived.PlacesNeeded} on site, cover starts when all are there",
        (false, true) => $"{Named(arrived.WorkerName)} arrived ({arrived.OnSiteNow} on site, {arrived.PlacesNeeded} needed)",
        (true, false) => $"{Named(arrived.WorkerName)} arrived: cover started",
        (false, false) => $"{Named(arrived.WorkerName)} arrived to take over",
        _ => $"{Named(arrived.WorkerName)} arrived",
    };

    private Task On(ConsumeContext context, ItemInNews item, Rostering.WorkerLeft told) => Record(
        context, item, told.ActivationId, RosteringService, "worker-left", Named(told.WorkerName),
        $"{Named(told.WorkerName)} left" +
        (told.PlacesNeeded > 1 ? $" ({told.PlacesFilled} of {told.PlacesNeeded} places filled, {told.OnSiteNow} on site)" : ""));

    private Task On(ConsumeContext context, ItemInNews item, Rostering.HandoverRecorded handover)
    {
        var to = handover.IncomingWorkerId is null ? "" : $" to {Named(handover.IncomingWorkerName)}";
        return Record(
            context, item, handover.ActivationId, RosteringService, "handover-recorded", Named(handover.OutgoingWorkerName),
            $"{Named(handover.OutgoingWorkerName)} handed over{to}: {ServiceReported.DetailsGoHere} (awaiting sign-off)", handover.Notes);
    }

    private Task On(ConsumeContext context, ItemInNews item, Rostering.HandoverSignedOff told) => Record(
        context, item, told.ActivationId, RosteringService, "handover-signed-off", told.SignedOffBy,
        $"Handover signed off by {told.SignedOffBy}{(told.Comment is null ? "" : $": {ServiceReported.DetailsGoHere}")}",
        told.Comment);

    private Task On(ConsumeContext context, ItemInNews item, Rostering.HandoverQueried told) => Record(
        context, item, told.ActivationId, RosteringService, "handover-queried", told.QueriedBy,
        $"Handover queried by {told.QueriedBy}: {ServiceReported.DetailsGoHere}", told.Comment);

    private Task On(ConsumeContext context, ItemInNews item, Rostering.PlanLinkOpened told) => Record(
        context, item, told.ActivationId, RosteringService, "plan-link-opened", Named(told.WorkerName),
        $"{Named(told.WorkerName)} opened the plan link from {told.From}"
        + (told.UserAgent is { } browser ? $" ({browser})" : ""));

    private Task On(ConsumeContext context, ItemInNews item, Rostering.NobodyOnSite told) => Record(
        context, item, told.ActivationId, RosteringService, "nobody-on-site", ByRostering,
        $"Nobody on site since {LondonTime.Show(told.Since)} ({Named(told.LastWorkerName)} left): a replacement is being sought");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.AlarmRaised told) => Record(
        context, item, told.ActivationId ?? Guid.Empty, RosteringService, "alarm-raised", ByRostering,
        $"Alarm {told.Code} raised: {told.Summary}");

    /// <summary>Only a message a provider accepted says someone was paged.</summary>
    private Task On(ConsumeContext context, ItemInNews item, Rostering.AlarmPaged told) => Record(
        context, item, told.ActivationId ?? Guid.Empty, RosteringService, "alarm-paged", ByRostering,
        $"{told.PersonName} ({PlainWords.Of(told.Role)}) paged by {Channel(told.Channel)} for alarm {told.Code} (accepted by {told.Provider})");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.AlarmNotDelivered told) => Record(
        context, item, told.ActivationId ?? Guid.Empty, RosteringService, "alarm-not-delivered", ByRostering,
        $"Could not page {told.PersonName} ({PlainWords.Of(told.Role)}) by {Channel(told.Channel)} for alarm {told.Code}: {told.Why}");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.AlarmAcknowledged told) => Record(
        context, item, told.ActivationId ?? Guid.Empty, RosteringService, "alarm-acknowledged", told.By,
        $"Alarm {told.Code} acknowledged by {told.By} ({Via(told.Via)})");

    private Task On(ConsumeContext context, ItemInNews item, Rostering.AlarmStoodDown told) => Record(
        context, item, told.ActivationId ?? Guid.Empty, RosteringService, "alarm-stood-down", ByRostering,
        $"Alarm {told.Code} stood down: {told.Why}");

    /// <summary>Rostering's reason codes (replied-no, handover-nobody-qualified-available), as a supervisor reads them.</summary>
    private static string Reason(string code) => code switch
    {
        "replied-no" => "replied NO",
        "committed-elsewhere" => "already committed to another call",
        "no-reply" => "no reply in time",
        "withdrawn" => "withdrawn by a coordinator",
        "activation-closed" => "the activation was closed",
        "places-filled" => "every place was filled: told the call is covered",
        "coordinators-did-not-staff" => "the coordinators had not found staff in time",
        _ when code.StartsWith("handover-", StringComparison.Ordinal) => $"at handover, {Reason(code["handover-".Length..])}",
        _ => PlainWords.Of(code),
    };

    private static string Channel(string channel) => channel == "call" ? "phone call" : "SMS";

    private static string Via(string via) => via switch
    {
        "sms" => "by SMS",
        "call" => "by pressing 1 on the call",
        _ => "in the console",
    };

    /// <summary>Rostering names the worker on each message; messages sent before it did read as below.</summary>
    private static string Named(string? workerName) => workerName ?? "A care worker";

    /// <summary>A step about no activation this service knows (an alarm about no call) is not recorded.</summary>
    private Task Record(
        ConsumeContext context, ItemInNews item, Guid activationId, string source, string step, string? doneBy, string summary, string? details = null,
        Func<Instant, object>? prepared = null) =>
        commits.ApplyAsync(context, item, nameof(RecordOnTimelineFromNews), async (session, cancellationToken) =>
        {
            if (!await activations.ExistsAsync(session, activationId, cancellationToken))
            {
                return null;
            }

            var now = clock.GetCurrentInstant();
            Sealed<string>? sealedDetails = null;
            DataKey? madeKey = null;
            if (details is not null)
            {
                (var key, madeKey) = await vault.KeyToSealWithAsync(session, ActivationPrivacy.Subject(activationId), cancellationToken);
                sealedDetails = key.Seal(details);
            }

            var reported = new ServiceReported(activationId, source, step, summary, item.MessageId, now, sealedDetails, doneBy);
            return writing =>
            {
                if (madeKey is not null)
                {
                    writing.Insert(madeKey);
                }

                // Its id is made from the message's: a redelivery's entry collides on the event ids' unique index and the
                // message ends as handled, with no handled record of its own.
                writing.Events.Append(activationId, new JasperFx.Events.Event<ServiceReported>(reported) { Id = EntryId(item.MessageId) });
                if (prepared is not null)
                {
                    writing.Events.Append(activationId, prepared(now));
                }
            };
        }, handledInDocuments: true);

    public static Guid EntryId(Guid messageId) => DeterministicGuid.From($"crisis-intake/timeline/{messageId:N}");
}
