using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
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

public static class RegisterCaredForPersonSlice
{
    /// <summary>The service covers children from the age of four; younger children need a different kind of care.</summary>
    public const int MinimumAge = 4;

    public static (RegisterCaredForPerson? Command, FieldErrors Errors) Validate(RegisterCaredForPersonRequest request, Guid carerId, Guid newPersonId, Instant now)
    {
        var errors = new FieldErrors();
        var first = errors.Required("firstName", request.FirstName, 100);
        var last = errors.Required("lastName", request.LastName, 100);
        var dateOfBirth = errors.Date("dateOfBirth", request.DateOfBirth);
        var today = Ages.Today(now);
        if (!errors.Fields.Contains("dateOfBirth"))
        {
            if (dateOfBirth > today)
            {
                errors.Add("dateOfBirth", "A date of birth in the past.");
            }
            else if (Ages.On(dateOfBirth, today) < MinimumAge)
            {
                errors.Add("dateOfBirth", $"The person cared for must be aged {MinimumAge} or over on the day of registration ({today:uuuu-MM-dd}).");
            }
        }

        var relationship = errors.Required("relationship", request.Relationship, 50);
        var by = errors.Required("registeredBy", request.RegisteredBy, 200);
        if (request.PersonId == Guid.Empty)
        {
            errors.Add("personId", "Leave it out for a new person, or give the id of a person already registered.");
        }

        return errors.Any
            ? (null, errors)
            : (new RegisterCaredForPerson(carerId, request.PersonId ?? newPersonId, new PersonName(first, last), dateOfBirth, relationship, by, now), errors);
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
            return errors.ToProblem();
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
