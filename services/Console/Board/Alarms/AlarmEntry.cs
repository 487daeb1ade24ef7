using NodaTime;

namespace Cers.Dispatch.Console.Board.Alarms;

public enum AlarmEntryState
{
    Open,
    Acknowledged,
    StoodDown,
}

/// <summary>One message of a page as the board shows it: accepted by a provider, or not got through (<paramref name="Why"/>).</summary>
public sealed record AlarmPageLine(string PersonName, string Role, string Channel, string? Provider, string? Why, Instant At);

/// <summary>An alarm on the board, from rostering's alarm messages: what it is, who was paged, who answered.</summary>
public sealed record AlarmEntry(Guid Id, string Kind, string Code, Guid? ActivationId, string Summary, Instant RaisedAt)
{
    public AlarmEntryState State { get; init; } = AlarmEntryState.Open;

    public IReadOnlyList<AlarmPageLine> Pages { get => field ?? []; init; } = [];

    public string? AnsweredBy { get; init; }

    public Instant? ClosedAt { get; init; }

    /// <summary>Whether no message for it has got through to anyone yet, while some failed: the board must be loud.</summary>
    public bool NobodyReached => Pages.Count > 0 && Pages.All(p => p.Why is not null);
}

/// <summary>An SMS and voice provider as the board shows it: failing since when, and why.</summary>
public sealed record ProviderState(string Id, bool Failing, string? Why, Instant Since);
