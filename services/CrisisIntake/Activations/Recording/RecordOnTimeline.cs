using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using NodaTime;
using Escalation = Cers.Dispatch.Contracts.Escalation;

namespace Cers.Dispatch.CrisisIntake.Activations.Recording;

/// <summary>
/// Records what other services report about an activation on the activation's own stream, so its timeline shows every
/// step in order with the service it came from. Idempotent on the message id.
/// </summary>
public sealed class RecordOnTimeline(IDocumentSession session, IClock clock) :
    IConsumer<Escalation.CoverLimitSet>,
    IConsumer<Escalation.CoverLimitWarning>,
    IConsumer<Escalation.CoverLimitReached>,
    IConsumer<Escalation.CoverLimitEscalated>,
    IConsumer<Escalation.ActivationUnstaffedTooLong>
{
    private const string EscalationService = "escalation";

    public Task Consume(ConsumeContext<Escalation.CoverLimitSet> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-set",
        $"Cover limit {context.Message.LimitHours} hours: until {LondonTime.Show(context.Message.LimitAt)}"
        + (context.Message.BankHolidaysInWindow.Count > 0 ? $" (bank holiday {string.Join(", ", context.Message.BankHolidaysInWindow.Select(LondonTime.Show))})" : ""));

    public Task Consume(ConsumeContext<Escalation.CoverLimitWarning> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-warning",
        $"{context.Message.HoursBeforeLimit} hours until the cover limit ({LondonTime.Show(context.Message.LimitAt)}): on-call coordinator warned");

    public Task Consume(ConsumeContext<Escalation.CoverLimitReached> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-reached",
        "Cover limit reached with no longer-term care arranged. Cover continues.");

    public Task Consume(ConsumeContext<Escalation.CoverLimitEscalated> context) => Record(
        context, context.Message.ActivationId, EscalationService, "cover-limit-escalated",
        $"Limit breach escalated to {string.Join(" and ", context.Message.Notify)} (escalation {context.Message.Repeat})");

    public Task Consume(ConsumeContext<Escalation.ActivationUnstaffedTooLong> context) => Record(
        context, context.Message.ActivationId, EscalationService, "unstaffed-too-long",
        $"No worker on site since the activation opened at {LondonTime.Show(context.Message.OpenedAt)}: escalated");

    private async Task Record(ConsumeContext context, Guid activationId, string source, string step, string summary)
    {
        var now = clock.GetCurrentInstant();
        if (await session.Events.FetchStreamStateAsync(activationId, context.CancellationToken) is null
            || !await session.TryMarkHandledAsync(context, nameof(RecordOnTimeline), now))
        {
            return;
        }

        session.Events.Append(activationId, new ServiceReported(activationId, source, step, summary, context.MessageId!.Value, now));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
