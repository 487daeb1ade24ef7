using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;

namespace Cers.Dispatch.Rostering.Dispatches.Sending;

/// <summary>
/// What became of an offer's SMS. Accepted by a provider: the worker's time to answer starts. Refused by every provider
/// (a number none can reach): the offer closes and the next worker is asked. Not getting through for a while: the offer
/// stays open and keeps being tried; nobody is moved on because a provider is down.
/// </summary>
public sealed class OfferSmsOutcomes(DispatchDesk desk, AlarmRaiser alarms, ILogger<OfferSmsOutcomes> logger) : IWorkHandler
{
    private static readonly string Sent = OutgoingKinds.Sent(DispatchDesk.OfferPurpose);
    private static readonly string Refused = OutgoingKinds.Refused(DispatchDesk.OfferPurpose);
    private static readonly string NotDelivered = OutgoingKinds.NotDelivered(DispatchDesk.OfferPurpose);

    public IReadOnlyList<string> Kinds { get; } = [Sent, Refused, NotDelivered];

    public bool DecidesOnItsStream => true;

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        var outcome = item.Read<MessageOutcome>();
        if (outcome.StreamId is not { } activationId)
        {
            return WorkOutcome.Done("no activation");
        }

        var offerId = outcome.Message.SubjectId;
        if (item.Kind == Sent)
        {
            await desk.ExecuteInAsync(context, activationId, async work =>
            {
                // The ten minutes run from when the provider took it, not from when this was recorded.
                work.Record(OfferDecider.SmsSent(work.Dispatch!, offerId, outcome.Provider!, outcome.Sid!, desk.Options, outcome.At));
                if (outcome.Attempts > 1)
                {
                    // Sent at the first try, it was never reported not getting through, so no alarm was raised for it.
                    await AlarmRaiser.StandDownAsync(work.Session, NotDeliveredKey(outcome), $"the offer SMS went by {outcome.Provider}", work.Now, cancellationToken);
                }
                return true;
            }, cancellationToken);
            return WorkOutcome.Done("offer sent");
        }

        if (item.Kind == Refused)
        {
            await desk.ExecuteInAsync(context, activationId, async work =>
            {
                var expired = OfferDecider.Expire(work.Dispatch!, offerId, "sms-refused", work.Now);
                work.Record(expired);
                if (expired.Count > 0)
                {
                    await desk.MoveOnAsync(work, cancellationToken);
                }

                return true;
            }, cancellationToken);
            return WorkOutcome.Done("offer closed: no provider would take its SMS");
        }

        logger.LogError("The SMS of offer {OfferId} (activation {ActivationId}) has not gone after {Attempts} tries: {Why}", offerId, activationId, outcome.Attempts, outcome.Why);
        var dispatch = await context.Session.LoadAsync<StaffDispatch>(activationId, cancellationToken);
        var worker = dispatch?.Offers.FirstOrDefault(o => o.OfferId == offerId)?.WorkerName ?? "a worker";
        await alarms.RaiseAsync(context.Session, new RaiseAlarm(
            AlarmKinds.MessageNotDelivered,
            NotDeliveredKey(outcome),
            activationId,
            $"The offer SMS to {worker} {AlarmTexts.About(dispatch?.Area, activationId)} has not gone after {outcome.Attempts} tries: every SMS provider is failing. " +
            "It is still being tried. Phone the worker, or choose another in the console."),
            context.Now, cancellationToken);
        return WorkOutcome.Done("alarm raised");
    }

    private static string NotDeliveredKey(MessageOutcome outcome) => $"message-not-delivered/{outcome.MessageId:N}";
}
