using Cers.Dispatch.CrisisIntake.CardIndex;
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

    public const string ConnectingYou = "Connecting you to the on-call coordinator now.";

    public static async Task<IResult> Handle(
        int attempt, HttpRequest request, IDocumentSession session, ActivationDesk desk, RecognisingCards cards, OnCallRota onCall,
        CallJournal journal, IClock clock, ILogger<PhoneCall> logger, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var callSid = form["CallSid"].ToString();
        var from = form["From"].ToString();
        if (string.IsNullOrWhiteSpace(callSid))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "CallSid is required.");
        }

        var heard = Digits(form["Digits"].ToString(), form["SpeechResult"].ToString());
        try
        {
            return await AnswerAsync(attempt, callSid, from, heard, session, desk, cards, onCall, clock, cancellationToken);
        }
        catch (Exception e) when (StoreUnavailable.Is(e) && !cancellationToken.IsCancellationRequested)
        {
            // PostgreSQL is away (a failover): the caller is put through now, the activation opened once it is back.
            var now = clock.GetCurrentInstant();
            var chain = await onCall.ChainAsync(now, cancellationToken);
            await journal.KeepAsync(new JournalledCall(callSid, from, heard.Length > 0 ? [heard] : [], now, chain), cancellationToken);
            logger.LogWarning(e, "PostgreSQL unreachable: call {CallSid} kept in the call journal and put through to {Contact}", callSid, chain[0].Name);
            return TwiML.Respond(TwiML.Say(ConnectingYou), TwiML.Dial(0, chain[0].Phone));
        }
    }

    private static async Task<IResult> AnswerAsync(
        int attempt, string callSid, string from, string heard, IDocumentSession session, ActivationDesk desk, RecognisingCards cards,
        OnCallRota onCall, IClock clock, CancellationToken cancellationToken)
    {
        // The call as stored (a retried webhook) and the card index's entry for the number heard, in one round trip.
        var reading = session.CreateBatchQuery();
        var stored = reading.Load<PhoneCall>(callSid);
        var known = heard.Length > 0 ? reading.Load<KnownCard>(heard) : Task.FromResult<KnownCard?>(null);
        await reading.Execute(cancellationToken);
        var call = await stored ?? new PhoneCall(callSid, []);
        if (call.ActivationId is not null)
        {
            return PuttingThrough.Connect(call, "Connecting you to the on-call coordinator.");
        }

        var attempts = heard.Length > 0 ? call.Attempts.Append(heard).ToList() : call.Attempts.ToList();
        var check = await cards.CheckAsync(await known, heard, from, cancellationToken);
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
        var opened = await OpenAsync(session, desk, call with { Attempts = attempts }, from, check, chain, now, cancellationToken);
        return PuttingThrough.Connect(
            opened,
            // A card no longer in use is not announced as activating: a coordinator confirms the carer first.
            check is CardCheck.Identified { Works: true }
                ? "Thank you. The carers emergency service is being activated for this card. Connecting you to the on-call coordinator now."
                : ConnectingYou);
    }

    /// <summary>Card lookup asked, as for a call kept while PostgreSQL (and with it the card index) was away.</summary>
    public static Task<CardCheck> CheckAsync(CardLookupClient cardLookup, string heard, string from, CancellationToken cancellationToken) =>
        heard.Length == 0
            ? Task.FromResult<CardCheck>(new CardCheck.NothingHeard())
            : cardLookup.CheckAsync(heard, PhoneChannel, CallerOf(from), cancellationToken);

    /// <summary>The channel card lookup records the phone line's look-ups under.</summary>
    public const string PhoneChannel = "phone";

    /// <summary>Whom a look-up is for: the caller's number, or "unknown caller" when it was withheld.</summary>
    public static string CallerOf(string from) => string.IsNullOrEmpty(from) ? UnknownCaller : from;

    public const string UnknownCaller = "unknown caller";

    /// <summary>Opens the call's activation (or joins the one open for the carer), with the caller put through to the chain's first.</summary>
    public static async Task<PhoneCall> OpenAsync(
        IDocumentSession session, ActivationDesk desk, PhoneCall call, string from, CardCheck check, IReadOnlyList<OnCallContact> chain, Instant now,
        CancellationToken cancellationToken)
    {
        var report = new Report(Channel.Phone, new Reporter("Emergency services (phone)", "Caller", NullIfEmpty(from)), CannotCareReason.Other, null, null);
        var putThrough = call with { Chain = chain, DialAttempt = 0 };
        var outcome = await desk.OpenOrAttachAsync(
            PhoneCallIds.ActivationIdFor(call.Id), report, check, call.Attempts, now,
            (s, activationId) =>
            {
                var first = chain[0];
                s.Events.Append(activationId, new CoordinatorDialled(activationId, call.Id, 0, first.Name, first.Phone, first.Role, now));
                s.Store(putThrough with { ActivationId = activationId });
            },
            cancellationToken);

        // A retried webhook that stored the call first (here or in another instance) put the caller through to its chain.
        return outcome.Stored
            ? putThrough with { ActivationId = outcome.ActivationId }
            : await session.LoadAsync<PhoneCall>(call.Id, cancellationToken) ?? putThrough with { ActivationId = outcome.ActivationId };
    }

    private static string Digits(string keyed, string spoken) =>
        keyed.Any(char.IsAsciiDigit) ? new string(keyed.Where(char.IsAsciiDigit).ToArray()) : SpokenDigits.From(spoken);

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
