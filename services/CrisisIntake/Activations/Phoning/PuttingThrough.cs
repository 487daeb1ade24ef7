using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// Puts the caller through to a human: each on-call coordinator in rota order, then the duty manager, then round again.
/// An emergency call never ends with nobody on the other end.
/// </summary>
public static class PuttingThrough
{
    public static IResult Connect(PhoneCall call, string opening) =>
        TwiML.Respond(TwiML.Say(opening), TwiML.Dial(call.DialAttempt, call.ContactFor(call.DialAttempt).Phone));

    /// <summary>POST /twilio/voice/dial-status?attempt=N: Twilio tells us how the dialled leg ended.</summary>
    public static async Task<IResult> Handle(int attempt, HttpRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var callSid = form["CallSid"].ToString();
        var dialStatus = form["DialCallStatus"].ToString();
        if (await session.LoadAsync<PhoneCall>(callSid, cancellationToken) is not { ActivationId: { } activationId, Chain.Count: > 0 } call)
        {
            return TwiML.Respond(TwiML.Redirect("/twilio/voice/card?attempt=2"));
        }

        if (attempt < call.DialAttempt || call.CoordinatorAnswered)
        {
            // A retried callback: answer as before, record nothing twice.
            return call.CoordinatorAnswered ? TwiML.Respond() : Connect(call, "Please stay on the line.");
        }

        var now = clock.GetCurrentInstant();
        var dialled = call.ContactFor(attempt);
        if (dialStatus is "completed" or "answered")
        {
            session.Events.Append(activationId, new CoordinatorAnswered(activationId, callSid, dialled.Name, dialled.Phone, now));
            session.Store(call with { CoordinatorAnswered = true });
            await session.SaveChangesAsync(cancellationToken);
            return TwiML.Respond();
        }

        var next = call with { DialAttempt = attempt + 1 };
        var nextContact = next.ContactFor(next.DialAttempt);
        session.Events.Append(
            activationId,
            new CoordinatorDidNotAnswer(activationId, callSid, dialled.Name, dialled.Phone, string.IsNullOrEmpty(dialStatus) ? "unknown" : dialStatus, now),
            new CoordinatorDialled(activationId, callSid, next.DialAttempt, nextContact.Name, nextContact.Phone, nextContact.Role, now));
        session.Store(next);
        await session.SaveChangesAsync(cancellationToken);
        return Connect(next, "Still connecting you. Please stay on the line.");
    }
}
