using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Marten;
using MassTransit;
using NodaTime;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.CrisisIntake.Activations.Safeguarding;

/// <summary>
/// Tells the safeguarding lead of every concern at once: an SMS (no details of what was said; those stay in the
/// console) and, when someone is in immediate danger, a phone call too. Recorded on the activation.
/// </summary>
public sealed class TellSafeguardingLead(IDocumentSession session, TwilioRestClient twilio, IClock clock) : IConsumer<Published.SafeguardingConcernRaised>
{
    public async Task Consume(ConsumeContext<Published.SafeguardingConcernRaised> context)
    {
        var concern = context.Message;
        if (!await session.TryMarkHandledAsync(context, nameof(TellSafeguardingLead), clock.GetCurrentInstant()))
        {
            return;
        }

        var text = $"CERS safeguarding concern ({concern.Subject.ToLowerInvariant()}, {concern.Category}) raised by {concern.RaisedBy}"
            + $"{(concern.ImmediateDanger ? " - IMMEDIATE DANGER, 999" : "")}. Refer: {concern.ReferralRouteName} {concern.ReferralRoutePhone}. Details in the console, activation {concern.ActivationId:N}.";
        var sms = await twilio.SendSmsAsync(concern.LeadPhone, text, null, context.CancellationToken);
        if (concern.ImmediateDanger)
        {
            await twilio.PlaceCallAsync(
                concern.LeadPhone,
                "<Response><Say language=\"en-GB\">Carers emergency service. A safeguarding concern with someone in immediate danger has been raised. Please check your messages and the console now.</Say></Response>",
                context.CancellationToken);
        }

        session.Events.Append(concern.ActivationId, new SafeguardingLeadNotified(concern.ActivationId, concern.ConcernId, concern.LeadName, concern.LeadPhone, sms.Sid, concern.ImmediateDanger, clock.GetCurrentInstant()));
        await session.SaveChangesAsync(context.CancellationToken);
    }
}
