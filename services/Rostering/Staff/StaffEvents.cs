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

public sealed record StaffDeactivated(Guid StaffId, string By, string Reason, Instant At);

public sealed record StaffReactivated(Guid StaffId, string By, Instant At);
