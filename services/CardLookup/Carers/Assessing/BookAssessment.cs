using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Carers.Assessing;

/// <summary><c>At</c> is the appointment in UK local time, e.g. 2026-12-03T10:30.</summary>
public sealed record BookAssessmentRequest(string? At, string? Assessor, string? BookedBy);

public sealed record BookAssessment(Guid CarerId, Guid AssessmentId, LocalDateTime At, string Assessor, string BookedBy, Instant Now);

public sealed class BookAssessmentValidator : AbstractValidator<BookAssessmentRequest>
{
    public BookAssessmentValidator(Instant now)
    {
        RuleFor(r => r.At).Cascade(CascadeMode.Stop)
            .Must(at => BookAssessmentSlice.Appointment(at) is not null).WithMessage("The appointment's date and time, e.g. 2026-12-03T10:30:00.")
            .Must(at => BookAssessmentSlice.Appointment(at)!.Value.InZoneLeniently(Ages.ServiceZone).ToInstant() >= now).WithMessage("An appointment in the future.");
        RuleFor(r => r.Assessor).RequiredText();
        RuleFor(r => r.BookedBy).RequiredText();
    }
}

public sealed record AssessmentBookedResponse(Guid CarerId, Guid AssessmentId);

public static class BookAssessmentSlice
{
    /// <summary>The appointment as UK local time, or null when the text is not one.</summary>
    public static LocalDateTime? Appointment(string? text) =>
        text is not null && LocalDateTimePattern.GeneralIso.Parse(text.Trim()) is { Success: true } parsed ? parsed.Value : null;

    public static (BookAssessment? Command, Dictionary<string, string[]> Errors) Validate(BookAssessmentRequest request, Guid carerId, Guid assessmentId, Instant now) =>
        new BookAssessmentValidator(now).Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new BookAssessment(carerId, assessmentId, Appointment(request.At)!.Value, Parse.Text(request.Assessor)!, Parse.Text(request.BookedBy)!, now), []);

    public static AssessmentBooked Decide(BookAssessment command, Carer carer) => carer switch
    {
        { Erased: true } => throw new DomainRuleViolated("The carer's personal data was erased; nothing more is recorded for them."),
        { CaredFor.Count: 0 } => throw new DomainRuleViolated("Register the person cared for before booking their assessment."),
        _ => new AssessmentBooked(command.CarerId, command.AssessmentId, command.At, command.Assessor, command.BookedBy, command.Now),
    };

    public static async Task<IResult> Handle(Guid carerId, BookAssessmentRequest request, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
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
            var booked = Decide(command, carer);
            stream.AppendOne(booked);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.Created($"/carers/{carerId}", new AssessmentBookedResponse(carerId, booked.AssessmentId));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
