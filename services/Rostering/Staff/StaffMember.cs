using NodaTime;

namespace Cers.Dispatch.Rostering.Staff;

/// <summary>One person on the register, folded from their stream.</summary>
public sealed record StaffMember(
    Guid Id,
    string Name,
    string Phone,
    string Role,
    IReadOnlyList<string> Skills,
    IReadOnlyList<Training> Training,
    LocalDate? DbsCheckExpiresOn,
    IReadOnlyList<string> Languages,
    Location? HomeBase,
    bool Active,
    Instant RegisteredAt)
{
    public static StaffMember Create(StaffRegistered e) => new(
        e.StaffId, e.Name, e.Phone, e.Role, e.Skills, e.Training, e.DbsCheckExpiresOn, e.Languages, e.HomeBase, e.Active, e.RegisteredAt);

    public StaffMember Apply(StaffDeactivated e) => this with { Active = false };

    public StaffMember Apply(StaffReactivated e) => this with { Active = true };

    /// <summary>Training for <paramref name="skill"/> that is still in date on <paramref name="on"/>, if any.</summary>
    public bool TrainedIn(string skill, LocalDate on) => Training.Any(t => t.Skill == skill && t.ExpiresOn >= on);
}

/// <summary>Keeps phone numbers unique across the register: an SMS reply must lead to exactly one person.</summary>
public sealed record StaffPhone(string Id, Guid StaffId);
