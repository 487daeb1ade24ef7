using NodaTime;

namespace Cers.Dispatch.Rostering.Alarms;

/// <summary>What an alarm is about. Each pages until a person acknowledges it.</summary>
public static class AlarmKinds
{
    public const string CoverLimitWarning = "cover-limit-warning";
    public const string CoverLimitBreach = "cover-limit-breach";
    public const string NoWorkerOnSiteInTime = "no-worker-on-site-in-time";
    public const string NobodyOnSite = "nobody-on-site";
    public const string ShortHanded = "short-handed";
    public const string Staffing = "staffing";
    public const string RotaProblems = "rota-problems";
    public const string CardGuessing = "card-guessing";
    public const string CardsNotReady = "cards-not-ready";
    public const string Safeguarding = "safeguarding";
    public const string MessageNotDelivered = "message-not-delivered";
}

/// <summary>Who is paged first: the on-call coordinators, the duty managers, or named people (a safeguarding lead) before the duty managers.</summary>
public enum PagingAudience
{
    Coordinators,
    DutyManagers,
    Named,
}

/// <summary>Someone paged: on the rota as <paramref name="Role"/>, or the configured fallback, or a named person (role "named").</summary>
public sealed record PagedPerson(string Name, string Phone, string Role);

/// <summary>
/// Something a person must answer for. <paramref name="Key"/> names the thing itself (the activation and the warning), so
/// the same alarm raised twice is one alarm. <paramref name="Code"/> is what the person texts back: ACK and the code.
/// </summary>
public sealed record AlarmRaised(
    Guid AlarmId,
    string Kind,
    string Key,
    string Code,
    Guid? ActivationId,
    string Summary,
    PagingAudience Audience,
    IReadOnlyList<PagedPerson> Named,
    Instant RaisedAt);

/// <summary>
/// A step of paging was taken: <paramref name="Called"/> were sent an SMS and rung, <paramref name="Reminded"/> (paged at an
/// earlier step) sent the SMS again. Owed, not yet sent: <see cref="AlarmMessageAccepted"/> says when a provider took each.
/// The next step comes at <paramref name="NextStepAt"/> unless someone acknowledges first.
/// </summary>
public sealed record AlarmStepTaken(Guid AlarmId, int Step, IReadOnlyList<PagedPerson> Called, IReadOnlyList<PagedPerson> Reminded, Instant NextStepAt, Instant At);

/// <summary>A provider accepted an SMS or call to <paramref name="To"/>: only now may anyone say that person was paged.</summary>
public sealed record AlarmMessageAccepted(Guid AlarmId, Guid? ActivationId, string Code, PagedPerson To, string Channel, string Provider, string Sid, Instant At);

/// <summary>An SMS or call to <paramref name="To"/> has not got through (every provider failing, or refusing the number).</summary>
public sealed record AlarmMessageNotDelivered(Guid AlarmId, Guid? ActivationId, string Code, PagedPerson To, string Channel, string Why, Instant At);

/// <summary>A person answered for the alarm: by SMS (ACK and the code), by pressing 1 on the call, or in the console.</summary>
public sealed record AlarmAcknowledged(Guid AlarmId, Guid? ActivationId, string Code, string By, string Via, Instant At);

/// <summary>What the alarm was about resolved before anyone acknowledged it (the worker arrived, the activation closed).</summary>
public sealed record AlarmStoodDown(Guid AlarmId, Guid? ActivationId, string Code, string Why, Instant At);

/// <summary>An open alarm's code, for the ACK texts; removed once the alarm is acknowledged or stood down, so codes are reused.</summary>
public sealed record AlarmCode(string Id, Guid AlarmId);
