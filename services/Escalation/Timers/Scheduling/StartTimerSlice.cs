using System.Text.RegularExpressions;
using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.Escalation.CoverLimits;
using Cers.Dispatch.Escalation.Timers.Listing;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;
using TimerKinds = Cers.Dispatch.Contracts.Escalation.TimerKinds;

namespace Cers.Dispatch.Escalation.Timers.Scheduling;

public sealed record StartTimerRequest(Guid? TimerId, Guid? ActivationId, string? Kind, string? DueAt, string? Target);

/// <summary>What a timer request must say, with <c>now</c> to bound how far ahead it may be due.</summary>
public sealed partial class StartTimerValidator : AbstractValidator<StartTimerRequest>
{
    public StartTimerValidator(Instant now, CoverLimitOptions options)
    {
        RuleFor(r => r.TimerId).NotEqual(Guid.Empty).WithMessage("Leave it out for a new id, or give a non-empty GUID.");
        RuleFor(r => r.ActivationId).Must(id => id is { } given && given != Guid.Empty).WithMessage("The activation the timer belongs to is required.");
        RuleFor(r => r.Kind).Cascade(CascadeMode.Stop)
            .Must(IsWellFormed).WithMessage("Required: lower-case words joined by dashes, e.g. offer-deadline or coordinator-answer (at most 64 characters).")
            .Must(kind => !IsReserved(kind)).WithMessage((_, kind) => $"\"{kind!.Trim()}\" is set by the escalation service itself from cover and activation events.");
        RuleFor(r => r.DueAt).Cascade(CascadeMode.Stop)
            .IsoInstant(required: false)
            .Must(dueAt => Parse.Instant(dueAt) is not { } due || due <= now + StartTimerSlice.LongestWait).WithMessage($"At most {StartTimerSlice.LongestWait.Days} days ahead.");
        RuleFor(r => r.DueAt).Must((request, _) => StartTimerSlice.Due(request, now, options) is not null)
            .When(r => r.DueAt is null && IsWellFormed(r.Kind) && !IsReserved(r.Kind))
            .WithMessage("Required for this kind (only offer-deadline and coordinator-answer have a configured default).");
        RuleFor(r => r.Target).OptionalText(200);
    }

    private static bool IsWellFormed(string? kind) => kind is not null && KindPattern().IsMatch(kind.Trim());

    private static bool IsReserved(string? kind) => StartTimerSlice.Reserved.Contains(kind?.Trim());

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex KindPattern();
}

/// <summary>Another service (or the console) asks to be told when a time comes: POST /timers, or StartTimer on the bus.</summary>
public static class StartTimerSlice
{
    internal static readonly Duration LongestWait = Duration.FromDays(31);

    /// <summary>Kinds the service sets itself; others may not start them, because what they do depends on the cover state.</summary>
    public static readonly string[] Reserved = [TimerKinds.CoverWarning, TimerKinds.CoverLimit, TimerKinds.CoverEscalation, TimerKinds.WorkerOnSite];

    public static (DurableTimer? Timer, Dictionary<string, string[]> Errors) Validate(StartTimerRequest request, Guid newId, Instant now, CoverLimitOptions options)
    {
        if (new StartTimerValidator(now, options).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        return (new DurableTimer(request.TimerId ?? newId, request.ActivationId!.Value, request.Kind!.Trim(), Due(request, now, options)!.Value, request.Target?.Trim()), []);
    }

    /// <summary>When the timer is due: as asked, or else the configured wait for the kinds that have one.</summary>
    internal static Instant? Due(StartTimerRequest request, Instant now, CoverLimitOptions options) =>
        request.DueAt is not null
            ? Parse.Instant(request.DueAt)
            : request.Kind?.Trim() switch
            {
                TimerKinds.OfferDeadline => now + Duration.FromMinutes(options.OfferDeadlineMinutes),
                TimerKinds.CoordinatorAnswer => now + Duration.FromSeconds(options.CoordinatorAnswerSeconds),
                _ => null,
            };

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

        // An activation's stream is written by its consumers and its timers firing too.
        return await StreamConflicts.DecideAgainOnConflictAsync(session.CarryTraceContext(), async () =>
        {
            if (await timers.FindAsync(timer.TimerId, cancellationToken) is { } existing)
            {
                return Results.Ok(TimerView.From(existing));
            }

            EscalationStream.Record(session, timers, null, timer.ActivationId, Decide(timer, null), now);
            await session.SaveChangesAsync(cancellationToken);
            return Results.Created($"/timers/{timer.TimerId}", TimerView.From(new TimerRecord(timer, now, null, null)));
        }, cancellationToken);
    }
}
