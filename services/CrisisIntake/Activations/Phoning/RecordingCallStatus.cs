using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>POST /twilio/voice/status: Twilio's call status callbacks, recorded once each on the call's activation.</summary>
public static class RecordingCallStatus
{
    public static async Task<IResult> Handle(HttpRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var callSid = form["CallSid"].ToString();
        var status = form["CallStatus"].ToString();
        if (string.IsNullOrWhiteSpace(callSid) || string.IsNullOrWhiteSpace(status))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CallSid and CallStatus are required.");
        }

        int? duration = int.TryParse(form["CallDuration"].ToString(), out var seconds) ? seconds : null;

        // Twilio does not send a status again when this fails: one meeting another step on the activation is recorded again.
        return await StreamConflicts.DecideAgainOnConflictAsync(session, () => RecordAsync(callSid, status, duration, session, clock, cancellationToken), cancellationToken);
    }

    private static async Task<IResult> RecordAsync(string callSid, string status, int? duration, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<PhoneCall>(callSid, cancellationToken) is not { ActivationId: { } activationId } call)
        {
            // The call never reached an activation (caller hung up while greeted): nothing to record it on.
            return Results.NoContent();
        }

        var seen = call.StatusesSeen ?? [];
        if (seen.Contains(status))
        {
            return Results.NoContent();
        }

        session.Events.Append(activationId, new CallStatusRecorded(activationId, callSid, status, duration, clock.GetCurrentInstant()));
        session.Store(call with { StatusesSeen = [.. seen, status] });
        await session.SaveChangesAsync(cancellationToken);
        return Results.NoContent();
    }
}
