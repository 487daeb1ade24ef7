using Cers.Dispatch.Rostering.Alarms.Paging;
using Cers.Dispatch.Rostering.Alarms.Raising;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using CardLookup = Cers.Dispatch.Contracts.CardLookup;
using Escalation = Cers.Dispatch.Contracts.Escalation;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.Rostering.Alarms.Sources;

/// <summary>
/// The other services' alarms, each turned into a page that climbs until a person answers: the cover-limit warnings and
/// its breach (escalation), no worker on site in time (escalation), card guessing (card lookup), and safeguarding
/// concerns (crisis intake; the area's safeguarding lead first). Raising is idempotent on the alarm's key.
/// </summary>
public sealed class RaisingAlarms(IDocumentSession session, AlarmRaiser raiser, IClock clock) :
    IConsumer<Escalation.CoverLimitWarning>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>,
    IConsumer<CardLookup.CardGuessingSuspected>,
    IConsumer<Intake.SafeguardingConcernRaised>
{
    public async Task Consume(ConsumeContext<Escalation.CoverLimitWarning> context)
    {
        var warning = context.Message;
        var about = await AboutAsync(warning.ActivationId, context.CancellationToken);
        await RaiseAsync(new RaiseAlarm(
            AlarmKinds.CoverLimitWarning,
            $"cover-limit-warning/{warning.ActivationId:N}/{warning.HoursBeforeLimit}/{warning.LimitAt.ToUnixTimeTicks()}",
            warning.ActivationId,
            $"Cover {about} reaches its limit in {warning.HoursBeforeLimit} h, at {LondonTime.Show(warning.LimitAt)}. Arrange longer-term care or extend it."),
            context.CancellationToken);
    }

    /// <summary>
    /// Escalation repeats the breach for as long as it lasts: a repeat while the last breach alarm is still unanswered adds
    /// nothing (that alarm is already climbing); one after somebody answered raises it afresh.
    /// </summary>
    public async Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context)
    {
        var breach = context.Message;
        if (await AlarmRaiser.IsOpenAsync(session, breach.ActivationId, AlarmKinds.CoverLimitBreach, context.CancellationToken))
        {
            return;
        }

        var about = await AboutAsync(breach.ActivationId, context.CancellationToken);
        await RaiseAsync(new RaiseAlarm(
            AlarmKinds.CoverLimitBreach,
            $"cover-limit-breach/{breach.ActivationId:N}/{breach.At.ToUnixTimeTicks()}",
            breach.ActivationId,
            $"Cover {about} is past its limit with no longer-term care arranged{(breach.Repeat > 1 ? $" (reminder {breach.Repeat})" : "")}. Cover carries on: arrange care now."),
            context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context)
    {
        var unstaffed = context.Message;
        var about = await AboutAsync(unstaffed.ActivationId, context.CancellationToken);
        await RaiseAsync(new RaiseAlarm(
            AlarmKinds.NoWorkerOnSiteInTime,
            $"no-worker-on-site-in-time/{unstaffed.ActivationId:N}/{unstaffed.At.ToUnixTimeTicks()}",
            unstaffed.ActivationId,
            $"No worker is on site {about}, opened {LondonTime.Show(unstaffed.OpenedAt)}. Find someone now."),
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<CardLookup.CardGuessingSuspected> context)
    {
        var guessing = context.Message;
        return RaiseAsync(new RaiseAlarm(
            AlarmKinds.CardGuessing,
            $"card-guessing/{guessing.AlertId:N}",
            null,
            $"{guessing.InvalidAttempts} wrong card numbers in {guessing.WindowMinutes} min from {guessing.RequestedBy} ({guessing.Channel}). Someone may be guessing cards to find a home.",
            PagingAudience.DutyManagers),
            context.CancellationToken);
    }

    public Task Consume(ConsumeContext<Intake.SafeguardingConcernRaised> context)
    {
        var concern = context.Message;
        var lead = new PagedPerson(concern.LeadName, concern.LeadPhone, "safeguarding-lead");
        return RaiseAsync(new RaiseAlarm(
            AlarmKinds.Safeguarding,
            $"safeguarding/{concern.ConcernId:N}",
            concern.ActivationId,
            $"Safeguarding concern ({concern.Subject.ToLowerInvariant()}, {concern.Category}) raised by {concern.RaisedBy}" +
            $"{(concern.ImmediateDanger ? ". IMMEDIATE DANGER: 999" : "")}. Refer: {concern.ReferralRouteName} {concern.ReferralRoutePhone}. Details in the console.",
            PagingAudience.Named,
            [lead]),
            context.CancellationToken);
    }

    private async Task RaiseAsync(RaiseAlarm raise, CancellationToken cancellationToken)
    {
        if (await raiser.RaiseAsync(session, raise, clock.GetCurrentInstant(), cancellationToken))
        {
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>"in CB1 Cambridge (ref 1a2b3c4d)": the area only, never an address, with a reference the console finds.</summary>
    private async Task<string> AboutAsync(Guid activationId, CancellationToken cancellationToken)
    {
        var dispatch = await session.LoadAsync<StaffDispatch>(activationId, cancellationToken);
        return AlarmTexts.About(dispatch?.Area, activationId);
    }
}
