using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Assessing;

public sealed record CompleteAssessmentRequest(string? Findings, string? CompletedBy);

public sealed record CompleteAssessment(Guid CarerId, Guid AssessmentId, string Findings, string CompletedBy, Instant Now);

public static class CompleteAssessmentSlice
{
    public static (CompleteAssessment? Command, FieldErrors Errors) Validate(CompleteAssessmentRequest request, Guid carerId, Guid assessmentId, Instant now)
    {
        var errors = new FieldErrors();
        var findings = errors.Required("findings", request.Findings, 10_000);
        var by = errors.Required("completedBy", request.CompletedBy, 200);
        return errors.Any ? (null, errors) : (new CompleteAssessment(carerId, assessmentId, findings, by, now), errors);
    }

    /// <param name="key">The carer's data key: the findings describe their and their family's health, so they are sealed.</param>
    public static AssessmentCompleted Decide(CompleteAssessment command, Carer carer, SubjectKey key) =>
        carer.Assessments.FirstOrDefault(a => a.AssessmentId == command.AssessmentId) switch
        {
            null => throw new DomainRuleViolated($"No assessment {command.AssessmentId} is booked for this carer."),
            { Done: true } => throw new DomainRuleViolated("This assessment is already recorded as done."),
            _ => new AssessmentCompleted(command.CarerId, command.AssessmentId, key.Seal(command.Findings), command.CompletedBy, command.Now),
        };

    public static async Task<IResult> Handle(
        Guid carerId, Guid assessmentId, CompleteAssessmentRequest request, IDocumentSession session, PersonalDataVault vault, IClock clock,
        CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, carerId, assessmentId, clock.GetCurrentInstant());
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
            stream.AppendOne(Decide(command, carer, await CarerKeys.ForWritingAsync(carer, vault, session, cancellationToken)));
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.NoContent();
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
