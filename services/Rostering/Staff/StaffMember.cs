using Cers.Dispatch.ServiceDefaults.Phones;
using Marten;
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
    /// <summary>Why and by whom the person was taken off duty; null while active.</summary>
    public Deactivation? Deactivation { get; init; }

    public static StaffMember Create(StaffRegistered e) => new(
        e.StaffId, e.Name, e.Phone, e.Role, e.Skills, e.Training, e.DbsCheckExpiresOn, e.Languages, e.HomeBase, e.Active, e.RegisteredAt);

    public StaffMember Apply(StaffDeactivated e) => this with { Active = false, Deactivation = new Deactivation(e.Reason, e.By, e.At) };

    public StaffMember Apply(StaffReactivated e) => this with { Active = true, Deactivation = null };

    public StaffMember Apply(DbsCheckRecorded e) => this with { DbsCheckExpiresOn = e.ExpiresOn };

    public StaffMember Apply(TrainingRecorded e) => this with
    {
        Training = [.. Training.Where(t => t.Skill != e.Skill), new Training(e.Skill, e.ExpiresOn)],
    };

    public StaffMember Apply(StaffPhoneChanged e) => this with { Phone = e.Phone };

    /// <summary>The latest expiry recorded for training in <paramref name="skill"/>, if any.</summary>
    public LocalDate? TrainingExpiresOn(string skill) =>
        Training.Where(t => t.Skill == skill).Select(t => (LocalDate?)t.ExpiresOn).Max();

    /// <summary>Training for <paramref name="skill"/> that is still in date on <paramref name="on"/>, if any.</summary>
    public bool TrainedIn(string skill, LocalDate on) => Training.Any(t => t.Skill == skill && t.ExpiresOn >= on);
}

public sealed record Deactivation(string Reason, string By, Instant At);

/// <summary>Keeps phone numbers unique across the register: an SMS reply must lead to exactly one person.</summary>
public sealed record StaffPhone(string Id, Guid StaffId)
{
    /// <summary>The staff member whose phone this is (any UK form of it), in one statement: read for every SMS staff send.</summary>
    public static async Task<StaffMember?> OwnerAsync(IQuerySession query, string phone, CancellationToken cancellationToken)
    {
        var phones = query.DocumentStore.Options.Schema.For<StaffPhone>();
        var owners = await query.QueryAsync<StaffMember>(
            $"where d.id = (select cast(p.data ->> 'staffId' as uuid) from {phones} as p where p.id = ?)", cancellationToken, UkPhoneNumbers.ToE164(phone) ?? phone);
        return owners.SingleOrDefault();
    }
}
