using Cers.Dispatch.Rostering.Alarms.Acknowledging;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Texting;

/// <summary>
/// GET or POST /vonage/sms/inbound: an SMS that reached us through Vonage (the second provider): <c>msisdn</c> (the sender,
/// without the plus), <c>messageId</c>, <c>text</c>. It is read exactly as one through Twilio. Vonage takes no reply in the
/// answer, so the reply is owed as an SMS of its own; Vonage retries until it gets 200, and a message id seen before
/// changes nothing and sends nothing again.
/// </summary>
public static class ReceivingVonageSms
{
    public static async Task<IResult> Handle(
        HttpRequest request, DispatchDesk desk, IDocumentStore store, PersonalDataVault vault, AlarmAcknowledgements alarms, WorkQueue queue, IClock clock,
        CancellationToken cancellationToken)
    {
        var fields = request.HasFormContentType ? (await request.ReadFormAsync(cancellationToken)).ToDictionary(f => f.Key, f => f.Value.ToString())
            : request.Query.ToDictionary(f => f.Key, f => f.Value.ToString());
        var messageId = fields.GetValueOrDefault("messageId");
        var msisdn = fields.GetValueOrDefault("msisdn");
        if (string.IsNullOrWhiteSpace(messageId) || string.IsNullOrWhiteSpace(msisdn))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "messageId and msisdn are required.");
        }

        var from = msisdn.StartsWith('+') ? msisdn : $"+{msisdn}";
        var sid = $"vonage:{messageId}";
        var reply = await ReceivingSms.AnswerAsync(sid, from, fields.GetValueOrDefault("text") ?? "", desk, store, vault, alarms, clock, cancellationToken);
        if (!string.IsNullOrEmpty(reply))
        {
            await using var session = store.LightweightSession();
            queue.Send(session, DeterministicGuid.From($"rostering/reply/{sid}"), null, new OutgoingMessage(MessageChannel.Sms, from, reply, "reply", Guid.Empty), clock.GetCurrentInstant());
            await session.SaveChangesAsync(cancellationToken);
        }

        return Results.Ok();
    }
}
