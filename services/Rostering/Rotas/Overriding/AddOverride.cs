using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.Rotas.Overriding;

public sealed record AddOverrideRequest(string? From, string? To, Guid? CoveredBy, Guid? Replacing, string? Reason, string? AddedBy);

/// <summary>What an override must say, read against the rotation it changes and the staff it names.</summary>
public sealed class AddOverrideValidator : AbstractValidator<AddOverrideRequest>
{
    public AddOverrideValidator(Rotation rotation, IReadOnlyDictionary<Guid, StaffMember> staff)
    {
        RuleFor(r => r.From).IsoInstant();
        RuleFor(r => r.To).IsoInstant();
        RuleFor(r => r.To).Must((r, to) => Parse.Instant(to) is not { } end || Parse.Instant(r.From) is not { } start || end > start)
            .WithMessage("Must be after from.");
        RuleFor(r => r.CoveredBy).Must(cover => cover is null || staff.ContainsKey(cover.Value))
            .WithMessage("No such staff member.");
        RuleFor(r => r.CoveredBy).Must(cover => cover is not { } id || !staff.TryGetValue(id, out var member) || member.Role == rotation.Role)
            .WithMessage((_, cover) => $"{staff[cover!.Value].Name} is a {staff[cover.Value].Role}; this rotation needs a {rotation.Role}.");
        RuleFor(r => r.Replacing).Must(replacing => replacing is null || rotation.Participants.Contains(replacing.Value))
            .WithMessage("Not a participant of this rotation.");
        RuleFor(r => r.Reason).OneOf(AddOverrideSlice.Reasons);
        RuleFor(r => r.AddedBy).RequiredText();
    }
}

public static class AddOverrideSlice
{
    public static readonly string[] Reasons = ["swap", "sickness", "holiday", "training", "other"];

    public static (RotaOverrideAdded? Added, Dictionary<string, string[]> Errors) Validate(
        AddOverrideRequest request, Rotation rotation, IReadOnlyDictionary<Guid, StaffMember> staff, Guid overrideId, Instant now)
    {
        if (new AddOverrideValidator(rotation, staff).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        return (new RotaOverrideAdded(
            rotation.Id, overrideId, Parse.Instant(request.From)!.Value, Parse.Instant(request.To)!.Value, request.CoveredBy, request.Replacing,
            Parse.Word(request.Reason!), Parse.Text(request.AddedBy)!, now), []);
    }

    public static async Task<IResult> Handle(Guid id, AddOverrideRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var stream = await session.Events.FetchForWriting<Rotation>(id, cancellationToken);
        if (stream.Aggregate is not { } rotation)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No rotation {id}.");
        }

        var ids = new[] { request.CoveredBy }.OfType<Guid>().ToArray();
        var staff = (await session.LoadManyAsync<StaffMember>(cancellationToken, ids)).ToDictionary(s => s.Id);
        var (added, errors) = Validate(request, rotation, staff, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (added is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext();
        stream.AppendOne(added);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/rotations/{id}", rotation.Apply(added));
    }
}
