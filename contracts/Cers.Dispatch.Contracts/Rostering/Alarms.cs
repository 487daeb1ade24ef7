using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>
/// Something a person must answer for was raised and is being paged (SMS and a call, climbing the on-call chain) until
/// someone acknowledges it. Kind: cover-limit-warning, cover-limit-breach, no-worker-on-site-in-time, nobody-on-site,
/// staffing, rota-problems, card-guessing, safeguarding, message-not-delivered. <paramref name="Code"/> is what the person
/// texts back (ACK and the code).
/// </summary>
public sealed record AlarmRaised(Guid AlarmId, string Kind, string Code, Guid? ActivationId, string Summary, Instant RaisedAt);

/// <summary>A provider accepted an SMS or call paging <paramref name="PersonName"/> (Channel "sms" or "call"): only now were they paged.</summary>
public sealed record AlarmPaged(Guid AlarmId, Guid? ActivationId, string Code, string PersonName, string Role, string Channel, string Provider, Instant At);

/// <summary>An SMS or call paging <paramref name="PersonName"/> has not got through: the board keeps the alarm loud.</summary>
public sealed record AlarmNotDelivered(Guid AlarmId, Guid? ActivationId, string Code, string PersonName, string Role, string Channel, string Why, Instant At);

/// <summary>A person answered for the alarm (Via "sms", "call" or "console"): paging stopped.</summary>
public sealed record AlarmAcknowledged(Guid AlarmId, Guid? ActivationId, string Code, string By, string Via, Instant At);

/// <summary>What the alarm was about resolved before anyone answered (the worker arrived, the activation closed): paging stopped.</summary>
public sealed record AlarmStoodDown(Guid AlarmId, Guid? ActivationId, string Code, string Why, Instant At);
