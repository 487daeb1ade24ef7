using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms;

public enum AlarmState
{
    Open,
    Acknowledged,
    StoodDown,
}

/// <summary>One message that went (or did not) to one person, as the board and the timeline show it.</summary>
public sealed record AlarmPage(PagedPerson To, string Channel, string? Provider, string? Why, Instant At);

/// <summary>An alarm, folded from its stream: what it is about, who has been paged, and who answered for it.</summary>
public sealed record Alarm(
    Guid Id,
    string Kind,
    string Code,
    Guid? ActivationId,
    string Summary,
    PagingAudience Audience,
    IReadOnlyList<PagedPerson> Named,
    Instant RaisedAt)
{
    public AlarmState State { get; init; } = AlarmState.Open;

    /// <summary>The last paging step taken; -1 before the first.</summary>
    public int Step { get; init; } = -1;

    public Instant? NextStepAt { get; init; }

    /// <summary>Everyone paged so far, in the order first paged.</summary>
    public IReadOnlyList<PagedPerson> Paged { get => field ?? []; init; } = [];

    public IReadOnlyList<AlarmPage> Pages { get => field ?? []; init; } = [];

    public string? AcknowledgedBy { get; init; }

    public string? AcknowledgedVia { get; init; }

    public Instant? ClosedAt { get; init; }

    public string? StoodDownWhy { get; init; }

    public bool IsOpen => State == AlarmState.Open;

    public static Alarm Create(AlarmRaised e) => new(e.AlarmId, e.Kind, e.Code, e.ActivationId, e.Summary, e.Audience, e.Named, e.RaisedAt);

    public Alarm Apply(AlarmStepTaken e) => this with
    {
        Step = e.Step,
        NextStepAt = e.NextStepAt,
        Paged = [.. Paged, .. e.Called.Where(c => Paged.All(p => p.Phone != c.Phone))],
    };

    public Alarm Apply(AlarmMessageAccepted e) => this with { Pages = [.. Pages, new AlarmPage(e.To, e.Channel, e.Provider, null, e.At)] };

    public Alarm Apply(AlarmMessageNotDelivered e) => this with { Pages = [.. Pages, new AlarmPage(e.To, e.Channel, null, e.Why, e.At)] };

    public Alarm Apply(AlarmAcknowledged e) => this with
    {
        State = AlarmState.Acknowledged, AcknowledgedBy = e.By, AcknowledgedVia = e.Via, ClosedAt = e.At, NextStepAt = null,
    };

    public Alarm Apply(AlarmStoodDown e) => this with { State = AlarmState.StoodDown, StoodDownWhy = e.Why, ClosedAt = e.At, NextStepAt = null };

    /// <summary>Whoever this phone number belongs to among those paged or named.</summary>
    public PagedPerson? PersonWith(string phone) => Paged.Concat(Named).FirstOrDefault(p => p.Phone == phone);
}
