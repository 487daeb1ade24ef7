using System.Net.Http.Headers;
using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>Plays crisis intake and rostering on the bus for one activation, and waits until card lookup has heard.</summary>
internal sealed class CoverPlayer(CardLookupFixture fixture)
{
    public Guid ActivationId { get; } = Guid.NewGuid();

    private NodaTime.Instant Now => fixture.Clock.GetCurrentInstant();

    public async Task OpenedForAsync(Guid carerId, string cardNumber)
    {
        await fixture.Bus.PublishNewsAsync(new Intake.ActivationOpened(ActivationId, "Phone", cardNumber, "Hospital", "Royal Infirmary", "Ward 4 sister", null, Now));
        await fixture.Bus.PublishNewsAsync(new Intake.ActivationCardVerified(ActivationId, cardNumber, carerId, "Active", true, "scotland", "G12 Glasgow", Now));
        await UntilAsync(a => a.CarerId == carerId && a.OpenedAt is not null);
    }

    public async Task AcceptedByAsync(Guid workerId)
    {
        await fixture.Bus.PublishNewsAsync(new Rostering.OfferAccepted(ActivationId, Guid.NewGuid(), workerId, Now));
        await UntilAsync(a => a.Worker(workerId)?.OnCover == true);
    }

    public async Task LeftAsync(Guid workerId)
    {
        await fixture.Bus.PublishNewsAsync(new Rostering.WorkerLeft(ActivationId, workerId, Now));
        await UntilAsync(a => a.Worker(workerId)?.LeftAt is not null);
    }

    public async Task ClosedAsync()
    {
        await fixture.Bus.PublishNewsAsync(new Intake.ActivationClosed(ActivationId, "LongerTermCareArranged", "coordinator: A Khan", Now));
        await UntilAsync(a => !a.Open);
    }

    /// <summary>A care worker's plan-link token, as rostering mints it: role care-worker, subject the worker's id.</summary>
    public HttpClient AsCareWorker(Guid workerId, string name = "Ben Ade")
    {
        var client = fixture.Host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.TokenFor(name, [CersRoles.CareWorker], subject: workerId.ToString()));
        return client;
    }

    private Task<CoverAccess> UntilAsync(Func<CoverAccess, bool> heard) =>
        Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<CoverAccess>(ActivationId) is { } access && heard(access) ? access : null;
        }, what: $"card lookup to hear about activation {ActivationId}");
}
