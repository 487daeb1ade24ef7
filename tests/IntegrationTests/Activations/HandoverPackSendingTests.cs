using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Contracts;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Published = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.IntegrationTests.Activations;

[Collection(FirstSliceCollection.Name)]
public sealed class HandoverPackSendingTests(FirstSliceFixture fixture)
{
    private HttpClient Intake => fixture.Intake.CreateClient();

    [Fact]
    public async Task Arranging_longer_term_care_makes_the_pack_due_and_sending_it_after_closing_is_recorded_with_the_recipient_sealed()
    {
        await using var console = await BusProbe.ListenAsync<News<Published.IIntakeNews>>(fixture.Intake.Services.GetRequiredService<MassTransit.IBus>());
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        (await Intake.PostAsJsonAsync($"/activations/{id}/longer-term-care", new { arrangement = "SocialServices", details = "Reablement team from Monday", arrangedBy = "A. Shah" }))
            .EnsureSuccessStatusCode();
        var due = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}");
        (await Intake.PostAsJsonAsync($"/activations/{id}/close", new { outcome = "LongerTermCareInPlace", closedBy = "A. Shah" })).EnsureSuccessStatusCode();

        using var sent = await Intake.PostAsJsonAsync($"/activations/{id}/handover-pack/sendings", new
        {
            to = "ChildrensSocialCare", recipientName = "Priya Kaur, children's services duty desk", how = "HandedOver", sentBy = "A. Shah",
        });

        due.GetProperty("handoverPackPreparedAt").ValueKind.Should().Be(JsonValueKind.String);
        sent.StatusCode.Should().Be(HttpStatusCode.OK, "the pack often goes once the activation has closed with care in place");
        (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("handoverPackSentAt").ValueKind.Should().Be(JsonValueKind.String);
        var timeline = await Intake.GetFromJsonAsync<List<JsonElement>>($"/activations/{id}/timeline");
        timeline!.Select(e => e.GetProperty("summary").GetString()).Should().ContainInOrder(
            "Handover pack ready to open and send: longer-term care arranged",
            "Handover pack sent to children's social care (Priya Kaur, children's services duty desk) handed over in person by A. Shah");
        var news = await console.FirstAsync(m => m.Items.Any(item => item.Message is Published.HandoverPackSent told && told.ActivationId == id), "the board hears it was sent");
        news.Items.Select(item => item.Message).OfType<Published.HandoverPackSent>().Single(told => told.ActivationId == id)
            .Should().BeEquivalentTo(new { To = "ChildrensSocialCare", How = "HandedOver", SentBy = "A. Shah" });
        var store = fixture.Intake.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var stored = await session.QueryAsync<string>(
            $"select data::text from {store.Options.Events.DatabaseSchemaName}.mt_events where stream_id = ? and type = 'handover_pack_sent'", id);
        stored.Should().ContainSingle().Which.Should().NotContain("Priya", "who it went to is personal data, sealed under the activation's key");
    }

    [Fact]
    public async Task A_sending_without_its_recipient_or_with_an_unknown_route_is_refused_naming_each_field_and_nothing_is_recorded()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());

        using var refused = await Intake.PostAsJsonAsync($"/activations/{id}/handover-pack/sendings", new { to = "Neighbour", recipientName = " ", how = "Pigeon", sentBy = "A. Shah" });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(f => f.Name)
            .Should().BeEquivalentTo("to", "recipientName", "how");
        (await Intake.GetStringAsync($"/activations/{id}/timeline")).Should().NotContain("handover_pack_sent");
    }
}
