using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Relay;
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
/// Steps arriving together are stored in one commit (<see cref="GroupCommit"/>), about seven an activation that were a
/// transaction each; an activation's steps may share a commit. A step can be stored after one its service took later
/// (the relay publishes different streams side by side; a step whose commit failed is stored again after the rest), so
/// each keeps its place in its service's store, and the timeline is read in that order (<see cref="GettingTimeline.TimelineOrder"/>).
/// </para>
/// </summary>
public sealed class RecordOnTimeline(GroupCommit commits, PersonalDataVault vault, KnownActivations activations, IClock clock) :
    IConsumer<Escalation.CoverLimitSet>,
    IConsumer<Escalation.CoverLimitWarning>,
    IConsumer<Escalation.CoverLimitReached>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>,
    IConsumer<Rostering.OfferSent>,
    IConsumer<Rostering.OfferAccepted>,
    IConsumer<Rostering.OfferDeclined>,
    IConsumer<Rostering.OfferExpired>,
    IConsumer<Rostering.DispatchEscalated>,
    IConsumer<Rostering.WorkerArrived>,
    IConsumer<Rostering.WorkerLeft>,
    IConsumer<Rostering.HandoverRecorded>,
    IConsumer<Rostering.HandoverSignedOff>,
    IConsumer<Rostering.HandoverQueried>,
    IConsumer<Rostering.PlanLinkOpened>,
    IConsumer<Rostering.NobodyOnSite>,
    IConsumer<Rostering.AlarmRaised>,
    IConsumer<Rostering.AlarmPaged>,
    IConsumer<Rostering.AlarmNotDelivered>,
    IConsumer<Rostering.AlarmAcknowledged>,
    IConsumer<Rostering.AlarmStoodDown>
{
    private const string EscalationService = "escalation";
    private const string RosteringService = "rostering";

    /// <summary>Who took a step the services took by themselves (a ranking, a deadline, a page), in the audit's Who column.</summary>
    private const string ByEscalation = "Escalation service (automatic)";

    private const string ByRostering = "Rostering service (automatic)";

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-set", ByEscalation,
        $"Cover limit {context.Message.LimitHours} hours: until {LondonTime.Show(context.Message.LimitAt)}"
        + (context.Message.BankHolidaysInWindow.Count > 0 ? $" (bank holiday {string.Join(", ", context.Message.BankHolidaysInWindow.Select(LondonTime.Show))})" : ""));

    /// <summary>Social care or the family will take over at the limit: the handover pack for them is made ready with the warning.</summary>
    public Task Consume(ConsumeContext<Escalation.CoverLimitWarning> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-warning", ByEscalation,
        $"{context.Message.HoursBeforeLimit} hours until the cover limit ({LondonTime.Show(context.Message.LimitAt)})",
        prepared: occasionAt => new HandoverPackPrepared(context.Message.ActivationId, HandoverPackOccasion.CoverLimitNear, context.Message.HoursBeforeLimit, occasionAt));

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-reached", ByEscalation,
        "Cover limit reached with no longer-term care arranged. Cover continues.");

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-escalated", ByEscalation,
        $"Cover limit breach still unresolved (escalation {context.Message.Repeat})");

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) => Record(
        context, context.Message.ActivationId, EscalationService, "unstaffed-too-long", ByEscalation,
        $"No worker on site yet, though the activation opened at {LondonTime.Show(context.Message.OpenedAt)}");

    public Task Consume(ConsumeContext<Rostering.OfferSent> context)
    {
        var offer = context.Message;
        return Record(
            context, offer.ActivationId, RosteringService, "offer-sent", offer.ChosenBy ?? ByRostering,
            $"Offer {offer.Attempt} sent to {offer.WorkerName}{(offer.ChosenBy is null ? "" : $", chosen by {offer.ChosenBy}")}; answer due by {LondonTime.Show(offer.DeadlineAt)}{(offer.Provider is null ? "" : $" (sent by {offer.Provider})")}");
    }

    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context) => Record(
        context, context.Message.ActivationId, RosteringService, "offer-accepted", Named(context.Message.WorkerName),
        $"{Named(context.Message.WorkerName)} accepted and is on the way" +
        (context.Message.PlacesNeeded > 1 ? $" ({context.Message.PlacesFilled} of {context.Message.PlacesNeeded} places filled)" : ""));

    public Task Consume(ConsumeContext<Rostering.OfferDeclined> context) => Record(
        context, context.Message.ActivationId, RosteringService, "offer-declined", Named(context.Message.WorkerName),
        $"{Named(context.Message.WorkerName)} declined ({Reason(context.Message.Why)})");

    public Task Consume(ConsumeContext<Rostering.OfferExpired> context) => Record(
        context, context.Message.ActivationId, RosteringService, "offer-expired", ByRostering,
        $"Offer to {Named(context.Message.WorkerName)} lapsed ({Reason(context.Message.Why)})");

    public Task Consume(ConsumeContext<Rostering.DispatchEscalated> context) => Record(
        context, context.Message.ActivationId, RosteringService, "dispatch-escalated", ByRostering,
        $"Finding staff escalated (level {context.Message.Level}): {Reason(context.Message.Reason)}");

    public Task Consume(ConsumeContext<Rostering.WorkerArrived> context) => Record(
        context, context.Message.ActivationId, RosteringService, "worker-arrived", Named(context.Message.WorkerName),
        Arrival(context.Message));

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

    public Task Consume(ConsumeContext<Rostering.WorkerLeft> context) => Record(
        context, context.Message.ActivationId, RosteringService, "worker-left", Named(context.Message.WorkerName),
        $"{Named(context.Message.WorkerName)} left" +
        (context.Message.PlacesNeeded > 1 ? $" ({context.Message.PlacesFilled} of {context.Message.PlacesNeeded} places filled, {context.Message.OnSiteNow} on site)" : ""));

    public Task Consume(ConsumeContext<Rostering.HandoverRecorded> context)
    {
        var handover = context.Message;
        var to = handover.IncomingWorkerId is null ? "" : $" to {Named(handover.IncomingWorkerName)}";
        return Record(
            context, handover.ActivationId, RosteringService, "handover-recorded", Named(handover.OutgoingWorkerName),
            $"{Named(handover.OutgoingWorkerName)} handed over{to}: {ServiceReported.DetailsGoHere} (awaiting sign-off)", handover.Notes);
    }

    public Task Consume(ConsumeContext<Rostering.HandoverSignedOff> context) => Record(
        context, context.Message.ActivationId, RosteringService, "handover-signed-off", context.Message.SignedOffBy,
        $"Handover signed off by {context.Message.SignedOffBy}{(context.Message.Comment is null ? "" : $": {ServiceReported.DetailsGoHere}")}",
        context.Message.Comment);

    public Task Consume(ConsumeContext<Rostering.HandoverQueried> context) => Record(
        context, context.Message.ActivationId, RosteringService, "handover-queried", context.Message.QueriedBy,
        $"Handover queried by {context.Message.QueriedBy}: {ServiceReported.DetailsGoHere}", context.Message.Comment);

    public Task Consume(ConsumeContext<Rostering.PlanLinkOpened> context) => Record(
        context, context.Message.ActivationId, RosteringService, "plan-link-opened", Named(context.Message.WorkerName),
        $"{Named(context.Message.WorkerName)} opened the plan link from {context.Message.From}"
        + (context.Message.UserAgent is { } browser ? $" ({browser})" : ""));

    public Task Consume(ConsumeContext<Rostering.NobodyOnSite> context) => Record(
        context, context.Message.ActivationId, RosteringService, "nobody-on-site", ByRostering,
        $"Nobody on site since {LondonTime.Show(context.Message.Since)} ({Named(context.Message.LastWorkerName)} left): a replacement is being sought");

    public Task Consume(ConsumeContext<Rostering.AlarmRaised> context) => Record(
        context, context.Message.ActivationId ?? Guid.Empty, RosteringService, "alarm-raised", ByRostering,
        $"Alarm {context.Message.Code} raised: {context.Message.Summary}");

    /// <summary>Only a message a provider accepted says someone was paged.</summary>
    public Task Consume(ConsumeContext<Rostering.AlarmPaged> context) => Record(
        context, context.Message.ActivationId ?? Guid.Empty, RosteringService, "alarm-paged", ByRostering,
        $"{context.Message.PersonName} ({PlainWords.Of(context.Message.Role)}) paged by {Channel(context.Message.Channel)} for alarm {context.Message.Code} (accepted by {context.Message.Provider})");

    public Task Consume(ConsumeContext<Rostering.AlarmNotDelivered> context) => Record(
        context, context.Message.ActivationId ?? Guid.Empty, RosteringService, "alarm-not-delivered", ByRostering,
        $"Could not page {context.Message.PersonName} ({PlainWords.Of(context.Message.Role)}) by {Channel(context.Message.Channel)} for alarm {context.Message.Code}: {context.Message.Why}");

    public Task Consume(ConsumeContext<Rostering.AlarmAcknowledged> context) => Record(
        context, context.Message.ActivationId ?? Guid.Empty, RosteringService, "alarm-acknowledged", context.Message.By,
        $"Alarm {context.Message.Code} acknowledged by {context.Message.By} ({Via(context.Message.Via)})");

    public Task Consume(ConsumeContext<Rostering.AlarmStoodDown> context) => Record(
        context, context.Message.ActivationId ?? Guid.Empty, RosteringService, "alarm-stood-down", ByRostering,
        $"Alarm {context.Message.Code} stood down: {context.Message.Why}");

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
        ConsumeContext context, Guid activationId, string source, string step, string? doneBy, string summary, string? details = null,
        Func<Instant, object>? prepared = null) =>
        commits.ApplyAsync(context, nameof(RecordOnTimeline), async (session, cancellationToken) =>
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

            var reported = new ServiceReported(
                activationId, source, step, summary, context.MessageId!.Value, now, sealedDetails, doneBy,
                context.Headers.Get<long>(ContractPublisher.SourceSequenceHeader, null));
            return writing =>
            {
                if (madeKey is not null)
                {
                    writing.Insert(madeKey);
                }

                // Its id is made from the message's: a redelivery's entry collides on the event ids' unique index and the
                // message ends as handled, with no handled record of its own.
                writing.Events.Append(activationId, new JasperFx.Events.Event<ServiceReported>(reported) { Id = EntryId(context.MessageId!.Value) });
                if (prepared is not null)
                {
                    writing.Events.Append(activationId, prepared(now));
                }
            };
        }, handledInDocuments: true);

    public static Guid EntryId(Guid messageId) => DeterministicGuid.From($"crisis-intake/timeline/{messageId:N}");
}
