using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Carers.Assessing;

/// <summary><c>At</c> is the appointment in UK local time, e.g. 2026-12-03T10:30.</summary>
public sealed record BookAssessmentRequest(string? At, string? Assessor, string? BookedBy);

public sealed record BookAssessment(Guid CarerId, Guid AssessmentId, LocalDateTime At, string Assessor, string BookedBy, Instant Now);

public sealed record AssessmentBookedResponse(Guid CarerId, Guid AssessmentId);

public static class BookAssessmentSlice
{
    public static (BookAssessment? Command, FieldErrors Errors) Validate(BookAssessmentRequest request, Guid carerId, Guid assessmentId, Instant now)
    {
        var errors = new FieldErrors();
        LocalDateTime at = default;
        var parsed = request.At is null ? null : LocalDateTimePattern.GeneralIso.Parse(request.At.Trim());
        if (parsed is not { Success: true })
        {
            errors.Add("at", "The appointment's date and time, e.g. 2026-12-03T10:30:00.");
        }
        else if (parsed.Value.InZoneLeniently(Ages.ServiceZone).ToInstant() < now)
        {
            errors.Add("at", "An appointment in the future.");
        }
        else
        {
            at = parsed.Value;
        }

        var assessor = errors.Required("assessor", request.Assessor, 200);
        var by = errors.Required("bookedBy", request.BookedBy, 200);
        return errors.Any ? (null, errors) : (new BookAssessment(carerId, assessmentId, at, assessor, by, now), errors);
    }

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
            return errors.ToProblem();
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
