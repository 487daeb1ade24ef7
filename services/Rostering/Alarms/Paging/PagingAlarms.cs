using System.Text;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Cers.Dispatch.ServiceDefaults.Phones;
using Cers.Dispatch.ServiceDefaults.Twilio;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms.Paging;

/// <summary>A paging step owed for an alarm.</summary>
public sealed record AlarmStepDue(Guid AlarmId, int Step);

/// <summary>
/// Pages for open alarms, one step at a time, as owed work: each step texts and rings the next person in the chain as the
/// rota has it at that moment (and texts again those already paged), then owes itself the next step. What the providers
/// made of each message is recorded on the alarm, so nobody is said to have been paged unless a provider took it.
/// </summary>
public sealed class PagingAlarms(IOptions<PagingOptions> options, IOptions<TwilioOptions> twilio) : IWorkHandler
{
    public const string StepKind = "alarm-step";
    public const string Purpose = "alarm";

    private static readonly string Sent = OutgoingKinds.Sent(Purpose);
    private static readonly string NotDelivered = OutgoingKinds.NotDelivered(Purpose);
    private static readonly string Refused = OutgoingKinds.Refused(Purpose);

    public IReadOnlyList<string> Kinds { get; } = [StepKind, Sent, NotDelivered, Refused];

    /// <summary>Each item's stream is its alarm: two pages accepted at once record one after the other, not in conflict.</summary>
    public bool DecidesOnItsStream => true;

    public static void ScheduleStep(WorkQueue queue, IDocumentSession session, Guid alarmId, int step, Instant dueAt, Instant now) =>
        queue.Schedule(session, DeterministicGuid.From($"rostering/alarm/{alarmId:N}/step/{step}"), StepKind, alarmId, new AlarmStepDue(alarmId, step), dueAt, now);

    public async Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken)
    {
        if (item.Kind == StepKind)
        {
            return await StepAsync(item.Read<AlarmStepDue>(), context, cancellationToken);
        }

        var outcome = item.Read<MessageOutcome>();
        var stream = await context.Session.Events.FetchForWriting<Alarm>(outcome.Message.SubjectId, cancellationToken);
        if (stream.Aggregate is not { } alarm)
        {
            return WorkOutcome.Done("no such alarm");
        }

        var to = alarm.PersonWith(outcome.Message.To) ?? new PagedPerson(outcome.Message.To, outcome.Message.To, "unknown");
        var channel = outcome.Message.Channel == MessageChannel.Sms ? "sms" : "call";
        stream.AppendOne(item.Kind == Sent
            ? new AlarmMessageAccepted(alarm.Id, alarm.ActivationId, alarm.Code, to, channel, outcome.Provider!, outcome.Sid!, outcome.At)
            : new AlarmMessageNotDelivered(alarm.Id, alarm.ActivationId, alarm.Code, to, channel, outcome.Why ?? "not delivered", outcome.At));
        return WorkOutcome.Done("recorded");
    }

    private async Task<WorkOutcome> StepAsync(AlarmStepDue due, WorkContext context, CancellationToken cancellationToken)
    {
        var stream = await context.Session.Events.FetchForWriting<Alarm>(due.AlarmId, cancellationToken);
        if (stream.Aggregate is not { } alarm)
        {
            return WorkOutcome.Done("no such alarm");
        }

        var board = await RotaBoard.LoadAsync(context.Session, cancellationToken);
        var settings = options.Value;
        var chain = AlarmDecider.Chain(alarm.Audience, alarm.Named, OnCall(board, StaffRoles.Coordinator, context.Now), OnCall(board, StaffRoles.DutyManager, context.Now), Fallback(settings));
        var events = AlarmDecider.Step(alarm, due.Step, chain, Duration.FromMinutes(settings.RepeatMinutes), context.Now);
        if (events.Count == 0)
        {
            return WorkOutcome.Done(alarm.IsOpen ? "step already taken" : $"alarm {alarm.State.ToString().ToLowerInvariant()}");
        }

        stream.AppendMany(events);
        var step = (AlarmStepTaken)events[0];
        foreach (var person in step.Called)
        {
            Page(context, alarm, step.Step, person, MessageChannel.Sms);
            Page(context, alarm, step.Step, person, MessageChannel.Call);
        }

        foreach (var person in step.Reminded)
        {
            Page(context, alarm, step.Step, person, MessageChannel.Sms);
        }

        ScheduleStep(context.Queue, context.Session, alarm.Id, step.Step + 1, step.NextStepAt, context.Now);
        return WorkOutcome.Done($"step {step.Step}: called {step.Called.Count}, reminded {step.Reminded.Count}");
    }

    private void Page(WorkContext context, Alarm alarm, int step, PagedPerson person, MessageChannel channel)
    {
        var message = channel == MessageChannel.Sms
            ? new OutgoingMessage(channel, person.Phone, AlarmTexts.Sms(alarm), Purpose, alarm.Id, ReportOutcome: true)
            : new OutgoingMessage(channel, person.Phone, AlarmTexts.Spoken(alarm), Purpose, alarm.Id, ReportOutcome: true, KeypressCallback: KeypressCallback(alarm.Id));
        context.Queue.Send(context.Session, DeterministicGuid.From($"rostering/alarm/{alarm.Id:N}/step/{step}/{person.Phone}/{channel}"), alarm.Id, message, context.Now);
    }

    private Uri? KeypressCallback(Guid alarmId) =>
        twilio.Value.PublicBaseUrl is { } publicBase ? new Uri($"{publicBase.GetLeftPart(UriPartial.Path).TrimEnd('/')}/twilio/voice/alarms/{alarmId}/keypress") : null;

    private static List<PagedPerson> OnCall(RotaBoard board, string role, Instant now) =>
        board.OnAt(now, role).Select(x => new PagedPerson(x.Member.Name, x.Member.Phone, role)).ToList();

    private static List<PagedPerson> Fallback(PagingOptions settings) =>
        settings.Fallback.Where(f => !string.IsNullOrWhiteSpace(f.Phone))
            .Select(f => new PagedPerson(f.Name ?? "Fallback", UkPhoneNumbers.MobileToE164(f.Phone!) ?? f.Phone!, "fallback"))
            .ToList();
}

/// <summary>The words of a page: the code to answer with, what it is about, never a carer's address.</summary>
public static class AlarmTexts
{
    public static string Sms(Alarm alarm) => $"CERS ALARM {alarm.Code}: {alarm.Summary} Reply ACK {alarm.Code} to take it on.";

    public static string Spoken(Alarm alarm) => $"Carers emergency service alarm. {alarm.Summary}";

    public static string About(string? area, Guid activationId) => $"in {area ?? "an unknown area"} (ref {activationId.ToString()[..8]})";

    /// <summary>Twilio joins up to 1,600 characters; room is left for the tail.</summary>
    private const int LongestDigest = 1400;

    /// <summary>
    /// One page for many things, however many: the heading, then each item's line while the SMS holds them, then what
    /// <paramref name="andMore"/> says of how many were left out. A duty manager woken by fifteen texts reads none of them.
    /// </summary>
    public static string Digest<T>(string heading, IReadOnlyList<T> items, Func<T, int, string> line, Func<int, string> andMore)
    {
        var text = new StringBuilder(heading);
        for (var i = 0; i < items.Count; i++)
        {
            var next = line(items[i], i);
            if (text.Length + next.Length > LongestDigest)
            {
                text.Append(andMore(items.Count - i));
                break;
            }

            text.Append(next);
        }

        return text.ToString();
    }
}
