using Cers.Dispatch.CrisisIntake.Activations.Privacy;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingActivation;

public static class GetActivationSlice
{
    public static async Task<IResult> Handle(Guid id, IQuerySession session, PersonalDataVault vault, CancellationToken cancellationToken) =>
        await session.LoadAsync<Activation>(id, cancellationToken) is { } activation
            ? Results.Ok(ActivationView.From(activation, await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(id), cancellationToken)))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
}
