using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Cers.Dispatch.Testing;
using Marten;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Handover notes mention medication and health: rostering stores them sealed under the activation's key, shows them to
/// supervisors and tells crisis intake in full, and once card lookup forgets the carer they read as erased while the
/// handover keeps its place. A supervisor's question or sign-off comment is kept the same way.
/// </summary>
[Collection(RosteringCollection.Name)]
public sealed class HandoverNotesPrivacyTests(RosteringFixture fixture)
{
    private const string Notes = "Gave insulin 8 units at 17:30; blood sugar 6.1. Watch for confusion overnight.";

    private readonly CoverScenario cover = new(fixture);

    private HttpClient Supervisor()
    {
        var client = fixture.Rostering.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAccess.TokenFor("Supervisor S. Patel", [CersRoles.Supervisor]));
        return client;
    }

    [Fact]
    public async Task Notes_texted_in_are_stored_sealed_yet_shown_in_full_and_once_the_carer_is_erased_read_as_erased_in_a_handover_that_still_lists()
    {
        var asha = await cover.ShiftWorkerAsync("Asha Sealed", 53.48, -2.24, Duration.FromHours(-1), Duration.FromHours(10));
        var activationId = await cover.ActivationAsync(53.479, -2.24, "M1 Manchester");
        await cover.AcceptAsync(activationId, asha);

        (await cover.Webhook.TextAsync(asha.Phone, $"HANDOVER {Notes}")).Should().Contain("handover notes");

        var published = await cover.Published<Contracts.Rostering.HandoverRecorded>(h => h.ActivationId == activationId, "HandoverRecorded");
        published.Notes.Should().Be(Notes, "crisis intake hears the notes in full");
        var handoverId = published.HandoverId;

        var schema = fixture.Rostering.Schema;
        await using (var session = fixture.Store.QuerySession())
        {
            var storedEvent = (await session.QueryAsync<string>(
                $"select data::text from {schema}.mt_events where type = 'handover_recorded' and stream_id = ?", handoverId)).Single();
            storedEvent.Should().NotContain("insulin").And.NotContain("blood sugar").And.Contain("pd1.");
            var snapshot = (await session.QueryAsync<string>($"select data::text from {schema}.mt_doc_handover where id = ?", handoverId)).Single();
            snapshot.Should().NotContain("insulin").And.Contain("pd1.");
            (await session.QueryAsync<long>($"select count(*) from {schema}.mt_events where data::text like ?", "%insulin%")).Single().Should().Be(0);
            (await session.QueryAsync<long>($"select count(*) from {schema}.mt_doc_receivedsms where data::text like ?", "%insulin%")).Single()
                .Should().Be(0, "the kept SMS answers Twilio's retries without the notes");
            (await session.Query<DataKey>().CountAsync(k => k.Subject == ActivationPrivacy.Subject(activationId))).Should().Be(1);
        }

        (await NotesOf(handoverId)).Should().Be(Notes);
        (await ListedNotesOf(handoverId)).Should().Be(Notes);

        using var query = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/query", new { comment = "Did Mrs Okoro eat after the insulin?" });
        query.StatusCode.Should().Be(HttpStatusCode.OK);
        (await query.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reviewComment").GetString().Should().Be("Did Mrs Okoro eat after the insulin?");
        var publishedQuery = await cover.Published<Contracts.Rostering.HandoverQueried>(h => h.HandoverId == handoverId, "HandoverQueried");
        publishedQuery.Comment.Should().Be("Did Mrs Okoro eat after the insulin?", "crisis intake hears the question in full and seals what it keeps");
        await using (var session = fixture.Store.QuerySession())
        {
            (await session.QueryAsync<long>($"select count(*) from {schema}.mt_events where data::text like ?", "%Okoro%")).Single().Should().Be(0, "the question is sealed");
            (await session.QueryAsync<long>($"select count(*) from {schema}.mt_doc_handover where data::text like ?", "%Okoro%")).Single().Should().Be(0);
        }

        var carerId = (await cover.Dispatch(activationId, d => d.CarerId is not null)).CarerId!.Value;
        await fixture.Bus.Publish(new Contracts.CardLookup.CarerErased(carerId, "request", cover.Now));

        await Eventually.GetAsync(async () => await NotesOf(handoverId) == PersonalData.Erased ? "erased" : null, what: "the notes read as erased");
        var listed = (await Supervisor().GetFromJsonAsync<JsonElement>("/handovers?status=all")).EnumerateArray()
            .Single(h => h.GetProperty("handoverId").GetGuid() == handoverId);
        listed.GetProperty("notes").GetString().Should().Be(PersonalData.Erased);
        listed.GetProperty("status").GetString().Should().Be("queried");
        listed.GetProperty("outgoingWorker").GetProperty("name").GetString().Should().Be("Asha Sealed");
        listed.GetProperty("activationId").GetGuid().Should().Be(activationId);

        (await Supervisor().GetFromJsonAsync<JsonElement>($"/handovers/{handoverId}")).GetProperty("reviewComment").GetString()
            .Should().Be(PersonalData.Erased, "the supervisor's question went with the carer");
        using var withComment = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/sign-off", new { comment = "Reviewed after erasure." });
        withComment.StatusCode.Should().Be(HttpStatusCode.Conflict, "a comment could not be sealed, so it is not kept in clear either");
        using var signedOff = await Supervisor().PostAsJsonAsync($"/handovers/{handoverId}/sign-off", new { });
        signedOff.StatusCode.Should().Be(HttpStatusCode.OK);
        (await signedOff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("notes").GetString().Should().Be(PersonalData.Erased);

        var coordinator = fixture.Rostering.CreateClientAs(CersRoles.Coordinator);
        using var moreNotes = await coordinator.PostAsJsonAsync($"/dispatches/{activationId}/handover-notes", new { workerId = asha.Id, notes = "More notes." });
        moreNotes.StatusCode.Should().Be(HttpStatusCode.Conflict, "nothing more is recorded for an erased activation");
    }

    [Fact]
    public async Task Erasing_one_carer_leaves_another_carer_s_handover_notes_readable()
    {
        var (erasedActivation, erasedHandover) = await PhonedInAsync("Lou Leeds", 53.80, -1.55, "LS1 Leeds", "Inhaler twice at 16:00.");
        var (keptActivation, keptHandover) = await PhonedInAsync("Kim York", 53.96, -1.08, "YO1 York", "Eye drops at 20:00.");

        var erasedCarer = (await cover.Dispatch(erasedActivation, d => d.CarerId is not null)).CarerId!.Value;
        await fixture.Bus.Publish(new Contracts.CardLookup.CarerErased(erasedCarer, "retention", cover.Now));

        await Eventually.GetAsync(async () => await NotesOf(erasedHandover) == PersonalData.Erased ? "erased" : null, what: "Lou's notes erased");
        (await NotesOf(keptHandover)).Should().Be("Eye drops at 20:00.");
        (await cover.Dispatch(keptActivation, d => d.CarerId is not null)).CarerId.Should().NotBe(erasedCarer);
    }

    [Fact]
    public async Task When_crisis_intake_shreds_a_closed_activation_by_retention_its_handover_notes_go_too()
    {
        var (shreddedActivation, shreddedHandover) = await PhonedInAsync("Ola Oxford", 51.75, -1.26, "OX1 Oxford", "Paracetamol at 14:00.");
        var (keptActivation, keptHandover) = await PhonedInAsync("Pat Bath", 51.38, -2.36, "BA1 Bath", "Cream on the left heel.");

        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationPersonalDataShredded(shreddedActivation, "retention: closed more than 2920 days ago", cover.Now));

        await Eventually.GetAsync(async () => await NotesOf(shreddedHandover) == PersonalData.Erased ? "erased" : null, what: "the shredded activation's notes erased");
        (await ListedNotesOf(shreddedHandover)).Should().Be(PersonalData.Erased, "the handover still lists, its notes erased");
        (await NotesOf(keptHandover)).Should().Be("Cream on the left heel.");
        keptActivation.Should().NotBe(shreddedActivation);
    }

    /// <summary>An activation covered by a new worker, whose notes a coordinator typed in; the created handover shows them.</summary>
    private async Task<(Guid ActivationId, Guid HandoverId)> PhonedInAsync(string worker, double lat, double lon, string area, string notes)
    {
        var covering = await cover.ShiftWorkerAsync(worker, lat, lon, Duration.FromHours(-1), Duration.FromHours(10));
        var activationId = await cover.ActivationAsync(lat - 0.001, lon, area);
        await cover.AcceptAsync(activationId, covering);
        using var phonedIn = await fixture.Rostering.CreateClientAs(CersRoles.Coordinator)
            .PostAsJsonAsync($"/dispatches/{activationId}/handover-notes", new { workerId = covering.Id, notes });
        phonedIn.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await phonedIn.Content.ReadFromJsonAsync<JsonElement>();
        created.GetProperty("notes").GetString().Should().Be(notes);
        return (activationId, created.GetProperty("handoverId").GetGuid());
    }

    private async Task<string?> NotesOf(Guid handoverId) =>
        (await Supervisor().GetFromJsonAsync<JsonElement>($"/handovers/{handoverId}")).GetProperty("notes").GetString();

    private async Task<string?> ListedNotesOf(Guid handoverId) =>
        (await Supervisor().GetFromJsonAsync<JsonElement>("/handovers?status=all")).EnumerateArray()
            .Single(h => h.GetProperty("handoverId").GetGuid() == handoverId).GetProperty("notes").GetString();
}
