using System.Text.RegularExpressions;
using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Timers.Listing;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using NodaTime.Text;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.Timers.Scheduling;

public sealed record StartTimerRequest(Guid? TimerId, Guid? ActivationId, string? Kind, string? DueAt, string? Target);

/// <summary>Another service (or the console) asks to be told when a time comes: POST /timers, or StartTimer on the bus.</summary>
public static partial class StartTimerSlice
{
    private static readonly Duration LongestWait = Duration.FromDays(31);

    /// <summary>Kinds the service sets itself; others may not start them, because what they do depends on the cover state.</summary>
    public static readonly string[] Reserved = [TimerKinds.CoverWarning, TimerKinds.CoverLimit, TimerKinds.CoverEscalation, TimerKinds.WorkerOnSite];

    public static (DurableTimer? Timer, Dictionary<string, string[]> Errors) Validate(StartTimerRequest request, Guid newId, Instant now, CoverLimitOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.TimerId == Guid.Empty)
        {
            errors["timerId"] = ["Leave it out for a new id, or give a non-empty GUID."];
        }

        if (request.ActivationId is null || request.ActivationId == Guid.Empty)
        {
            errors["activationId"] = ["The activation the timer belongs to is required."];
        }

        var kind = request.Kind?.Trim();
        if (kind is null || !KindPattern().IsMatch(kind))
        {
            errors["kind"] = ["Required: lower-case words joined by dashes, e.g. offer-deadline or coordinator-answer (at most 64 characters)."];
        }
        else if (Reserved.Contains(kind))
        {
            errors["kind"] = [$"\"{kind}\" is set by the escalation service itself from cover and activation events."];
        }

        Instant? due = null;
        if (request.DueAt is { } text)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(text);
            if (!parsed.Success)
            {
                errors["dueAt"] = ["An ISO-8601 instant in UTC, e.g. 2026-11-25T16:00:00Z."];
            }
            else if (parsed.Value > now + LongestWait)
            {
                errors["dueAt"] = [$"At most {LongestWait.Days} days ahead."];
            }
            else
            {
                due = parsed.Value;
            }
        }
        else
        {
            due = kind switch
            {
                TimerKinds.OfferDeadline => now + Duration.FromMinutes(options.OfferDeadlineMinutes),
                TimerKinds.CoordinatorAnswer => now + Duration.FromSeconds(options.CoordinatorAnswerSeconds),
                _ => null,
            };
            if (due is null && !errors.ContainsKey("kind"))
            {
                errors["dueAt"] = ["Required for this kind (only offer-deadline and coordinator-answer have a configured default)."];
            }
        }

        if (request.Target is { Length: > 200 })
        {
            errors["target"] = ["At most 200 characters."];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new DurableTimer(request.TimerId ?? newId, request.ActivationId!.Value, kind!, due!.Value, request.Target?.Trim()), errors);
    }

    public static EscalationDecision Decide(DurableTimer timer, TimerRecord? existing) =>
        existing is null ? new EscalationDecision([], [timer], []) : EscalationDecision.Nothing;

    public static async Task<IResult> Handle(
        StartTimerRequest request, IDocumentSession session, TimerStore timers, IClock clock, IOptions<CoverLimitOptions> options, CancellationToken cancellationToken)
    {
        var now = clock.GetCurrentInstant();
        var (timer, errors) = Validate(request, Guid.CreateVersion7(), now, options.Value);
        if (timer is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        if (await timers.FindAsync(timer.TimerId, cancellationToken) is { } existing)
        {
            return Results.Ok(TimerView.From(existing));
        }

        EscalationStream.Record(session.CarryTraceContext(), timers, null, timer.ActivationId, Decide(timer, null), now);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/timers/{timer.TimerId}", TimerView.From(new TimerRecord(timer, now, null, null)));
    }

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KindPattern();
}
