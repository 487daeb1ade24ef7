using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;

namespace Cers.Dispatch.Rostering.Alerts.Listing;

/// <summary>The query of GET /alerts: whether to list open alerts only, resolved ones only, or (left out) all.</summary>
public sealed record AlertsQuery(string? Open);

public sealed class AlertsQueryValidator : AbstractValidator<AlertsQuery>
{
    public AlertsQueryValidator() =>
        RuleFor(q => q.Open).Must(open => open is null || Parse.Word(open) is "true" or "false")
            .WithMessage("true (open alerts only) or false (resolved ones only); leave it out for all.");
}

/// <summary>GET /alerts?open=true|false: the alerts (open ones first, oldest first), with whom they were texted to and why they resolved.</summary>
public static class GetAlertsSlice
{
    private static readonly AlertsQueryValidator Validator = new();

    public static async Task<IResult> Handle(string? open, IQuerySession session, CancellationToken cancellationToken)
    {
        if (Validator.Validate(new AlertsQuery(open)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem();
        }

        var query = session.Query<Alert>().AsQueryable();
        if (open is not null)
        {
            var wanted = Parse.Word(open) == "true";
            query = query.Where(a => a.Open == wanted);
        }

        var alerts = await query.OrderByDescending(a => a.Open).ThenBy(a => a.RaisedAt).ToListAsync(cancellationToken);
        return Results.Ok(alerts);
    }
}
