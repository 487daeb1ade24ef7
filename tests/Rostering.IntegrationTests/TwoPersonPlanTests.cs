using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using MassTransit;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// A plan for a two-person transfer, while rostering offers one worker: when the first accepts, the coordinator on call is
/// paged to find the second, so nobody is left to hoist alone; a plan for one pages nobody.
/// </summary>
public sealed class TwoPersonPlanTests
{
    [Theory]
    [InlineData(2, true)]
    [InlineData(1, false)]
    public Task When_the_first_worker_accepts_a_plan_for_two_the_coordinator_is_paged_to_find_the_second(int workersNeeded, bool paged) =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var coordinator = await Register.StaffAsync(admin, "Cara Coordinator", "coordinator");
            await Register.RotationAsync(admin, "coordinator", [coordinator.Id]);
            var asha = await Register.StaffAsync(admin, "Asha Nearest", "care-worker", 52.205, 0.12, ["personal-care", "moving-and-handling"]);
            await Register.RotationAsync(admin, "care-worker", [asha.Id]);
            var (carerId, activationId) = (Guid.NewGuid(), Guid.NewGuid());
            var now = fixture.Clock.GetCurrentInstant();
            await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, ["personal-care", "moving-and-handling"], "england-and-wales",
                "CB1 Cambridge", 52.2, 0.12, now, WorkersNeeded: workersNeeded), c => c.MessageId = Guid.NewGuid());
            await Eventually.GetAsync(async () =>
            {
                await using var session = fixture.Store.QuerySession();
                return await session.LoadAsync<Matching.CarerNeeds>(carerId) is { WorkersNeeded: var n } && n == workersNeeded ? "known" : null;
            }, what: "the carer's plan");
            await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(
                activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, now,
                new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", "CB1 Cambridge", now)));

            var scenario = new CoverScenario(fixture);
            await scenario.AcceptAsync(activationId, asha);

            if (paged)
            {
                var page = await scenario.SmsTo(coordinator.Phone, m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal));
                page.Body.Should().Contain("needs 2 care workers at once (a two-person transfer)").And.Contain("Asha Nearest has accepted")
                    .And.Contain("Find the second now");
            }
            else
            {
                await Task.Delay(1000);
                fixture.Twilio.Messages.Should().NotContain(m => m.To == coordinator.Phone, "a plan for one is staffed by the one who accepted");
            }
        });
}
