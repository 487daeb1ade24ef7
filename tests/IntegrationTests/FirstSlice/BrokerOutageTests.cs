using Cers.Dispatch.Testing;
using Cers.Dispatch.Rostering.Dispatches;

namespace Cers.Dispatch.IntegrationTests.FirstSlice;

/// <summary>Stops the shared RabbitMQ: the test command runs these apart from everything else.</summary>
[Collection(FirstSliceCollection.Name)]
[Trait("Category", "Faults")]
public sealed class BrokerOutageTests(FirstSliceFixture fixture)
{
    [Fact]
    public async Task An_activation_committed_while_RabbitMQ_is_down_reaches_rostering_once_RabbitMQ_is_back()
    {
        await LocalInfrastructure.RunInfraScriptAsync("stop-rabbitmq");
        Guid activationId;
        try
        {
            activationId = await Reports.OpenAsync(fixture.Intake.CreateClient(), Reports.Valid("5100 2233 4471"));

            await using var during = fixture.RosteringStore.QuerySession();
            (await during.LoadAsync<StaffDispatch>(activationId)).Should().BeNull("nothing can cross while the broker is down");
            var bus = await Eventually.GetAsync(async () =>
            {
                using var response = await fixture.Intake.CreateAnonymousClient().GetAsync("/health/bus");
                return response.IsSuccessStatusCode ? null : response.StatusCode.ToString();
            }, within: TimeSpan.FromSeconds(30), what: "the bus reported down");
            bus.Should().Be("ServiceUnavailable");
            using var ready = await fixture.Intake.CreateAnonymousClient().GetAsync("/health/ready");
            ready.IsSuccessStatusCode.Should().BeTrue("intake answers from PostgreSQL and its outbox keeps what it publishes, so it stays in the load balancer");
        }
        finally
        {
            await LocalInfrastructure.RunInfraScriptAsync("start-rabbitmq");
        }

        var dispatch = await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.RosteringStore.QuerySession();
            return await session.LoadAsync<StaffDispatch>(activationId);
        }, within: TimeSpan.FromMinutes(2), what: "the dispatch after RabbitMQ came back");

        dispatch.CardNumber.Should().Be("510022334471");
        await using var after = fixture.RosteringStore.QuerySession();
        (await after.Events.FetchStreamAsync(activationId)).Should().ContainSingle("the activation is recorded exactly once in effect");
    }
}
