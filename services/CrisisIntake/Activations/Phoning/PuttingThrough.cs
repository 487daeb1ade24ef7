using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;
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
    public static async Task<IResult> Handle(
        int attempt, HttpRequest request, IDocumentSession session, CallJournal journal, StoringJournalledCalls journalled, OnCallRota onCall, IClock clock,
        CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var callSid = form["CallSid"].ToString();
        var dialStatus = form["DialCallStatus"].ToString();
        try
        {
            // The activation may be taking another step at this moment (a timeline entry): recorded again on what is then
            // stored, never failed, because Twilio ends the caller's call when this webhook fails.
            return await StreamConflicts.DecideAgainOnConflictAsync(
                session, () => RecordAsync(attempt, callSid, dialStatus, session, journal, journalled, clock, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && !cancellationToken.IsCancellationRequested)
        {
            // PostgreSQL is away: the caller is kept on the line, the next in the chain dialled, nothing recorded.
            return Answered(dialStatus)
                ? TwiML.Respond()
                : Connect(new PhoneCall(callSid, [], Chain: await onCall.ChainAsync(clock.GetCurrentInstant(), cancellationToken), DialAttempt: attempt + 1), "Still connecting you. Please stay on the line.");
        }
    }

    private static bool Answered(string dialStatus) => dialStatus is "completed" or "answered";

    private static async Task<IResult> RecordAsync(
        int attempt, string callSid, string dialStatus, IDocumentSession session, CallJournal journal, StoringJournalledCalls journalled, IClock clock,
        CancellationToken cancellationToken)
    {
        var stored = await session.LoadAsync<PhoneCall>(callSid, cancellationToken);
        if (stored is null && journal.Find(callSid) is { } kept)
        {
            // Answered while PostgreSQL was away and not stored yet: stored now, so what the dialled leg did is recorded on it.
            await journalled.StoreAsync(kept, cancellationToken);
            stored = await session.LoadAsync<PhoneCall>(callSid, cancellationToken);
        }

        if (stored is not { ActivationId: { } activationId, Chain.Count: > 0 } call)
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
        if (Answered(dialStatus))
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
