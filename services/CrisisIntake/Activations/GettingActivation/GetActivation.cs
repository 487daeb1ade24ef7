using Marten;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingActivation;

public static class GetActivationSlice
{
    public static async Task<IResult> Handle(Guid id, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Activation>(id, cancellationToken) is { } activation
            ? Results.Ok(activation)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
}
