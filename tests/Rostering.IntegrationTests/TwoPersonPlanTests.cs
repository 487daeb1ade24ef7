using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using MassTransit;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// A plan for a two-person transfer, through rostering on real PostgreSQL and RabbitMQ: two places are offered at once with a
/// spare, the first two YES take them, the spare is texted that the call is covered and a later YES is stood down; cover
/// starts when both are on site, its limit from the first arrival; a place that comes free is offered again.
/// </summary>
public sealed class TwoPersonPlanTests
{
    private static readonly string[] TransferSkills = ["personal-care", "moving-and-handling"];

    [Fact]
    public Task Two_places_are_filled_by_the_first_two_to_accept_the_spare_is_stood_down_and_cover_starts_when_both_are_there() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var coordinator = await OnCallAsync(admin, "Cara Coordinator", "coordinator", []);
            var asha = await OnCallAsync(admin, "Asha Nearest", "care-worker", TransferSkills, 52.205);
            var ben = await OnCallAsync(admin, "Ben Next", "care-worker", TransferSkills, 52.21);
            var dev = await OnCallAsync(admin, "Dev Spare", "care-worker", TransferSkills, 52.22);

            var activationId = await OpenForAPlanNeedingAsync(fixture, workersNeeded: 2);
            var scenario = new CoverScenario(fixture);

            var offers = new Dictionary<string, SentSms>();
            foreach (var worker in new[] { asha, ben, dev })
            {
                offers[worker.Phone] = await scenario.SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
                offers[worker.Phone].Body.Should().Contain("2 care workers are needed at once");
            }

            (await scenario.Webhook.TextAsync(asha.Phone, $"YES {CoverScenario.CodeIn(offers[asha.Phone])}"))
                .Should().Contain("needs 2 care workers at once").And.Contain("finding your colleague");
            (await scenario.Webhook.TextAsync(ben.Phone, $"YES {CoverScenario.CodeIn(offers[ben.Phone])}"))
                .Should().Contain("Asha Nearest is going too");
            var covered = await scenario.SmsTo(dev.Phone, m => m.Body.Contains("is now covered", StringComparison.Ordinal));
            covered.Body.Should().Contain(CoverScenario.CodeIn(offers[dev.Phone]));
            (await scenario.Webhook.TextAsync(dev.Phone, $"YES {CoverScenario.CodeIn(offers[dev.Phone])}"))
                .Should().Contain("stood down");

            var staffed = await scenario.Dispatch(activationId, d => !d.IsSeeking());
            staffed.AcceptedWorkerId.Should().Be(asha.Id);
            staffed.Companions.Should().Equal(ben.Id);
            staffed.Offers.Where(o => o.Status == OfferStatus.Accepted).Should().HaveCount(2, "each acceptance is recorded once");
            (await scenario.Published<Contracts.Rostering.OfferAccepted>(a => a.ActivationId == activationId && a.WorkerId == ben.Id, "Ben's acceptance"))
                .Should().Match<Contracts.Rostering.OfferAccepted>(a => a.PlacesFilled == 2 && a.PlacesNeeded == 2);

            var ashaArrived = fixture.Clock.GetCurrentInstant();
            (await scenario.Webhook.TextAsync(asha.Phone, "ARRIVED")).Should().Contain("wait for your colleague");
            (await scenario.Dispatch(activationId, d => d.OnSite.Contains(asha.Id))).CoverStartedAt.Should().BeNull("one of the two is there");
            fixture.Clock.Advance(Duration.FromMinutes(12));
            (await scenario.Webhook.TextAsync(ben.Phone, "ARRIVED")).Should().Contain("cover has started");
            var started = await scenario.Published<Contracts.Rostering.WorkerArrived>(a => a.ActivationId == activationId && a.WorkerId == ben.Id, "Ben's arrival");
            started.Cover.Should().NotBeNull();
            started.Cover!.StartedAt.Should().Be(ashaArrived, "the cover limit runs from the first arrival");

            // Ben leaves: his place is offered again (Dev, free now, is asked afresh); Asha stays responsible for the cover.
            (await scenario.Webhook.TextAsync(ben.Phone, "LEFT")).Should().Contain("leaving is recorded");
            var again = await scenario.SmsTo(dev.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal) && m.Sid != offers[dev.Phone].Sid);
            (await scenario.Webhook.TextAsync(dev.Phone, $"YES {CoverScenario.CodeIn(again)}")).Should().Contain("Asha Nearest is going too");
            var refilled = await scenario.Dispatch(activationId, d => d.Companions.Contains(dev.Id));
            refilled.AcceptedWorkerId.Should().Be(asha.Id);
            fixture.Twilio.Messages.Should().NotContain(m => m.To == coordinator.Phone, "every place was filled without the coordinator");
        });

    [Fact]
    public Task While_another_activation_waits_for_a_free_worker_a_plan_for_two_asks_one_worker_a_place_and_none_spare() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            await OnCallAsync(admin, "Cara Coordinator", "coordinator", []);
            var asha = await OnCallAsync(admin, "Asha Nearest", "care-worker", TransferSkills, 52.205);
            var ben = await OnCallAsync(admin, "Ben Next", "care-worker", TransferSkills, 52.21);
            var dev = await OnCallAsync(admin, "Dev Spare", "care-worker", TransferSkills, 52.22);
            var scenario = new CoverScenario(fixture);

            // Nobody on duty has what this plan needs: its person waits for the next free worker who can.
            var waiting = await OpenForAPlanNeedingAsync(fixture, workersNeeded: 1, skills: ["tracheostomy-care"]);
            await scenario.Dispatch(waiting, d => d.WaitingForFreeWorker);

            var activationId = await OpenForAPlanNeedingAsync(fixture, workersNeeded: 2);
            var offered = await scenario.Dispatch(activationId, d => d.Offers.Count > 0);
            offered.Offers.Select(o => o.WorkerId).Should().BeEquivalentTo(
                [asha.Id, ben.Id], "one offer a place, nearest first, and nobody held spare while another person waits");
            fixture.Twilio.Messages.Should().NotContain(m => m.To == dev.Phone, "Dev stays free for whoever needs her next");
        });

    [Fact]
    public Task With_one_worker_free_for_a_plan_for_two_she_is_asked_and_the_coordinator_is_paged_for_the_other_place() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var coordinator = await OnCallAsync(admin, "Cara Coordinator", "coordinator", []);
            var asha = await OnCallAsync(admin, "Asha Nearest", "care-worker", TransferSkills, 52.205);
            await OpenForAPlanNeedingAsync(fixture, workersNeeded: 2);
            var scenario = new CoverScenario(fixture);

            await scenario.SmsTo(asha.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            var page = await scenario.SmsTo(coordinator.Phone, m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal));
            page.Body.Should().Contain("cannot be staffed automatically").And.Contain("0 of 2 places filled");
        });

    [Fact]
    public Task One_worker_left_alone_at_a_two_person_transfer_pages_the_coordinator_until_the_colleague_arrives() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var coordinator = await OnCallAsync(admin, "Cara Coordinator", "coordinator", []);
            var asha = await OnCallAsync(admin, "Asha Nearest", "care-worker", TransferSkills, 52.205);
            var ben = await OnCallAsync(admin, "Ben Next", "care-worker", TransferSkills, 52.21);

            var activationId = await OpenForAPlanNeedingAsync(fixture, workersNeeded: 2);
            var scenario = new CoverScenario(fixture);
            await scenario.AcceptAsync(activationId, asha);
            await scenario.AcceptAsync(activationId, ben);
            await scenario.Webhook.TextAsync(asha.Phone, "ARRIVED");
            await scenario.Dispatch(activationId, d => d.ShortHandedSince is not null);

            fixture.Clock.Advance(Duration.FromMinutes(21));
            var page = await scenario.SmsTo(coordinator.Phone, m => m.Body.StartsWith("CERS ALARM", StringComparison.Ordinal));
            page.Body.Should().Contain("Only 1 (Asha Nearest) of the 2 care workers").And.Contain("Ben Next has accepted and is on the way")
                .And.Contain("cannot be done safely");

            (await scenario.Webhook.TextAsync(ben.Phone, "ARRIVED")).Should().Contain("cover has started");
            var stoodDown = await scenario.Published<Contracts.Rostering.AlarmStoodDown>(a => a.ActivationId == activationId, "the alarm standing down");
            stoodDown.Why.Should().Be("enough care workers are on site");
        });

    [Fact]
    public Task Before_the_second_workers_shift_ends_her_place_is_offered_to_the_next_shift_and_held_throughout() =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var admin = fixture.Rostering.CreateClientAs(CersRoles.Administrator);
            var coordinator = await OnCallAsync(admin, "Cara Coordinator", "coordinator", []);
            var scenario = new CoverScenario(fixture);
            var asha = await OnCallAsync(admin, "Asha Nearest", "care-worker", ["personal-care"], 52.205);
            var ben = await scenario.ShiftWorkerAsync("Ben Day", 52.21, 0.12, Duration.FromHours(-1), Duration.FromHours(5));
            var dev = await scenario.ShiftWorkerAsync("Dev Evening", 52.22, 0.12, Duration.FromHours(3), Duration.FromHours(12));
            var benGoesAt = LondonTime.Show(scenario.Now + Duration.FromHours(5));
            var activationId = await OpenForAPlanNeedingAsync(fixture, workersNeeded: 2, skills: ["personal-care"]);
            await scenario.AcceptAsync(activationId, asha);
            await scenario.AcceptAsync(activationId, ben);
            await scenario.Webhook.TextAsync(asha.Phone, "ARRIVED");
            (await scenario.Webhook.TextAsync(ben.Phone, "ARRIVED")).Should().Contain("cover has started");

            fixture.Clock.Advance(Duration.FromHours(4));
            var relief = await scenario.SmsTo(dev.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal));
            relief.Body.Should().Contain($"a colleague hands over at {benGoesAt}", "Ben's place is offered an hour before his shift ends");
            (await scenario.Webhook.TextAsync(dev.Phone, $"YES {CoverScenario.CodeIn(relief)}")).Should().Contain("you relieve a colleague").And.Contain("Asha Nearest");
            (await scenario.Webhook.TextAsync(dev.Phone, "ARRIVED")).Should().Contain("arrival is recorded");
            (await scenario.Webhook.TextAsync(ben.Phone, "LEFT")).Should().Contain("Take care");

            var relieved = await scenario.Dispatch(activationId, d => !d.Companions.Contains(ben.Id));
            relieved.Companions.Should().Equal(dev.Id);
            relieved.IsSeeking().Should().BeFalse("Dev holds the place Ben left");
            relieved.ShortHandedSince.Should().BeNull();
            fixture.Twilio.Messages.Should().NotContain(m => m.To == coordinator.Phone, "the place was never left open");
        });

    /// <summary>A staff member on a rota of their own, on call all week (a care worker based near the carers' CB1 homes).</summary>
    private static async Task<(Guid Id, string Phone)> OnCallAsync(HttpClient admin, string name, string role, string[] skills, double latitude = 52.2)
    {
        var person = role == "care-worker"
            ? await Register.StaffAsync(admin, name, role, latitude, 0.12, skills)
            : await Register.StaffAsync(admin, name, role);
        await Register.RotationAsync(admin, role, [person.Id]);
        return person;
    }

    private static async Task<Guid> OpenForAPlanNeedingAsync(RosteringFixture fixture, int workersNeeded, string[]? skills = null)
    {
        skills ??= TransferSkills;
        var (carerId, activationId) = (Guid.NewGuid(), Guid.NewGuid());
        var now = fixture.Clock.GetCurrentInstant();
        await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, skills, "england-and-wales",
            "CB1 Cambridge", 52.2, 0.12, now, WorkersNeeded: workersNeeded), c => c.MessageId = Guid.NewGuid());
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<Matching.CarerNeeds>(carerId) is { WorkersNeeded: var n } && n == workersNeeded ? "known" : null;
        }, what: "the carer's plan");
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(
            activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, now,
            new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", "CB1 Cambridge", now)));
        return activationId;
    }
}
