using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Rotas.Creating;

public sealed record CreateRotationRequest(
    string? Name,
    string? Role,
    string? Kind,
    IReadOnlyList<Guid>? Participants,
    string? StartsAt,
    int? TurnDays,
    int? TurnHours,
    string? WindowFrom,
    string? WindowTo,
    int? Priority,
    string? CreatedBy);

/// <summary>What a rotation must say, its participants read against the staff register; every wrong field is named at once.</summary>
public sealed class CreateRotationValidator : AbstractValidator<CreateRotationRequest>
{
    private const int MostTurnDays = 366;
    private const int MostTurnHours = 24 * 31;
    private const string WallTimeExample = "A wall time such as 08:00 or 20:00.";
    private const string BothEnds = "Give both ends of the daily window, or neither.";

    public CreateRotationValidator(IReadOnlyDictionary<Guid, StaffMember> staff)
    {
        RuleFor(r => r.Name).RequiredText();
        RuleFor(r => r.Role).OneOf(StaffRoles.All);
        RuleFor(r => r.Kind).OneOf(RotationKinds.All);
        RuleFor(r => r.Participants).Must(participants => participants is { Count: > 0 }).WithMessage("At least one person, in turn order.");
        RuleForEach(r => r.Participants).Must(staff.ContainsKey).WithMessage("No such staff member.");
        RuleForEach(r => r.Participants)
            .Must((r, id) => r.Role is null || !staff.TryGetValue(id, out var member) || member.Role == Parse.Word(r.Role))
            .WithMessage((r, id) => $"{staff[id].Name} is a {staff[id].Role}, not a {Parse.Word(r.Role!)}.");
        RuleFor(r => r.StartsAt).Must(startsAt => WallTimes.DateTime(startsAt) is not null)
            .WithMessage("The first hand-off as Europe/London wall time, e.g. 2026-03-23T09:00:00 (no offset).");
        RuleFor(r => r.TurnDays).Must((r, days) => days is null != r.TurnHours is null)
            .WithMessage("Give exactly one of turnDays (calendar days, e.g. 7 for weekly) or turnHours (elapsed hours, e.g. 12).");
        RuleFor(r => r.TurnDays).Must(days => days is null or (>= 1 and <= MostTurnDays)).When(r => r.TurnHours is null)
            .WithMessage($"Between 1 and {MostTurnDays}.");
        RuleFor(r => r.TurnHours).Must(hours => hours is null or (>= 1 and <= MostTurnHours)).When(r => r.TurnDays is null)
            .WithMessage($"Between 1 and {MostTurnHours}.");
        RuleFor(r => r.WindowFrom).Must(BeAWallTimeIfGiven).WithMessage(WallTimeExample);
        RuleFor(r => r.WindowTo).Must(BeAWallTimeIfGiven).WithMessage(WallTimeExample);
        RuleFor(r => r.WindowFrom).Must((r, from) => WallTimes.Time(from) is not null || WallTimes.Time(r.WindowTo) is null)
            .WithMessage(BothEnds);
        RuleFor(r => r.WindowTo).Must((r, to) => WallTimes.Time(to) is not null || WallTimes.Time(r.WindowFrom) is null)
            .WithMessage(BothEnds);
        RuleFor(r => r.WindowTo).Must((r, to) => WallTimes.Time(to) is not { } end || end != WallTimes.Time(r.WindowFrom))
            .WithMessage("The window must not be empty; leave both out to be on all day.");
        RuleFor(r => r.Priority).Must(priority => priority is null or (>= 0 and <= 100)).WithMessage("Between 0 and 100 (lower is asked first).");
        RuleFor(r => r.CreatedBy).RequiredText();
    }

    private static bool BeAWallTimeIfGiven(string? text) => text is null || WallTimes.Time(text) is not null;
}

public static class CreateRotationSlice
{
    public static (RotationCreated? Created, Dictionary<string, string[]> Errors) Validate(
        CreateRotationRequest request, IReadOnlyDictionary<Guid, StaffMember> staff, Guid rotationId, Instant now)
    {
        if (new CreateRotationValidator(staff).Validate(request) is { IsValid: false } invalid)
        {
            return (null, invalid.Fields());
        }

        return (new RotationCreated(
            rotationId, Parse.Text(request.Name)!, Parse.Word(request.Role!), Parse.Word(request.Kind!), request.Participants!, WallTimes.DateTime(request.StartsAt)!.Value,
            request.TurnDays, request.TurnHours, WallTimes.Time(request.WindowFrom), WallTimes.Time(request.WindowTo), request.Priority ?? 10, Parse.Text(request.CreatedBy)!, now), []);
    }

    public static async Task<IResult> Handle(CreateRotationRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var ids = request.Participants ?? [];
        var staff = (await session.LoadManyAsync<StaffMember>(cancellationToken, ids.Distinct())).ToDictionary(s => s.Id);
        var (created, errors) = Validate(request, staff, Guid.CreateVersion7(), clock.GetCurrentInstant());
        if (created is null)
        {
            return ServiceDefaultsExtensions.ValidationProblem(errors);
        }

        session.CarryTraceContext().Events.StartStream<Rotation>(created.RotationId, created);
        await session.SaveChangesAsync(cancellationToken);
        return Results.Created($"/rotations/{created.RotationId}", Rotation.Create(created));
    }
}

/// <summary>A rotation's Europe/London wall times, read as people write them; null when they are not.</summary>
public static class WallTimes
{
    /// <summary>A Europe/London wall date and time, without an offset, or null.</summary>
    public static LocalDateTime? DateTime(string? text) =>
        text is not null && LocalDateTimePattern.ExtendedIso.Parse(text) is { Success: true } parsed ? parsed.Value : null;

    /// <summary>A wall time such as 08:00 or 20:00:00, or null.</summary>
    public static LocalTime? Time(string? text) => Parse.TimeOfDay(text);
}
