using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.Testing;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RosteringContracts = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.IntegrationTests.Activations;

[Collection(FirstSliceCollection.Name)]
public sealed class HandoverTimelineTests(FirstSliceFixture fixture)
{
    private HttpClient Intake => fixture.Intake.CreateClient();

    [Fact]
    public async Task Plan_link_openings_handover_notes_and_their_review_appear_on_the_timeline_naming_the_workers()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var bus = fixture.Intake.Services.GetRequiredService<IBus>();
        var (asha, ben, handoverId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var now = fixture.Clock.GetCurrentInstant();

        await bus.TellAsync(new RosteringContracts.OfferSent(id, Guid.NewGuid(), asha, "Asha Day", 1, null, now, now));
        await bus.TellAsync(new RosteringContracts.PlanLinkOpened(id, asha, now, "203.0.113.9", "Mozilla/5.0 (Android)", "Asha Day"));
        await bus.TellAsync(new RosteringContracts.OfferSent(id, Guid.NewGuid(), ben, "Ben Night", 2, null, now, now));
        await bus.TellAsync(new RosteringContracts.WorkerArrived(id, asha, now, "Asha Day", StartedCover: true));
        await bus.TellAsync(new RosteringContracts.WorkerArrived(id, ben, now, "Ben Night", StartedCover: false));
        await bus.TellAsync(new RosteringContracts.HandoverRecorded(id, handoverId, asha, ben, "Gave 10 mg at 18:00. Watch his breathing.", now, "Asha Day", "Ben Night"));
        await bus.TellAsync(new RosteringContracts.HandoverQueried(id, handoverId, "Supervisor S. Patel", "Which medicine?", now));
        await bus.TellAsync(new RosteringContracts.HandoverSignedOff(id, handoverId, "Supervisor S. Patel", "Checked with Asha.", now));

        var fromRostering = await Eventually.GetAsync(
            async () => (await RosteringEntries(id)) is { Count: 8 } all ? all : null,
            what: "rostering's eight entries on the timeline");

        fromRostering.Should().Equal(
            $"Offer 1 sent to Asha Day; answer due by {LondonTime.Show(now)}",
            "Asha Day opened the plan link from 203.0.113.9 (Mozilla/5.0 (Android))",
            $"Offer 2 sent to Ben Night; answer due by {LondonTime.Show(now)}",
            "Asha Day arrived: cover started",
            "Ben Night arrived to take over",
            "Asha Day handed over to Ben Night: Gave 10 mg at 18:00. Watch his breathing. (awaiting sign-off)",
            "Handover queried by Supervisor S. Patel: Which medicine?",
            "Handover signed off by Supervisor S. Patel: Checked with Asha.");

        // The notes and comments may be about health: on the timeline they are shown, in the store they are sealed.
        var store = fixture.Intake.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var stored = await session.QueryAsync<string>(
            $"select data::text from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? and type = 'service_reported'", id);
        stored.Should().HaveCount(8);
        stored.Should().NotContain(d => d.Contains("10 mg", StringComparison.Ordinal) || d.Contains("Which medicine?", StringComparison.Ordinal)
                                        || d.Contains("Checked with Asha", StringComparison.Ordinal));
        stored.Count(d => d.Contains("\"pd1.", StringComparison.Ordinal)).Should().Be(3, "the notes, the query and the sign-off comment");
    }

    private async Task<List<string>> RosteringEntries(Guid id)
    {
        var entries = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}/timeline");
        return entries.EnumerateArray()
            .Where(e => e.GetProperty("source").GetString() == "rostering")
            .Select(e => e.GetProperty("summary").GetString()!)
            .ToList();
    }
}
