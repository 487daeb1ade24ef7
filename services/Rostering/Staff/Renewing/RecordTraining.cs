using System.Security.Claims;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;
using Skills = Cers.Dispatch.Contracts.CardLookup.Skills;

namespace Cers.Dispatch.Rostering.Staff.Renewing;

/// <summary>A renewal as the request says it: the skill from the path, the expiry from the body.</summary>
public sealed record TrainingRenewal(string Skill, string? ExpiresOn);

public sealed class TrainingRenewalValidator : AbstractValidator<TrainingRenewal>
{
    public TrainingRenewalValidator()
    {
        RuleFor(r => r.Skill).OneOf(Skills.All, lead: "Not a known skill; ");
        RuleFor(r => r.ExpiresOn).IsoDate();
    }
}

/// <summary>PUT /staff/{id}/training/{skill}: renewed training in one skill (or a corrected date), replacing earlier records of it.</summary>
public static class RecordTrainingSlice
{
    private static readonly TrainingRenewalValidator Validator = new();

    public static IReadOnlyList<object> Decide(StaffMember member, string skill, LocalDate expiresOn, string by, Instant now) =>
        member.Training.Where(t => t.Skill == skill).Select(t => t.ExpiresOn).ToList() is [var only] && only == expiresOn
            ? []
            : [new TrainingRecorded(member.Id, skill, expiresOn, by, now)];

    public static async Task<IResult> Handle(
        Guid id, string skill, ExpiryRequest? request, ClaimsPrincipal user, IDocumentStore store, IClock clock, CancellationToken cancellationToken)
    {
        var renewal = new TrainingRenewal(skill, request?.ExpiresOn);
        if (Validator.Validate(renewal) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var member = await StaffChanges.StoreAsync<TrainingRecorded>(store, id,
            m => Decide(m, Parse.Word(skill), Parse.Date(renewal.ExpiresOn)!.Value, Caller.NameOf(user), clock.GetCurrentInstant()), (m, e) => m.Apply(e), cancellationToken);
        return member is null ? StaffChanges.NoSuchMember(id) : Results.Ok(member);
    }
}
