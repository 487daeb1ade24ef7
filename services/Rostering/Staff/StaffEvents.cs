using NodaTime;

namespace Cers.Dispatch.Rostering.Staff;

public static class StaffRoles
{
    public const string CareWorker = "care-worker";
    public const string Coordinator = "coordinator";
    public const string DutyManager = "duty-manager";

    public static IReadOnlyList<string> All { get; } = [CareWorker, Coordinator, DutyManager];
}

public sealed record Training(string Skill, LocalDate ExpiresOn);

public sealed record Location(double Latitude, double Longitude);

/// <summary>A care worker, coordinator or duty manager joined the register. Phone is E.164.</summary>
public sealed record StaffRegistered(
    Guid StaffId,
    string Name,
    string Phone,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<Training> Training,
    LocalDate? DbsCheckExpiresOn,
    IReadOnlyList<string> Languages,
    Location? HomeBase,
    bool Active,
    string RegisteredBy,
    Instant RegisteredAt);

/// <summary>An administrator took the person off duty (left, suspended, on long leave): never ranked or offered until reactivated.</summary>
public sealed record StaffDeactivated(Guid StaffId, string By, string Reason, Instant At);

public sealed record StaffReactivated(Guid StaffId, string By, Instant At);

/// <summary>A DBS check was renewed (or its date corrected): it now expires on <paramref name="ExpiresOn"/>.</summary>
public sealed record DbsCheckRecorded(Guid StaffId, LocalDate ExpiresOn, string By, Instant At);

/// <summary>Training for <paramref name="Skill"/> was renewed (or its date corrected); it replaces earlier records of that skill.</summary>
public sealed record TrainingRecorded(Guid StaffId, string Skill, LocalDate ExpiresOn, string By, Instant At);

/// <summary>The person's mobile number changed (E.164); SMS replies from the old number no longer lead to them.</summary>
public sealed record StaffPhoneChanged(Guid StaffId, string OldPhone, string Phone, string By, Instant At);
