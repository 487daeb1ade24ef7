using Cers.Dispatch.Rostering.Alarms.Acknowledging;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.OnSite;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Privacy;
using JasperFx;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches.Texting;

/// <summary>
/// POST /twilio/sms/incoming: a worker's reply. YES/NO with the offer's code, ARRIVED, HANDOVER notes, LEFT; or ACK and an alarm's
/// code from whoever was paged. Twilio retries webhooks, so a MessageSid seen before gets the answer it got the first time and
/// changes nothing.
/// </summary>
public static class ReceivingSms
{
    private const string KeptHandoverText = "HANDOVER (notes sealed on the handover)";

    /// <summary>Enough of a staff member's text to see which command it was (an offer's code, ACK and an alarm's code).</summary>
    public const int KeptCharacters = 160;

    public static async Task<IResult> Handle(
        HttpRequest request, DispatchDesk desk, IDocumentStore store, PersonalDataVault vault, AlarmAcknowledgements alarms, IClock clock, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        var from = form["From"].ToString();
        if (string.IsNullOrWhiteSpace(sid) || string.IsNullOrWhiteSpace(from))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "MessageSid and From are required.");
        }

        return TwiMLReply.Message(await AnswerAsync(sid, from, form["Body"].ToString(), desk, store, vault, alarms, clock, cancellationToken));
    }

    /// <summary>
    /// What an SMS from <paramref name="from"/> does, and the words to answer it with, whichever provider brought it. A
    /// message id seen before gets the answer it got the first time and changes nothing: an answer decided on an activation
    /// finds it in the decision, any other finds it when storing its own.
    /// </summary>
    public static async Task<string> AnswerAsync(
        string sid, string from, string body, DispatchDesk desk, IDocumentStore store, PersonalDataVault vault, AlarmAcknowledgements alarms, IClock clock,
        CancellationToken cancellationToken)
    {
        var command = SmsCommandParser.Parse(body);
        if (command.Verb == SmsVerb.Ack)
        {
            // Acknowledging is done before its answer is stored: a retry must not acknowledge again.
            await using (var query = store.QuerySession())
            {
                if (await query.LoadAsync<ReceivedSms>(sid, cancellationToken) is { } seen)
                {
                    return seen.Reply;
                }
            }

            var answer = await alarms.BySmsAsync(UkPhoneNumbers.ToE164(from) ?? from, command.Code, cancellationToken);
            return await RememberAsync(store, sid, from, Capped(body), answer, clock, cancellationToken);
        }

        var worker = await FindSenderAsync(store, from, cancellationToken);

        // The text is kept only to answer the provider's retries, so little of it is kept: handover notes only sealed, on
        // the handover itself; nothing of what a number not on the register sent, whatever its length.
        if (worker is null)
        {
            return await RememberAsync(
                store, sid, from, $"[not kept: {body.Length} characters from a number not on the staff register]",
                "This number is not on the CERS staff register. Please phone the coordinator.", clock, cancellationToken);
        }

        var kept = command.Verb == SmsVerb.Handover ? KeptHandoverText : Capped(body);
        return await ActAsync(desk, store, vault, worker, command, sid, from, kept, clock, cancellationToken);
    }

    private static async Task<string> ActAsync(
        DispatchDesk desk,
        IDocumentStore store,
        PersonalDataVault vault,
        StaffMember worker,
        SmsCommand command,
        string sid,
        string from,
        string body,
        IClock clock,
        CancellationToken cancellationToken)
    {
        var known = await WhatTheTextIsAboutAsync(store, worker, command, cancellationToken);
        var (activationId, decide) = command.Verb switch
        {
            SmsVerb.Yes or SmsVerb.No when command.Code is null => (null, null),
            SmsVerb.Yes or SmsVerb.No => ForOffer(known, worker, command),
            SmsVerb.Arrived or SmsVerb.Left or SmsVerb.Handover => ForCommitment(known, vault, worker, command, cancellationToken),
            _ => (null, null),
        };

        if (activationId is null || decide is null)
        {
            var help = command.Verb switch
            {
                SmsVerb.Yes or SmsVerb.No when command.Code is null => "Please include the offer's code, e.g. YES K7QF, so we know which offer you mean.",
                SmsVerb.Yes or SmsVerb.No => $"We could not find offer {command.Code} for you. Please check the code in our message.",
                SmsVerb.Arrived or SmsVerb.Left or SmsVerb.Handover => "You have no accepted offer with us right now. Please phone the on-call coordinator.",
                _ => OfferTexts.Help,
            };
            if (command.Verb == SmsVerb.Left && VisitEndedLately(known.Timesheet, clock.GetCurrentInstant()) is { } endedAt)
            {
                help = OfferTexts.VisitAlreadyEnded(endedAt);
            }

            return await RememberAsync(store, sid, from, body, help, clock, cancellationToken);
        }

        var tries = 0;
        return await desk.ExecuteAsync(activationId.Value, async work =>
        {
            // The provider may have retried this very SMS, here or to another instance. Its answer, stored with the first
            // decision, makes this decision's own insert of it conflict, and the decision is taken again: only then is the
            // answer looked for, and given, changing nothing. A first try reads nothing: retries are rare, SMS are not.
            if (++tries > 1 && await work.Session.LoadAsync<ReceivedSms>(sid, cancellationToken) is { } seen)
            {
                return seen.Reply;
            }

            if (work.Dispatch is null)
            {
                work.Session.Insert(new ReceivedSms(sid, from, body, OfferTexts.Help, work.Now));
                return OfferTexts.Help;
            }

            await desk.RecordOfferSentBeforeItsAnswerAsync(work, cancellationToken);
            var reply = await decide(work);
            work.Record(reply.Events);
            if (reply.MoveOn)
            {
                await desk.MoveOnAsync(work, cancellationToken);
            }

            work.Session.Insert(new ReceivedSms(sid, from, body, reply.Text, work.Now));
            return reply.Text;
        }, cancellationToken);
    }

    /// <summary>What a text needs read, in one round trip: the offer its code names, the worker's claim (the offer she was asked or the call she is committed to) and, for a LEFT, her visits.</summary>
    private sealed record TextContext(OfferCode? Offer, WorkerClaim? Claim, WorkerTimesheet? Timesheet);

    private static async Task<TextContext> WhatTheTextIsAboutAsync(IDocumentStore store, StaffMember worker, SmsCommand command, CancellationToken cancellationToken)
    {
        if (command.Verb is not (SmsVerb.Yes or SmsVerb.No or SmsVerb.Arrived or SmsVerb.Left or SmsVerb.Handover))
        {
            return new TextContext(null, null, null);
        }

        await using var query = store.QuerySession();
        var reading = query.CreateBatchQuery();
        var offer = command.Code is { } code && command.Verb is SmsVerb.Yes or SmsVerb.No ? reading.Load<OfferCode>(code) : Task.FromResult<OfferCode?>(null);
        var claim = reading.Load<WorkerClaim>(worker.Id);
        var timesheet = command.Verb == SmsVerb.Left ? reading.Load<WorkerTimesheet>(worker.Id) : Task.FromResult<WorkerTimesheet?>(null);
        await reading.Execute(cancellationToken);
        return new TextContext(await offer, await claim, await timesheet);
    }

    private static (Guid?, Func<DispatchWork, Task<Reply>>?) ForOffer(TextContext known, StaffMember worker, SmsCommand command)
    {
        if (known.Offer is not { } offer || offer.WorkerId != worker.Id)
        {
            return (null, null);
        }

        if (command.Verb == SmsVerb.No)
        {
            return (offer.ActivationId, work => Task.FromResult(OfferDecider.Decline(work.Dispatch!, offer.OfferId, worker.Id, work.Now)));
        }

        // A worker is asked for one activation at a time (her claim), so a YES finds her committed elsewhere only when an
        // earlier offer's claim was carried over from before claims: a safeguard, read once with the code (such a claim
        // does not change while the decision is taken again).
        var committedElsewhere = known.Claim is { IsCommitted: true } claim ? claim.ActivationId : (Guid?)null;
        return (offer.ActivationId, work => Task.FromResult(OfferDecider.Accept(work.Dispatch!, offer.OfferId, worker.Id, committedElsewhere, work.Now)));
    }

    private static (Guid?, Func<DispatchWork, Task<Reply>>?) ForCommitment(
        TextContext known, PersonalDataVault vault, StaffMember worker, SmsCommand command, CancellationToken cancellationToken)
    {
        if (known.Claim is not { IsCommitted: true } commitment)
        {
            return (null, null);
        }

        return (commitment.ActivationId, command.Verb switch
        {
            SmsVerb.Arrived => work => Task.FromResult(OnSiteCommands.Arrive(work, worker.Id)),
            SmsVerb.Handover => async work => (await OnSiteCommands.HandOverAsync(work, vault, worker.Id, command.Notes, HandoverVia.Sms, worker.Name, cancellationToken)).Reply,
            _ => work => OnSiteCommands.LeaveAsync(work, worker.Id, cancellationToken),
        });
    }

    /// <summary>When the worker's latest visit ended, if within the last half day: she need not be sent to the coordinator.</summary>
    private static Instant? VisitEndedLately(WorkerTimesheet? timesheet, Instant now) =>
        timesheet?.Visits.MaxBy(v => v.ArrivedAt)?.LeftAt is { } left && now - left < Duration.FromHours(12) ? left : null;

    /// <summary>
    /// From the rota board this instance keeps, when it is fresh (it is whenever offers are being made): no read. A number
    /// not on it (someone registered a moment ago by another instance) is looked up. A number another instance gave
    /// someone else in the board's last two seconds still leads to its former owner until the board is read again.
    /// </summary>
    private static async Task<StaffMember?> FindSenderAsync(IDocumentStore store, string from, CancellationToken cancellationToken)
    {
        if (Rotas.KeptRotaBoards.For(store).Fresh()?.WithPhone(UkPhoneNumbers.ToE164(from) ?? from) is { } kept)
        {
            return kept;
        }

        await using var query = store.QuerySession();
        return await StaffPhone.OwnerAsync(query, from, cancellationToken);
    }

    private static string Capped(string body) => body.Length <= KeptCharacters ? body : $"{body[..KeptCharacters]}… [{body.Length - KeptCharacters} more characters not kept]";

    /// <summary>Stores the answer to an SMS that changed nothing; one already stored for it (a retry) is the answer instead.</summary>
    private static async Task<string> RememberAsync(IDocumentStore store, string sid, string from, string body, string reply, IClock clock, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = store.LightweightSession();
            session.Insert(new ReceivedSms(sid, from, body, reply, clock.GetCurrentInstant()));
            await session.SaveChangesAsync(cancellationToken);
            return reply;
        }
        catch (DocumentAlreadyExistsException)
        {
            await using var query = store.QuerySession();
            return (await query.LoadAsync<ReceivedSms>(sid, cancellationToken))?.Reply ?? reply;
        }
    }
}

public static class Nations
{
    /// <summary>When neither the card nor the plan said, cover is taken to be in England and Wales (the 48-hour rule's commonest case).</summary>
    public const string Default = "england-and-wales";
}
