using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;
using CardLookupContracts = Cers.Dispatch.Contracts.CardLookup;
using EscalationContracts = Cers.Dispatch.Contracts.Escalation;
using RosteringContracts = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.Console.IntegrationTests;

[Collection(ConsoleCollection.Name)]
public sealed class HandoverPackTests(ConsoleFixture system)
{
    private const string Notes = "Gave donepezil 10 mg at 18:00. Watch his breathing.";
    private const string SignOff = "Checked the dose with Asha.";
    private const string Account = "No food in the house and the heating off";

    /// <summary>
    /// An activation with a worker's cover, a handover queried and signed off, a safeguarding concern and the cover-limit
    /// warning, each reported the way the services report them (rostering's and escalation's messages over RabbitMQ).
    /// Card lookup is not running here, so the carer's card is recorded as verified straight onto the activation.
    /// </summary>
    private async Task<(Guid Id, Guid CarerId)> ActivationNearItsLimitAsync()
    {
        var intake = system.Intake.CreateClient();
        var id = await system.ReportedByParamedicAsync();
        var carerId = Guid.NewGuid();
        var now = system.Clock.GetCurrentInstant();
        await using (var session = system.Intake.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(id, new CardVerified(id, "4921 0000 0001", carerId, "Active", true, "England", "CB", now));
            await session.SaveChangesAsync();
        }

        // Raised before the other services' steps arrive: a concern meeting a step being recorded at that moment is not retried.
        (await intake.PostAsJsonAsync($"/activations/{id}/safeguarding-concerns", new
        {
            raisedBy = new { name = "Cara Ahmed", role = "coordinator" },
            subject = "Adult",
            category = "SelfNeglect",
            account = Account,
            immediateDanger = false,
        })).EnsureSuccessStatusCode();

        var (asha, ben, handover) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await system.Bus.TellAsync(new RosteringContracts.WorkerArrived(id, asha, now, "Asha Day", StartedCover: true));
        await system.Bus.TellAsync(new RosteringContracts.WorkerArrived(id, ben, now, "Ben Night", StartedCover: false));
        await system.Bus.TellAsync(new RosteringContracts.HandoverRecorded(id, handover, asha, ben, Notes, now, "Asha Day", "Ben Night"));
        await system.Bus.TellAsync(new RosteringContracts.WorkerLeft(id, asha, now, "Asha Day"));
        await system.Bus.TellAsync(new RosteringContracts.HandoverQueried(id, handover, "Supervisor S. Patel", "Which medicine?", now));
        await system.Bus.TellAsync(new RosteringContracts.HandoverSignedOff(id, handover, "Supervisor S. Patel", SignOff, now));
        await system.Bus.TellAsync(new EscalationContracts.CoverLimitWarning(id, 12, now.Plus(NodaTime.Duration.FromHours(12)), now));
        await Eventually.GetAsync(
            async () => await EventsAsync(id) is var events && events.Contains("handover_pack_prepared") && events.Count(e => e == "service_reported") >= 7 ? events : null,
            what: "rostering's steps and the warning's handover pack on the timeline");
        return (id, carerId);
    }

    private async Task<List<string>> EventsAsync(Guid id) =>
        (await system.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline"))
            .EnumerateArray().Select(e => e.GetProperty("event").GetString()!).ToList();

    [Fact]
    public async Task The_pack_holds_the_handover_notes_sign_off_and_safeguarding_and_its_PDF_says_the_same_until_the_carer_is_erased()
    {
        var (id, carerId) = await ActivationNearItsLimitAsync();
        using var coordinator = await system.CoordinatorAsync();

        var page = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/activations/{id}/handover-pack"));
        var pdf = await PdfTextAsync(coordinator, id);

        foreach (var pack in new[] { page, pdf })
        {
            pack.Should().Contain($"Asha Day handed over to Ben Night: {Notes}")
                .And.Contain($"Signed off by Supervisor S. Patel: {SignOff}")
                .And.Contain("Queried by Supervisor S. Patel: Which medicine?")
                .And.Contain($"raised by Cara Ahmed (coordinator): {Account}")
                .And.Contain("Handover pack ready to open and send: the cover limit is 12 hours away")
                .And.Contain("Husband has dementia and is alone")
                .And.Contain("The emergency plan could not be read just now", "card lookup is not running here: the pack says so rather than leaving the plan out silently");
        }

        await system.Bus.Publish(new CardLookupContracts.CarerErased(carerId, "the carer asked to be forgotten", system.Clock.GetCurrentInstant()));
        await Eventually.GetAsync(async () => await EventsAsync(id) is var events && events.Contains("personal_data_shredded") ? events : null, what: "the activation shredded");

        var erasedPage = WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/activations/{id}/handover-pack"));
        var erasedPdf = await PdfTextAsync(coordinator, id);
        foreach (var pack in new[] { erasedPage, erasedPdf })
        {
            pack.Should().NotContain("donepezil").And.NotContain(SignOff).And.NotContain(Account).And.NotContain("Husband has dementia");
            pack.Should().Contain("Asha Day handed over to Ben Night: [erased]").And.Contain("Signed off by Supervisor S. Patel: [erased]");
        }
    }

    [Fact]
    public async Task Sending_the_pack_is_recorded_on_the_timeline_and_the_activation_page_stops_saying_it_is_due()
    {
        var (id, _) = await ActivationNearItsLimitAsync();
        using var coordinator = await system.CoordinatorAsync();
        (await coordinator.GetStringAsync($"/activations/{id}")).Should().Contain("A handover pack is due");
        var packPage = await coordinator.GetStringAsync($"/activations/{id}/handover-pack");

        using var missingName = await ConsoleSession.PostFormAsync(coordinator, $"/activations/{id}/handover-pack/sendings", packPage,
            new() { ["to"] = "AdultSocialCare", ["recipientName"] = " ", ["how"] = "SecureEmail" });
        using var sent = await ConsoleSession.PostFormAsync(coordinator, $"/activations/{id}/handover-pack/sendings", packPage,
            new() { ["to"] = "AdultSocialCare", ["recipientName"] = "Jo Bell, Cambridgeshire adult social care", ["how"] = "SecureEmail" });

        missingName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missingName.Content.ReadAsStringAsync()).Should().Contain("Recipient name");
        sent.StatusCode.Should().Be(HttpStatusCode.Redirect);
        sent.Headers.Location!.ToString().Should().Be($"/activations/{id}/handover-pack?done=sent");
        var timeline = await system.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline");
        timeline.EnumerateArray().Where(e => e.GetProperty("event").GetString() == "handover_pack_sent").Select(e => e.GetProperty("summary").GetString())
            .Should().Equal("Handover pack sent to adult social care (Jo Bell, Cambridgeshire adult social care) by secure email by Cara Ahmed");
        (await coordinator.GetStringAsync($"/activations/{id}")).Should().NotContain("A handover pack is due");
        WebUtility.HtmlDecode(await coordinator.GetStringAsync($"/activations/{id}/handover-pack")).Should().Contain("Handover pack sent to adult social care (Jo Bell");
    }

    [Fact]
    public async Task Supervisors_may_open_the_pack_and_administrators_may_not()
    {
        var (id, _) = await ActivationNearItsLimitAsync();
        using var supervisor = await system.SupervisorAsync();
        using var administrator = await system.AdministratorAsync();

        (await supervisor.GetAsync($"/activations/{id}/handover-pack.pdf")).Content.Headers.ContentType!.MediaType.Should().Be("application/pdf");
        (await administrator.GetAsync($"/activations/{id}/handover-pack")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await administrator.GetAsync($"/activations/{id}/handover-pack.pdf")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await supervisor.GetAsync($"/activations/{Guid.NewGuid()}/handover-pack")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<string> PdfTextAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/activations/{id}/handover-pack.pdf");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain($"handover-pack-{id}.pdf");
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        return string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }
}
