using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Assessing;

public sealed record CompleteAssessmentRequest(string? Findings, string? CompletedBy);

public sealed record CompleteAssessment(Guid CarerId, Guid AssessmentId, string Findings, string CompletedBy, Instant Now);

public sealed class CompleteAssessmentValidator : AbstractValidator<CompleteAssessmentRequest>
{
    public CompleteAssessmentValidator()
    {
        RuleFor(r => r.Findings).RequiredText(10_000);
        RuleFor(r => r.CompletedBy).RequiredText();
    }
}

public static class CompleteAssessmentSlice
{
    private static readonly CompleteAssessmentValidator Validator = new();

    public static (CompleteAssessment? Command, Dictionary<string, string[]> Errors) Validate(CompleteAssessmentRequest request, Guid carerId, Guid assessmentId, Instant now) =>
        Validator.Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new CompleteAssessment(carerId, assessmentId, Parse.Text(request.Findings)!, Parse.Text(request.CompletedBy)!, now), []);

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
            return ServiceDefaultsExtensions.ValidationProblem(errors);
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
