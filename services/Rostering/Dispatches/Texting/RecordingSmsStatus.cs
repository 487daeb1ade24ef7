using Cers.Dispatch.Rostering.Dispatches.Offering;

namespace Cers.Dispatch.Rostering.Dispatches.Texting;

/// <summary>
/// POST /twilio/sms/status?activationId=&amp;offerId=: Twilio's delivery callbacks for an offer's SMS, kept as receipts
/// (<see cref="SmsReceipts"/>). A failed or undelivered offer moves on at once instead of waiting for its deadline. Each
/// status of an offer counts once.
/// </summary>
public static class RecordingSmsStatus
{
    public static async Task<IResult> Handle(
        HttpRequest request, Guid? activationId, Guid? offerId, DispatchDesk desk, SmsReceipts receipts, NodaTime.IClock clock, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(sid) || string.IsNullOrWhiteSpace(status) || activationId is null || offerId is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "MessageSid, MessageStatus, activationId and offerId are required.");
        }

        var errorCode = form["ErrorCode"].ToString() is { Length: > 0 } code ? code : null;
        await receipts.RecordAsync(activationId.Value, offerId.Value, sid, status, errorCode, clock.GetCurrentInstant(), cancellationToken);
        if (!SmsReceipts.IsFailure(status))
        {
            return Results.NoContent();
        }

        await desk.ExecuteAsync(activationId.Value, async work =>
        {
            // A status the offer has recorded already records nothing again (OfferDecider.DeliveryStatus), and a decision
            // that records nothing stores nothing: a repeated callback needs no record of its own.
            if (work.Dispatch is null)
            {
                return false;
            }

            var outcome = OfferDecider.DeliveryStatus(work.Dispatch, offerId.Value, sid, status, errorCode, work.Now);
            work.Record(outcome.Events);
            if (outcome.MoveOn)
            {
                await desk.MoveOnAsync(work, cancellationToken);
            }

            return true;
        }, cancellationToken);
        return Results.NoContent();
    }
}
