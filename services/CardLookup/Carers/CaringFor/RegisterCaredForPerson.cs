using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.CaringFor;

/// <summary><c>PersonId</c> links a person already registered with another carer (one person, several carers).</summary>
public sealed record RegisterCaredForPersonRequest(
    string? FirstName,
    string? LastName,
    string? DateOfBirth,
    string? Relationship,
    Guid? PersonId,
    string? RegisteredBy);

public sealed record RegisterCaredForPerson(Guid CarerId, Guid PersonId, PersonName Name, LocalDate DateOfBirth, string Relationship, string RegisteredBy, Instant Now);

public sealed record CaredForPersonRegisteredResponse(Guid CarerId, Guid PersonId);

public sealed class RegisterCaredForPersonValidator : AbstractValidator<RegisterCaredForPersonRequest>
{
    /// <param name="today">The day of registration in the UK, on which the person cared for must be old enough.</param>
    public RegisterCaredForPersonValidator(LocalDate today)
    {
        const int minimumAge = RegisterCaredForPersonSlice.MinimumAge;
        RuleFor(r => r.FirstName).RequiredText(100);
        RuleFor(r => r.LastName).RequiredText(100);
        RuleFor(r => r.DateOfBirth).Cascade(CascadeMode.Stop)
            .IsoDate()
            .Must(born => Parse.Date(born) <= today).WithMessage("A date of birth in the past.")
            .Must(born => Ages.On(Parse.Date(born)!.Value, today) >= minimumAge)
            .WithMessage($"The person cared for must be aged {minimumAge} or over on the day of registration ({today:uuuu-MM-dd}).");
        RuleFor(r => r.Relationship).RequiredText(50);
        RuleFor(r => r.RegisteredBy).RequiredText();
        RuleFor(r => r.PersonId).NotEqual(Guid.Empty).WithMessage("Leave it out for a new person, or give the id of a person already registered.");
    }
}

public static class RegisterCaredForPersonSlice
{
    /// <summary>The service covers children from the age of four; younger children need a different kind of care.</summary>
    public const int MinimumAge = 4;

    public static (RegisterCaredForPerson? Command, Dictionary<string, string[]> Errors) Validate(RegisterCaredForPersonRequest request, Guid carerId, Guid newPersonId, Instant now)
    {
        if (new RegisterCaredForPersonValidator(Ages.Today(now)).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        var name = new PersonName(Parse.Text(request.FirstName)!, Parse.Text(request.LastName)!);
        return (new RegisterCaredForPerson(
            carerId, request.PersonId ?? newPersonId, name, Parse.Date(request.DateOfBirth)!.Value, Parse.Text(request.Relationship)!, Parse.Text(request.RegisteredBy)!, now), []);
    }

    /// <param name="existing">The person as registered with another carer, when the command links one.</param>
    /// <param name="key">The carer's data key: the person's name, date of birth and relationship are sealed with it.</param>
    public static CaredForPersonRegistered Decide(RegisterCaredForPerson command, OpenedCarer carer, CaredForPerson? existing, bool linksExisting, SubjectKey key)
    {
        if (carer.CaredFor.Any(p => p.PersonId == command.PersonId))
        {
            throw new DomainRuleViolated("This person is already registered with this carer.");
        }

        if (carer.CaredFor.Any(p => SamePerson(p.Name, p.DateOfBirth, command)))
        {
            throw new DomainRuleViolated($"{command.Name.First} {command.Name.Last}, born {command.DateOfBirth:uuuu-MM-dd}, is already registered with this carer.");
        }

        if (linksExisting && (existing is null || !SamePerson(existing.Name, existing.DateOfBirth, command)))
        {
            throw new DomainRuleViolated("No person with this id, name and date of birth is registered with another carer.");
        }

        return new CaredForPersonRegistered(
            command.CarerId, command.PersonId, key.Seal(new CaredForDetails(command.Name, command.DateOfBirth, command.Relationship)), command.RegisteredBy, command.Now);
    }

    private static bool SamePerson(PersonName name, LocalDate dateOfBirth, RegisterCaredForPerson command) =>
        dateOfBirth == command.DateOfBirth
        && string.Equals(name.First, command.Name.First, StringComparison.OrdinalIgnoreCase)
        && string.Equals(name.Last, command.Name.Last, StringComparison.OrdinalIgnoreCase);

    public static async Task<IResult> Handle(
        Guid carerId, RegisterCaredForPersonRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, carerId, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (command is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        var stream = await session.Events.FetchForWriting<Carer>(carerId, cancellationToken);
        if (stream.Aggregate is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        try
        {
            var key = await CarerKeys.ForWritingAsync(carer, vault, session, cancellationToken);
            CaredForPerson? existing = null;
            if (request.PersonId is { } personId)
            {
                var others = await session.Query<Carer>().Where(c => c.Id != carerId && c.CaredFor.Any(p => p.PersonId == personId)).ToListAsync(cancellationToken);
                foreach (var other in others)
                {
                    existing ??= (await OpenedCarer.OpenAsync(other, vault, session, cancellationToken))?.CaredFor.First(p => p.PersonId == personId);
                }
            }

            var registered = Decide(command, OpenedCarer.Open(carer, key), existing, request.PersonId is not null, key);
            stream.AppendOne(registered);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.Created($"/carers/{carerId}", new CaredForPersonRegisteredResponse(carerId, registered.PersonId));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
