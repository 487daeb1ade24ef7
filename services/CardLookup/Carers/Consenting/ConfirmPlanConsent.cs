using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Consenting;

/// <summary><c>ConsentToSharePlan</c>: what the carer said, true or false.</summary>
public sealed record ConfirmPlanConsentRequest(bool? ConsentToSharePlan);

public sealed record ConfirmPlanConsent(Guid CarerId, bool ConsentToSharePlan, string ConfirmedBy, Instant Now);

public sealed record PlanConsentView(Guid CarerId, bool ConsentToSharePlan, Instant RecordedAt);

public sealed class ConfirmPlanConsentValidator : AbstractValidator<ConfirmPlanConsentRequest>
{
    public ConfirmPlanConsentValidator() =>
        RuleFor(r => r.ConsentToSharePlan).NotNull().WithMessage("Required: true or false, as the carer said.");
}

public static class ConfirmPlanConsentSlice
{
    private static readonly ConfirmPlanConsentValidator Validator = new();

    public static (ConfirmPlanConsent? Command, Dictionary<string, string[]> Errors) Validate(
        ConfirmPlanConsentRequest request, Guid carerId, string confirmedBy, Instant now) =>
        Validator.Validate(request) is { IsValid: false } invalid
            ? (null, invalid.Fields())
            : (new ConfirmPlanConsent(carerId, request.ConsentToSharePlan!.Value, confirmedBy, now), []);

    /// <summary>Consent is current for a time from when it was last given, so the same answer again is recorded too: it renews it.</summary>
    public static PlanConsentConfirmed Decide(ConfirmPlanConsent command, Carer carer) =>
        carer.Erased
            ? throw CarerKeys.ErasedCarer()
            : new PlanConsentConfirmed(command.CarerId, command.ConsentToSharePlan, command.ConfirmedBy, command.Now);

    public static async Task<IResult> Handle(
        Guid carerId, ConfirmPlanConsentRequest request, HttpContext http, IDocumentSession session, IClock clock, CancellationToken cancellationToken)
    {
        var (command, errors) = Validate(request, carerId, http.User.Identity?.Name ?? "unknown", clock.GetCurrentInstant());
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
            var confirmed = Decide(command, carer);
            stream.AppendOne(confirmed);
            session.CarryTraceContext();
            await session.SaveChangesAsync(cancellationToken);
            return Results.Ok(new PlanConsentView(carerId, confirmed.ConsentToSharePlan, confirmed.ConfirmedAt));
        }
        catch (DomainRuleViolated violation)
        {
            return Problems.Conflict(violation);
        }
    }
}
