using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.CardLookup.Retention;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Marten;
using NodaTime;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.CardLookup.IntegrationTests;

/// <summary>The retention fixture keeps a carer's data 30 days after the last activity and unmatched lookups 10 days after their month.</summary>
[Collection(RetentionCollection.Name)]
public sealed class RetentionTests(RetentionFixture fixture)
{
    private readonly Journeys hub = new(fixture);
    private readonly HttpClient client = fixture.Client();

    private async Task<JsonElement> SweepAsync()
    {
        using var response = await fixture.Host.CreateClientAs(CersRoles.Administrator).PostAsync("/retention/sweeps", null);
        await Journeys.Expect(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<bool> ErasedAsync(Guid carerId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/carers/{carerId}")).GetProperty("erased").GetBoolean();

    [Fact]
    public async Task A_sweep_shreds_carers_whose_card_stopped_working_once_the_period_passed_and_only_them()
    {
        var (lapsed, _, lapsedCard) = await hub.CarerWithCardAsync();
        await Journeys.Expect(await client.PostAsJsonAsync($"/cards/{lapsedCard}/suspension", new { reason = "RegistrationLapsed", suspendedBy = "hub" }), HttpStatusCode.OK);
        var (active, _, _) = await hub.CarerWithCardAsync();
        var (recentlyCovered, _, coveredCard) = await hub.CarerWithCardAsync();
        await Journeys.Expect(await client.PostAsJsonAsync($"/cards/{coveredCard}/loss", new { kind = "lost", reportedBy = "carer" }), HttpStatusCode.OK);
        fixture.Clock.Advance(Duration.FromDays(20));
        var cover = new CoverPlayer(fixture);
        await cover.OpenedForAsync(recentlyCovered, coveredCard);
        await cover.ClosedAsync();
        fixture.Clock.Advance(Duration.FromDays(11));

        var sweep = await SweepAsync();

        sweep.GetProperty("carersShredded").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        (await ErasedAsync(lapsed)).Should().BeTrue();
        (await ErasedAsync(active)).Should().BeFalse("a carer whose card works is still registered");
        (await ErasedAsync(recentlyCovered)).Should().BeFalse("the period runs from the activation closed 11 days ago");
        (await RawTables.EventTypesAsync(fixture, lapsed))[^1].Should().Be("carer_erased");
        using var lookup = await hub.LookUpAsync(lapsedCard);
        (await lookup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString().Should().Be("Card no longer registered");
        var sweeps = await client.GetFromJsonAsync<JsonElement>("/retention/sweeps");
        sweeps[0].GetProperty("sweepId").GetGuid().Should().Be(sweep.GetProperty("sweepId").GetGuid());
    }

    [Fact]
    public async Task Lookups_that_matched_nobody_are_shredded_once_their_month_is_past_retention()
    {
        var surname = $"Nobody{Guid.NewGuid():N}"[..16];
        var at = fixture.Clock.GetCurrentInstant();
        await client.GetFromJsonAsync<JsonElement>($"/lookup/carer?surname={surname}&dateOfBirth=1960-01-01&postcode=LS6%202AB&channel=console&requestedBy=coordinator");
        var recorded = await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.Query<LookupRecord>().Where(r => r.Result == LookupResult.NoMatch).OrderByDescending(r => r.AtUnixTicks).FirstOrDefaultAsync();
        }, what: "the unmatched lookup to be recorded");
        string QueryOf(JsonElement records) => records.EnumerateArray().Single(r => r.GetProperty("id").GetGuid() == recorded.Id).GetProperty("query").GetString()!;
        var window = $"from={Uri.EscapeDataString(at.Minus(Duration.FromMinutes(1)).ToString())}&to={Uri.EscapeDataString(at.Plus(Duration.FromMinutes(1)).ToString())}";
        QueryOf(await client.GetFromJsonAsync<JsonElement>($"/lookups?{window}")).Should().Contain(surname);

        fixture.Clock.Advance(Duration.FromDays(80));
        var sweep = await SweepAsync();

        sweep.GetProperty("unmatchedLookupMonthsShredded").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        QueryOf(await client.GetFromJsonAsync<JsonElement>($"/lookups?{window}")).Should().Be("[erased]");
    }

    [Fact]
    public async Task The_daily_timer_sweeps_and_asks_for_the_next_days_timer()
    {
        var before = await client.GetFromJsonAsync<JsonElement>("/retention/sweeps");
        var scheduled = await ScheduledAsync();
        scheduled.Should().NotBeEmpty("the service asks for a sweep when it starts");

        fixture.Clock.Advance(Duration.FromDays(2));
        await fixture.Bus.Publish(new TimerFired(scheduled[^1].TimerId, RetentionStream.Id, RetentionStream.TimerKind, scheduled[^1].DueAt, fixture.Clock.GetCurrentInstant(), null));

        var sweeps = await Eventually.GetAsync(async () =>
        {
            var now = await client.GetFromJsonAsync<JsonElement>("/retention/sweeps");
            return now.GetArrayLength() > before.GetArrayLength() ? now.Clone().ToString() : null;
        }, what: "the timed sweep");
        sweeps.Should().Contain("daily timer");
        var next = await Eventually.GetAsync(async () => (await ScheduledAsync()) is { Count: var n } all && n > scheduled.Count ? all : null, what: "the next timer");
        next[^1].DueAt.Should().BeGreaterThan(fixture.Clock.GetCurrentInstant());
    }

    [Fact]
    public async Task Only_an_administrator_may_start_a_sweep() =>
        (await fixture.Host.CreateClientAs(CersRoles.Supervisor).PostAsync("/retention/sweeps", null)).StatusCode.Should().Be(HttpStatusCode.Forbidden);

    private async Task<List<RetentionSweepScheduled>> ScheduledAsync()
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(RetentionStream.Id)).Select(e => e.Data).OfType<RetentionSweepScheduled>().ToList();
    }
}
