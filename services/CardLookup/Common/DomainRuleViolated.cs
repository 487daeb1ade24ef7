namespace Cers.Dispatch.CardLookup.Common;

/// <summary>A command that is well formed but not allowed in the current state, e.g. reinstating a card reported stolen.</summary>
#pragma warning disable CA1710 // Named as the rule it reports, like the deciders' other outcomes.
public sealed class DomainRuleViolated(string message) : Exception(message);
#pragma warning restore CA1710

public static class Problems
{
    public static IResult Conflict(DomainRuleViolated violation) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not allowed now; nothing was stored.", detail: violation.Message);

    public static IResult NotFound(string title) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title);
}

public static class ConcurrentChanges
{
    /// <summary>Two commands on one stream at the same moment: the second is refused whole, never half-applied.</summary>
    public static async ValueTask<object?> AnswerConflict(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (JasperFx.ConcurrencyException)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Changed by someone else at the same moment; nothing was stored.",
                detail: "Read it again and retry.");
        }
    }
}
