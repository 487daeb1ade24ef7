using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.Contracts;
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
/// Rostering's and escalation's steps that are news come in their news, about a second of each in one delivery; the
/// others (alarms, handovers, the plan link, the cover-limit warning) each on its own. A step of the news is heard only
/// there, though some are published on their own as well (an arrival, which escalation acts on): the endpoint is not
/// bound to them (<see cref="RecordOnTimelineDefinition"/>), and one queued on its own before is recorded unless its
/// news tells it too (<see cref="RecordOne"/>). Steps arriving together are stored
/// in one commit (<see cref="GroupCommit"/>). They can reach crisis intake in another order than they were taken (two
/// services' news of one second, different streams published side by side, a commit that failed and is stored again
/// after the rest), so each keeps where and when its service stored it, and the timeline is read in that order
/// (<see cref="GettingTimeline.TimelineOrder"/>).
/// </para>
/// </summary>
public sealed class RecordOnTimeline(GroupCommit commits, PersonalDataVault vault, KnownActivations activations, IClock clock) :
    IConsumer<News<Rostering.IRosteringNews>>,
    IConsumer<News<Escalation.IEscalationNews>>,
    IConsumer<Escalation.CoverLimitSet>,
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
    IConsumer<Rostering.NobodyOnSite>,
    IConsumer<Escalation.CoverLimitWarning>,
    IConsumer<Rostering.HandoverRecorded>,
    IConsumer<Rostering.HandoverSignedOff>,
    IConsumer<Rostering.HandoverQueried>,
    IConsumer<Rostering.PlanLinkOpened>,
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

    public Task Consume(ConsumeContext<News<Rostering.IRosteringNews>> context) => RecordEach(context, context.Message);

    public Task Consume(ConsumeContext<News<Escalation.IEscalationNews>> context) => RecordEach(context, context.Message);

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.OfferSent> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.OfferAccepted> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.OfferDeclined> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.OfferExpired> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.DispatchEscalated> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.WorkerArrived> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.WorkerLeft> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.NobodyOnSite> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Escalation.CoverLimitWarning> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.HandoverRecorded> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.HandoverSignedOff> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.HandoverQueried> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.PlanLinkOpened> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.AlarmRaised> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.AlarmPaged> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.AlarmNotDelivered> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.AlarmAcknowledged> context) => RecordOne(context, context.Message);

    public Task Consume(ConsumeContext<Rostering.AlarmStoodDown> context) => RecordOne(context, context.Message);

    /// <summary>A step on the timeline: the activation, the service, what it was called, who took it and what it was.</summary>
    private sealed record Step(
        Guid ActivationId, string Source, string Name, string? DoneBy, string Summary, string? Details = null, Func<Instant, object>? Prepared = null);

    /// <summary>The step a message reports, or none (the start of cover: the arrival that started it says so).</summary>
    private static Step? StepOf(object message) => message switch
    {
        Escalation.CoverLimitSet set => new(
            set.ActivationId, EscalationService, "cover-limit-set", ByEscalation,
            $"Cover limit {set.LimitHours} hours: until {LondonTime.Show(set.LimitAt)}"
            + (set.BankHolidaysInWindow.Count > 0 ? $" (bank holiday {string.Join(", ", set.BankHolidaysInWindow.Select(LondonTime.Show))})" : "")),

        // Social care or the family will take over at the limit: the handover pack for them is made ready with the warning.
        Escalation.CoverLimitWarning warning => new(
            warning.ActivationId, EscalationService, "cover-limit-warning", ByEscalation,
            $"{warning.HoursBeforeLimit} hours until the cover limit ({LondonTime.Show(warning.LimitAt)})",
            Prepared: occasionAt => new HandoverPackPrepared(warning.ActivationId, HandoverPackOccasion.CoverLimitNear, warning.HoursBeforeLimit, occasionAt)),
        Escalation.CoverLimitReached reached => new(
            reached.ActivationId, EscalationService, "cover-limit-reached", ByEscalation,
            "Cover limit reached with no longer-term care arranged. Cover continues."),
        Escalation.CoverLimitEscalated escalated => new(
            escalated.ActivationId, EscalationService, "cover-limit-escalated", ByEscalation,
            $"Cover limit breach still unresolved (escalation {escalated.Repeat})"),
        Escalation.ActivationUnstaffedTooLong unstaffed => new(
            unstaffed.ActivationId, EscalationService, "unstaffed-too-long", ByEscalation,
            $"No worker on site yet, though the activation opened at {LondonTime.Show(unstaffed.OpenedAt)}"),
        Rostering.OfferSent offer => new(
            offer.ActivationId, RosteringService, "offer-sent", offer.ChosenBy ?? ByRostering,
            $"Offer {offer.Attempt} sent to {offer.WorkerName}{(offer.ChosenBy is null ? "" : $", chosen by {offer.ChosenBy}")}; answer due by {LondonTime.Show(offer.DeadlineAt)}{(offer.Provider is null ? "" : $" (sent by {offer.Provider})")}"),
        Rostering.OfferAccepted accepted => new(
            accepted.ActivationId, RosteringService, "offer-accepted", Named(accepted.WorkerName),
            $"{Named(accepted.WorkerName)} accepted and is on the way" +
            (accepted.PlacesNeeded > 1 ? $" ({accepted.PlacesFilled} of {accepted.PlacesNeeded} places filled)" : "")),
        Rostering.OfferDeclined declined => new(
            declined.ActivationId, RosteringService, "offer-declined", Named(declined.WorkerName),
            $"{Named(declined.WorkerName)} declined ({Reason(declined.Why)})"),
        Rostering.OfferExpired expired => new(
            expired.ActivationId, RosteringService, "offer-expired", ByRostering,
            $"Offer to {Named(expired.WorkerName)} lapsed ({Reason(expired.Why)})"),
        Rostering.DispatchEscalated escalated => new(
            escalated.ActivationId, RosteringService, "dispatch-escalated", ByRostering,
            $"Finding staff escalated (level {escalated.Level}): {Reason(escalated.Reason)}"),
        Rostering.WorkerArrived arrived => new(
            arrived.ActivationId, RosteringService, "worker-arrived", Named(arrived.WorkerName), Arrival(arrived)),
        Rostering.WorkerLeft left => new(
            left.ActivationId, RosteringService, "worker-left", Named(left.WorkerName),
            $"{Named(left.WorkerName)} left" +
            (left.PlacesNeeded > 1 ? $" ({left.PlacesFilled} of {left.PlacesNeeded} places filled, {left.OnSiteNow} on site)" : "")),
        Rostering.HandoverRecorded handover => new(
            handover.ActivationId, RosteringService, "handover-recorded", Named(handover.OutgoingWorkerName),
            $"{Named(handover.OutgoingWorkerName)} handed over{(handover.IncomingWorkerId is null ? "" : $" to {Named(handover.IncomingWorkerName)}")}: {ServiceReported.DetailsGoHere} (awaiting sign-off)",
            handover.Notes),
        Rostering.HandoverSignedOff signedOff => new(
            signedOff.ActivationId, RosteringService, "handover-signed-off", signedOff.SignedOffBy,
            $"Handover signed off by {signedOff.SignedOffBy}{(signedOff.Comment is null ? "" : $": {ServiceReported.DetailsGoHere}")}",
            signedOff.Comment),
        Rostering.HandoverQueried queried => new(
            queried.ActivationId, RosteringService, "handover-queried", queried.QueriedBy,
            $"Handover queried by {queried.QueriedBy}: {ServiceReported.DetailsGoHere}", queried.Comment),
        Rostering.PlanLinkOpened opened => new(
            opened.ActivationId, RosteringService, "plan-link-opened", Named(opened.WorkerName),
            $"{Named(opened.WorkerName)} opened the plan link from {opened.From}" + (opened.UserAgent is { } browser ? $" ({browser})" : "")),
        Rostering.NobodyOnSite nobody => new(
            nobody.ActivationId, RosteringService, "nobody-on-site", ByRostering,
            $"Nobody on site since {LondonTime.Show(nobody.Since)} ({Named(nobody.LastWorkerName)} left): a replacement is being sought"),
        Rostering.AlarmRaised raised => new(
            raised.ActivationId ?? Guid.Empty, RosteringService, "alarm-raised", ByRostering, $"Alarm {raised.Code} raised: {raised.Summary}"),

        // Only a message a provider accepted says someone was paged.
        Rostering.AlarmPaged paged => new(
            paged.ActivationId ?? Guid.Empty, RosteringService, "alarm-paged", ByRostering,
            $"{paged.PersonName} ({PlainWords.Of(paged.Role)}) paged by {Channel(paged.Channel)} for alarm {paged.Code} (accepted by {paged.Provider})"),
        Rostering.AlarmNotDelivered notDelivered => new(
            notDelivered.ActivationId ?? Guid.Empty, RosteringService, "alarm-not-delivered", ByRostering,
            $"Could not page {notDelivered.PersonName} ({PlainWords.Of(notDelivered.Role)}) by {Channel(notDelivered.Channel)} for alarm {notDelivered.Code}: {notDelivered.Why}"),
        Rostering.AlarmAcknowledged acknowledged => new(
            acknowledged.ActivationId ?? Guid.Empty, RosteringService, "alarm-acknowledged", acknowledged.By,
            $"Alarm {acknowledged.Code} acknowledged by {acknowledged.By} ({Via(acknowledged.Via)})"),
        Rostering.AlarmStoodDown stoodDown => new(
            stoodDown.ActivationId ?? Guid.Empty, RosteringService, "alarm-stood-down", ByRostering,
            $"Alarm {stoodDown.Code} stood down: {stoodDown.Why}"),
        _ => null,
    };

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

    private Task RecordEach<TMessage>(ConsumeContext context, News<TMessage> news)
        where TMessage : class =>
        ItemInNews.TakeEachItemAsync(news, (item, told) => Record(context, item, WhereStored.Of(told), StepOf(told.Message)));

    /// <summary>
    /// A message that came on its own. One of the news was queued here before this version stopped hearing such steps on
    /// their own (<see cref="RecordOnTimelineDefinition"/>): if it says where its relay stored it, that relay told it in
    /// the news too, and it is taken from there; one without that word comes from a relay of an older version and is
    /// recorded (should its news come as well, the entry's id collides and it is handled).
    /// </summary>
    private Task RecordOne(ConsumeContext context, object message)
    {
        var stored = WhereStored.Of(context);
        return stored is not null && IsNews(message.GetType())
            ? Task.CompletedTask
            : Record(context, ItemInNews.Alone(context), stored, StepOf(message));
    }

    /// <summary>Whether rostering or escalation tells messages of this type in its news, which the timeline takes in.</summary>
    internal static bool IsNews(Type message) =>
        typeof(Rostering.IRosteringNews).IsAssignableFrom(message) || typeof(Escalation.IEscalationNews).IsAssignableFrom(message);

    /// <summary>A step about no activation this service knows (an alarm about no call) is not recorded.</summary>
    private Task Record(ConsumeContext context, ItemInNews item, WhereStored? stored, Step? step) => step is null
        ? Task.CompletedTask
        : commits.ApplyAsync(context, item, nameof(RecordOnTimeline), async (session, cancellationToken) =>
        {
            if (!await activations.ExistsAsync(session, step.ActivationId, cancellationToken))
            {
                return null;
            }

            var now = clock.GetCurrentInstant();
            Sealed<string>? sealedDetails = null;
            DataKey? madeKey = null;
            if (step.Details is not null)
            {
                (var key, madeKey) = await vault.KeyToSealWithAsync(session, ActivationPrivacy.Subject(step.ActivationId), cancellationToken);
                sealedDetails = key.Seal(step.Details);
            }

            var reported = new ServiceReported(
                step.ActivationId, step.Source, step.Name, step.Summary, item.MessageId, now, sealedDetails, step.DoneBy, stored?.Sequence, stored?.At);
            return writing =>
            {
                if (madeKey is not null)
                {
                    writing.Insert(madeKey);
                }

                // Its id is made from the message's: a redelivery's entry collides on the event ids' unique index and the
                // message ends as handled, with no handled record of its own.
                writing.Events.Append(step.ActivationId, new JasperFx.Events.Event<ServiceReported>(reported) { Id = EntryId(item.MessageId) });
                if (step.Prepared is not null)
                {
                    writing.Events.Append(step.ActivationId, step.Prepared(now));
                }
            };
        }, handledInDocuments: true);

    public static Guid EntryId(Guid messageId) => DeterministicGuid.From($"crisis-intake/timeline/{messageId:N}");
}
