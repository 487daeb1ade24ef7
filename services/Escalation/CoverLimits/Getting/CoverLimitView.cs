using Cers.Dispatch.Escalation.Activations;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.CoverLimits.Getting;

public sealed record WarningView(int HoursBeforeLimit, Instant SentAt, string SentAtLondon);

public sealed record EscalationView(int Repeat, IReadOnlyList<string> Notify, Instant EscalatedAt, string EscalatedAtLondon);

public sealed record ExtensionView(Instant PreviousLimitAt, Instant NewLimitAt, string NewLimitAtLondon, string DecidedBy, string Reason, Instant ExtendedAt);

public sealed record ResolutionView(string Resolution, string Detail, string By, Instant At, string AtLondon);

/// <summary>The cover limit as a coordinator reads it: the limit, why it is 48 or 72 hours, and what was sent about it.</summary>
public sealed record CoverLimitView(
    Guid ActivationId,
    string Status,
    Instant CoverStartedAt,
    string CoverStartedAtLondon,
    Instant LimitAt,
    string LimitAtLondon,
    int LimitHours,
    string Nation,
    IReadOnlyList<LocalDate> BankHolidaysInWindow,
    IReadOnlyList<WarningView> WarningsSent,
    Instant? ReachedAt,
    bool Breached,
    IReadOnlyList<EscalationView> Escalations,
    IReadOnlyList<ExtensionView> Extensions,
    ResolutionView? Resolution)
{
    public static CoverLimitView? From(ActivationEscalation state) => state.Cover is not { } c ? null : new(
        state.ActivationId,
        c.Resolved is not null ? "resolved" : c.ReachedAt is not null ? "breached-escalating" : "watching",
        c.CoverStartedAt,
        LondonTime.Stamp(c.CoverStartedAt),
        c.LimitAt,
        LondonTime.Stamp(c.LimitAt),
        c.LimitHours,
        c.Nation,
        c.BankHolidaysInWindow,
        c.Warnings.Select(w => new WarningView(w.HoursBeforeLimit, w.SentAt, LondonTime.Stamp(w.SentAt))).ToList(),
        c.ReachedAt,
        c.Breached,
        c.Escalations.Select(e => new EscalationView(e.Repeat, e.Notify, e.EscalatedAt, LondonTime.Stamp(e.EscalatedAt))).ToList(),
        c.Extensions.Select(e => new ExtensionView(e.PreviousLimitAt, e.NewLimitAt, LondonTime.Stamp(e.NewLimitAt), e.DecidedBy, e.Reason, e.ExtendedAt)).ToList(),
        c.Resolved is { } r ? new ResolutionView(r.Resolution.ToString(), r.Detail, r.By, r.ResolvedAt, LondonTime.Stamp(r.ResolvedAt)) : null);
}

/// <summary>GET /cover-limits/{activationId}.</summary>
public static class GetCoverLimitSlice
{
    public static async Task<IResult> Handle(Guid activationId, IQuerySession session, CancellationToken cancellationToken) =>
        CoverLimitView.From(await EscalationStream.LoadAsync(session, activationId, cancellationToken)) is { } view
            ? Results.Ok(view)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No cover limit for activation {activationId}: cover has not started.");
}
