using Cers.Dispatch.CrisisIntake.Collaborators;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// POST /twilio/voice/card?attempt=N: the digits (or speech) gathered. A recognised card opens the activation; a
/// number not recognised is asked for once more; after that, or on silence, the caller goes straight to the on-call
/// coordinator with the activation marked "card not identified".
/// </summary>
public static class TakingCardNumber
{
    public const int Tries = 2;

    public static async Task<IResult> Handle(
        int attempt, HttpRequest request, IDocumentSession session, ActivationDesk desk, CardLookupClient cardLookup, OnCallRota onCall,
        IClock clock, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var callSid = form["CallSid"].ToString();
        var from = form["From"].ToString();
        if (string.IsNullOrWhiteSpace(callSid))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CallSid is required.");
        }

        var call = await session.LoadAsync<PhoneCall>(callSid, cancellationToken) ?? new PhoneCall(callSid, []);
        if (call.ActivationId is not null)
        {
            return PuttingThrough.Connect(call, "Connecting you to the on-call coordinator.");
        }

        var heard = Digits(form["Digits"].ToString(), form["SpeechResult"].ToString());
        var attempts = heard.Length > 0 ? call.Attempts.Append(heard).ToList() : call.Attempts.ToList();
        var check = heard.Length == 0
            ? new CardCheck.NothingHeard()
            : await cardLookup.CheckAsync(heard, "phone", string.IsNullOrEmpty(from) ? "unknown caller" : from, cancellationToken);

        if (check is CardCheck.NotValid or CardCheck.NoSuchCard && attempt < Tries)
        {
            session.Store(call with { Attempts = attempts });
            await session.SaveChangesAsync(cancellationToken);
            return TwiML.Respond(
                TwiML.GatherCard(attempt + 1, "That card number was not recognised. Key it in again, then press hash."),
                TwiML.Redirect($"/twilio/voice/card?attempt={attempt + 1}"));
        }

        var now = clock.GetCurrentInstant();
        var chain = await onCall.ChainAsync(now, cancellationToken);
        var report = new Report(Channel.Phone, new Reporter("Emergency services (phone)", "Caller", NullIfEmpty(from)), CannotCareReason.Other, null, null);
        var outcome = await desk.OpenOrAttachAsync(
            PhoneCallIds.ActivationIdFor(callSid), report, check, attempts, now,
            (s, activationId) =>
            {
                var first = chain[0];
                s.Events.Append(activationId, new CoordinatorDialled(activationId, callSid, 0, first.Name, first.Phone, first.Role, now));
                s.Store(call with { Attempts = attempts, ActivationId = activationId, Chain = chain, DialAttempt = 0 });
            },
            cancellationToken);

        var opened = await session.LoadAsync<PhoneCall>(callSid, cancellationToken) ?? call with { ActivationId = outcome.ActivationId, Chain = chain };
        return PuttingThrough.Connect(
            opened,
            // A card no longer in use is not announced as activating: a coordinator confirms the carer first.
            check is CardCheck.Identified { Works: true }
                ? "Thank you. The carers emergency service is being activated for this card. Connecting you to the on-call coordinator now."
                : "Connecting you to the on-call coordinator now.");
    }

    private static string Digits(string keyed, string spoken) =>
        keyed.Any(char.IsAsciiDigit) ? new string(keyed.Where(char.IsAsciiDigit).ToArray()) : SpokenDigits.From(spoken);

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
