using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Contracts;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Text;
using CoverLimitSet = Cers.Dispatch.Contracts.Escalation.CoverLimitSet;
using EscalationContracts = Cers.Dispatch.Contracts.Escalation;
using RosteringContracts = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.IntegrationTests.Activations;

[Collection(FirstSliceCollection.Name)]
public sealed class ActivationTimelineTests(FirstSliceFixture fixture)
{
    private HttpClient Intake => fixture.Intake.CreateClient();

    [Fact]
    public async Task Coordinator_decisions_and_what_escalation_reports_appear_in_order_each_with_its_source()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var limitAt = fixture.Clock.GetCurrentInstant() + Duration.FromHours(72);
        await fixture.Intake.Services.GetRequiredService<IBus>().TellAsync(
            new CoverLimitSet(id, fixture.Clock.GetCurrentInstant(), limitAt, 72, [new LocalDate(2026, 12, 25)], "england-and-wales"));
        await Eventually.GetAsync(async () => (await Timeline(id)).Any(e => e.Source == "escalation") ? "seen" : null, what: "escalation's entry");

        (await Intake.PostAsJsonAsync($"/activations/{id}/notes", new { by = "Coordinator A. Shah", text = "Neighbour has a spare key." })).EnsureSuccessStatusCode();
        (await Intake.PostAsJsonAsync($"/activations/{id}/longer-term-care", new { arrangement = "Family", details = "Daughter arrives from Leeds on Friday", arrangedBy = "A. Shah" })).EnsureSuccessStatusCode();
        (await Intake.PostAsJsonAsync($"/activations/{id}/close", new { outcome = "LongerTermCareInPlace", closedBy = "A. Shah" })).EnsureSuccessStatusCode();

        var timeline = await Timeline(id);
        timeline.Select(e => e.Event).Should().Equal(
            "activation_opened", "card_not_identified", "service_reported", "note_recorded", "longer_term_care_arranged", "handover_pack_prepared", "activation_closed");
        timeline.Select(e => e.Source).Should().Equal("crisis-intake", "crisis-intake", "escalation", "crisis-intake", "crisis-intake", "crisis-intake", "crisis-intake");
        timeline[2].Summary.Should().Contain("72 hours").And.Contain("Fri 25 Dec 2026");
        timeline.Select(e => e.Summary).Should().Contain([
            "Opened by Paramedic J. Okafor (East of England Ambulance Service) at the console: admitted to hospital",
            "Longer-term care arranged by A. Shah: family, Daughter arrives from Leeds on Friday",
            "Handover pack ready to open and send: longer-term care arranged",
            "Closed by A. Shah: longer-term care in place"], "a supervisor reads the timeline in words, not the services' codes");
        timeline.Select(e => e.Version).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Steps_are_read_in_the_order_their_services_took_them_though_they_were_recorded_in_another()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var bus = fixture.Intake.Services.GetRequiredService<IBus>();
        var (asha, ben) = (Guid.NewGuid(), Guid.NewGuid());
        var now = fixture.Clock.GetCurrentInstant();
        var openedAt = (await Timeline(id))[0].At;
        Instant After(int milliseconds) => openedAt + Duration.FromSeconds(10) + Duration.FromMilliseconds(milliseconds);

        // Rostering's news of one second holds the first offer and, published beside it from another stream, the second;
        // the first offer's lapse, stored between them, comes in a later news.
        await bus.Publish(Told<RosteringContracts.IRosteringNews>(
            (new RosteringContracts.OfferSent(id, Guid.NewGuid(), asha, "Asha Patel", 1, null, now, now), 40, After(100)),
            (new RosteringContracts.OfferSent(id, Guid.NewGuid(), ben, "Ben Okoro", 2, null, now, now), 42, After(300))));
        await bus.Publish(Told<RosteringContracts.IRosteringNews>((new RosteringContracts.OfferExpired(id, Guid.NewGuid(), asha, "no-reply", now, "Asha Patel"), 41, After(200))));
        await Eventually.GetAsync(async () => (await Timeline(id)).Count(e => e.Source == "rostering") == 3 ? "seen" : null, what: "the lapse");

        // Escalation set the cover limit on hearing of Ben's arrival, but its news of that second came first.
        await bus.Publish(Told<EscalationContracts.IEscalationNews>(
            (new CoverLimitSet(id, now, now + Duration.FromHours(48), 48, [], "england-and-wales"), 7, After(510))));
        await Eventually.GetAsync(async () => (await Timeline(id)).Any(e => e.Source == "escalation") ? "seen" : null, what: "the cover limit");
        await bus.Publish(Told<RosteringContracts.IRosteringNews>((new RosteringContracts.WorkerArrived(id, ben, now, "Ben Okoro", StartedCover: true), 43, After(500))));

        var timeline = await Eventually.GetAsync(
            async () => await Timeline(id) is var all && all.Count(e => e.Source == "rostering") == 4 ? all : null,
            what: "the arrival recorded last");
        timeline.Where(e => e.Source != "crisis-intake").Select(e => e.Summary).Should().Equal(
            $"Offer 1 sent to Asha Patel; answer due by {LondonTime.Show(now)}",
            "Offer to Asha Patel lapsed (no reply in time)",
            $"Offer 2 sent to Ben Okoro; answer due by {LondonTime.Show(now)}",
            "Ben Okoro arrived: cover started",
            $"Cover limit 48 hours: until {LondonTime.Show(now + Duration.FromHours(48))}");
        var lapse = timeline.Single(e => e.Event == "service_reported" && e.Summary.Contains("lapsed", StringComparison.Ordinal));
        var secondOffer = timeline.Single(e => e.Event == "service_reported" && e.Summary.StartsWith("Offer 2", StringComparison.Ordinal));
        lapse.Version.Should().BeGreaterThan(secondOffer.Version, "each step keeps its place in the store, which shows it was recorded late");
    }

    [Fact]
    public async Task A_step_of_the_news_is_heard_in_the_news_only_and_one_queued_on_its_own_before_is_recorded_once()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var bus = fixture.Intake.Services.GetRequiredService<IBus>();
        var timelineQueue = await bus.GetSendEndpoint(new Uri($"queue:{TimelineQueue}"));
        var (asha, ben) = (Guid.NewGuid(), Guid.NewGuid());
        var now = fixture.Clock.GetCurrentInstant();
        var openedAt = (await Timeline(id))[0].At;

        // An older relay told the offer on its own, saying nothing of where it stored it, and in its news as well.
        var olderOffer = new RosteringContracts.OfferSent(id, Guid.NewGuid(), asha, "Asha Patel", 1, null, now, now);
        var olderOfferId = Guid.NewGuid();
        await bus.Publish(olderOffer, context => context.MessageId = olderOfferId);
        await bus.Publish(new News<RosteringContracts.IRosteringNews>([new(olderOfferId, olderOffer)]));

        // Its lapse was queued here on its own only, by an older relay, before this crisis intake took the news.
        await timelineQueue.Send(new RosteringContracts.OfferExpired(id, olderOffer.OfferId, asha, "no-reply", now, "Asha Patel"));

        // Today's relay tells an arrival on its own (escalation acts on it) and in its news; one queued here on its own
        // before this version is left to the news, which says where it was stored.
        var arrival = new RosteringContracts.WorkerArrived(id, ben, now, "Ben Okoro", StartedCover: true);
        var arrivalId = Guid.NewGuid();
        void ToldByTodaysRelay(SendContext context)
        {
            context.MessageId = arrivalId;
            context.Headers.Set(WhereStored.SequenceHeader, 12L);
            context.Headers.Set(WhereStored.StoredAtHeader, InstantPattern.ExtendedIso.Format(openedAt + Duration.FromMinutes(1)));
        }

        await bus.Publish(arrival, (PublishContext<RosteringContracts.WorkerArrived> context) => ToldByTodaysRelay(context));
        await timelineQueue.Send(arrival, (SendContext<RosteringContracts.WorkerArrived> context) => ToldByTodaysRelay(context));
        await Task.Delay(500);
        (await Timeline(id)).Should().NotContain(e => e.Summary.StartsWith("Ben Okoro arrived", StringComparison.Ordinal), "the arrival on its own is left to the news");
        await bus.Publish(new News<RosteringContracts.IRosteringNews>([new(arrivalId, arrival, 12, openedAt + Duration.FromMinutes(1))]));

        var rostering = await Eventually.GetAsync(
            async () => (await Timeline(id)).Where(e => e.Source == "rostering").ToList() is { Count: 3 } all ? all : null,
            what: "the offer, its lapse and the arrival");
        await Task.Delay(500);
        (await Timeline(id)).Where(e => e.Source == "rostering").Select(e => e.Summary).Should().Equal(
            $"Offer 1 sent to Asha Patel; answer due by {LondonTime.Show(now)}",
            "Offer to Asha Patel lapsed (no reply in time)",
            "Ben Okoro arrived: cover started");
        rostering[2].At.Should().Be(openedAt + Duration.FromMinutes(1), "the arrival shows when rostering stored it");
    }

    [Fact]
    public async Task The_binding_an_older_version_made_for_arrivals_on_their_own_is_removed_so_the_timeline_no_longer_receives_them()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var bus = fixture.Intake.Services.GetRequiredService<IBus>();
        var arrivals = bus.Topology.TryGetPublishAddress<RosteringContracts.WorkerArrived>(out var address)
            ? Uri.UnescapeDataString(address.AbsolutePath.Split('/')[^1])
            : throw new InvalidOperationException("no exchange for arrivals");
        await using (var connection = await fixture.Intake.Services.GetRequiredService<RabbitMqSettings>().ConnectAsync("older crisis intake", CancellationToken.None))
        await using (var channel = await connection.CreateChannelAsync())
        {
            await channel.ExchangeDeclareAsync(arrivals, "fanout", durable: true, autoDelete: false);
            await channel.ExchangeBindAsync(TimelineQueue, arrivals, routingKey: "");
        }

        var now = fixture.Clock.GetCurrentInstant();
        var (asha, ben) = (Guid.NewGuid(), Guid.NewGuid());
        await bus.Publish(new RosteringContracts.WorkerArrived(id, asha, now, "Asha Patel", StartedCover: true));
        await Eventually.GetAsync(
            async () => (await Timeline(id)).SingleOrDefault(e => e.Summary.StartsWith("Asha Patel arrived", StringComparison.Ordinal)),
            what: "an arrival from an older relay, through the older version's binding");

        await fixture.Intake.Services.GetRequiredService<RetiredBindings>().RemoveAsync(bus, CancellationToken.None);

        await bus.Publish(new RosteringContracts.WorkerArrived(id, ben, now, "Ben Okoro", StartedCover: false));
        await Task.Delay(1000);
        (await Timeline(id)).Should().NotContain(e => e.Summary.StartsWith("Ben Okoro arrived", StringComparison.Ordinal), "the arrival on its own no longer reaches the timeline");
    }

    /// <summary>The timeline's endpoint, as crisis intake names it.</summary>
    private string TimelineQueue => fixture.Intake.Services.GetRequiredService<IEndpointNameFormatter>().Consumer<CrisisIntake.Activations.Recording.RecordOnTimeline>();

    /// <summary>Messages as their service's relay tells them in its news: each with where and when it was stored there.</summary>
    private static News<TNews> Told<TNews>(params (TNews Message, long Sequence, Instant StoredAt)[] items)
        where TNews : class =>
        new([.. items.Select(item => new NewsItem<TNews>(Guid.NewGuid(), item.Message, item.Sequence, item.StoredAt))]);

    [Fact]
    public async Task The_timeline_can_be_shown_as_it_stood_at_a_past_instant()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var before = await Timeline(id);
        var asOf = before[^1].At + Duration.FromMilliseconds(1);
        await WaitUntilDatabaseTimeIsPast(asOf);

        (await Intake.PostAsJsonAsync($"/activations/{id}/notes", new { by = "Supervisor", text = "Checked." })).EnsureSuccessStatusCode();

        (await Timeline(id)).Should().HaveCount(before.Count + 1);
        var then = await Timeline(id, asOf);
        then.Select(e => e.Event).Should().Equal(before.Select(e => e.Event));
    }

    [Fact]
    public async Task A_closed_activation_takes_no_more_decisions_and_a_new_report_for_its_card_opens_a_new_one()
    {
        var card = $"7301 {Random.Shared.NextInt64(10_000_000, 99_999_999)}";
        var first = await Reports.OpenAsync(Intake, Reports.Valid(card));
        var second = await Reports.OpenAsync(Intake, Reports.Valid(card));
        (await Intake.PostAsJsonAsync($"/activations/{first}/close", new { outcome = "CarerAbleToCareAgain", closedBy = "A. Shah" })).EnsureSuccessStatusCode();

        using var late = await Intake.PostAsJsonAsync($"/activations/{first}/notes", new { by = "A. Shah", text = "too late" });
        var third = await Reports.OpenAsync(Intake, Reports.Valid(card));

        second.Should().Be(first, "a second report while the activation is open joins it");
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        third.Should().NotBe(first);
    }

    [Fact]
    public async Task Coordinators_recording_at_the_same_moment_each_get_their_note_recorded_not_an_error()
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid($"7302 {Random.Shared.NextInt64(10_000_000, 99_999_999)}"));

        var answers = await Task.WhenAll(Enumerable.Range(1, 12).Select(async i =>
        {
            using var client = fixture.Intake.CreateClient();
            using var answer = await client.PostAsJsonAsync($"/activations/{id}/notes", new { by = $"Coordinator {i}", text = $"Note {i}" });
            return answer.StatusCode;
        }));

        answers.Should().AllBeEquivalentTo(HttpStatusCode.OK, "a decision that meets another on the activation's stream is made again, not refused");
        await using var session = fixture.IntakeStore.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Select(e => e.Data).OfType<NoteRecorded>().Should().HaveCount(12);
    }

    [Theory]
    [InlineData("longer-term-care", """{"arrangement":"Neighbours","details":"","arrangedBy":""}""", new[] { "arrangement", "details", "arrangedBy" })]
    [InlineData("extend-cover", """{"newLimitAt":"next tuesday","decidedBy":"Duty manager","reason":"Daughter delayed"}""", new[] { "newLimitAt" })]
    [InlineData("close", """{"outcome":"Fine","closedBy":null}""", new[] { "outcome", "closedBy" })]
    [InlineData("notes", """{"by":"x"}""", new[] { "text" })]
    public async Task Bad_decisions_are_refused_with_the_fields_named_and_nothing_is_recorded(string action, string body, string[] fields)
    {
        var id = await Reports.OpenAsync(Intake, Reports.Valid());
        var before = await Timeline(id);

        using var response = await Intake.PostAsync($"/activations/{id}/{action}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(fields);
        (await Timeline(id)).Should().HaveCount(before.Count);
    }

    private async Task<IReadOnlyList<Entry>> Timeline(Guid id, Instant? asOf = null)
    {
        var url = asOf is { } at ? $"/activations/{id}/timeline?asOf={InstantPattern.ExtendedIso.Format(at)}" : $"/activations/{id}/timeline";
        var entries = await Intake.GetFromJsonAsync<JsonElement>(url);
        return entries.EnumerateArray().Select(e => new Entry(
            e.GetProperty("version").GetInt64(),
            InstantPattern.ExtendedIso.Parse(e.GetProperty("at").GetString()!).Value,
            e.GetProperty("source").GetString()!,
            e.GetProperty("event").GetString()!,
            e.GetProperty("summary").GetString()!)).ToList();
    }

    private async Task WaitUntilDatabaseTimeIsPast(Instant instant)
    {
        await using var session = fixture.IntakeStore.QuerySession();
        await Eventually.GetAsync(async () =>
        {
            var now = (await session.QueryAsync<DateTimeOffset>("select now()")).Single();
            return Instant.FromDateTimeOffset(now) > instant ? "past" : null;
        }, what: "database time to move on");
    }

    private sealed record Entry(long Version, Instant At, string Source, string Event, string Summary);
}
