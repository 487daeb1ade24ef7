using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Rostering.Staff;
using Marten;

namespace Cers.Dispatch.Rostering.IntegrationTests;

[Collection(RosteringCollection.Name)]
public sealed class StaffAndRotaTests(RosteringFixture fixture)
{
    private static readonly string[] AshasSkills = ["personal-care", "medication-administration"];
    private static readonly string[] AshasLanguages = ["en", "gu"];
    private static readonly string[] UnknownSkills = ["juggling"];

    [Fact]
    public async Task A_care_worker_is_registered_with_an_E164_phone_and_their_own_stream()
    {
        var client = fixture.Rostering.CreateClient();
        using var response = await client.PostAsJsonAsync("/staff", new
        {
            name = "Asha Patel",
            phone = "07700 900 999",
            role = "care-worker",
            skills = AshasSkills,
            training = new[] { new { skill = "medication-administration", expiresOn = "2027-03-31" } },
            dbsCheckExpiresOn = "2028-01-31",
            languages = AshasLanguages,
            homeBase = new { latitude = 52.2, longitude = 0.12 },
            registeredBy = "Coordinator C. Lee",
        });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("phone").GetString().Should().Be("+447700900999");
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(body.GetProperty("id").GetGuid());
        events.Should().ContainSingle().Which.Data.Should().BeOfType<StaffRegistered>().Which.Languages.Should().Equal("en", "gu");

        using var again = await client.PostAsJsonAsync("/staff", new
        {
            name = "Someone Else", phone = "+447700900999", role = "coordinator", registeredBy = "Coordinator C. Lee",
        });
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "an SMS reply must lead to exactly one person");
    }

    [Fact]
    public async Task A_bad_registration_is_refused_naming_each_field_and_nothing_is_stored()
    {
        await using var before = fixture.Store.QuerySession();
        var count = await before.Query<StaffMember>().CountAsync();

        using var response = await fixture.Rostering.CreateClient().PostAsJsonAsync("/staff", new
        {
            name = "", phone = "01632 960000", role = "nurse", skills = UnknownSkills, homeBase = new { latitude = 100, longitude = 0 },
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo("name", "phone", "role", "skills[0]", "homeBase.latitude", "registeredBy");
        await using var after = fixture.Store.QuerySession();
        (await after.Query<StaffMember>().CountAsync()).Should().Be(count);
    }

    [Fact]
    public async Task The_on_call_chain_lists_coordinators_in_rota_order_then_the_duty_manager_and_honours_overrides()
    {
        var client = fixture.Rostering.CreateClient();
        var cora = await Register.StaffAsync(client, "Cora Primary", "coordinator");
        var colm = await Register.StaffAsync(client, "Colm Secondary", "coordinator");
        var cleo = await Register.StaffAsync(client, "Cleo Standby", "coordinator");
        var dee = await Register.StaffAsync(client, "Dee Manager", "duty-manager");
        // Starting in 2030 keeps these rotas out of every other test's way.
        var primary = await Register.RotationAsync(client, "coordinator", [cora.Id], priority: 1, startsAt: "2030-01-07T09:00:00");
        await Register.RotationAsync(client, "coordinator", [colm.Id], priority: 2, startsAt: "2030-01-07T09:00:00");
        await Register.RotationAsync(client, "duty-manager", [dee.Id], priority: 1, startsAt: "2030-01-07T09:00:00");

        var ours = new[] { cora.Phone, colm.Phone, cleo.Phone, dee.Phone };
        var chain = await client.GetFromJsonAsync<JsonElement>("/on-call/chain?at=2030-01-08T12:00:00Z");
        chain.EnumerateArray().Where(c => ours.Contains(c.GetProperty("phone").GetString())).Select(c => (c.GetProperty("name").GetString(), c.GetProperty("phone").GetString(), c.GetProperty("role").GetString()))
            .Should().Equal(("Cora Primary", cora.Phone, "coordinator"), ("Colm Secondary", colm.Phone, "coordinator"), ("Dee Manager", dee.Phone, "duty-manager"));

        using var sick = await client.PostAsJsonAsync($"/rotations/{primary}/overrides", new
        {
            from = "2030-01-08T00:00:00Z", to = "2030-01-09T00:00:00Z", coveredBy = cleo.Id, reason = "sickness", addedBy = "Dee Manager",
        });
        sick.StatusCode.Should().Be(HttpStatusCode.Created);
        var covered = await client.GetFromJsonAsync<JsonElement>("/on-call/chain?at=2030-01-08T12:00:00Z");
        covered.EnumerateArray().Select(c => c.GetProperty("phone").GetString()).Where(ours.Contains).Should().Equal(cleo.Phone, colm.Phone, dee.Phone);
        var coordinators = await client.GetFromJsonAsync<JsonElement>("/on-call?role=coordinator&at=2030-01-08T12:00:00Z");
        coordinators.EnumerateArray().Single(c => c.GetProperty("phone").GetString() == cleo.Phone).GetProperty("byOverride").GetBoolean().Should().BeTrue();

        var before = await client.GetFromJsonAsync<JsonElement>("/on-call/chain?at=2030-01-07T08:59:00Z");
        before.EnumerateArray().Select(c => c.GetProperty("phone").GetString()).Where(ours.Contains).Should().BeEmpty("the rotas have not started");
    }

    [Fact]
    public async Task The_chain_ahead_starts_a_span_where_the_coordinator_on_call_changes_hands()
    {
        var client = fixture.Rostering.CreateClient();
        var ana = await Register.StaffAsync(client, "Ana Weekly", "coordinator");
        var ben = await Register.StaffAsync(client, "Ben Weekly", "coordinator");
        // A week each from Monday 6 January 2031 at 09:00 (GMT): Ben takes over on the 13th at 09:00.
        await Register.RotationAsync(client, "coordinator", [ana.Id, ben.Id], priority: 1, startsAt: "2031-01-06T09:00:00");

        var ahead = await client.GetFromJsonAsync<JsonElement>("/on-call/chain/ahead?at=2031-01-13T08:00:00Z");

        ahead.GetProperty("to").GetString().Should().Be("2031-01-13T10:00:00Z", "two hours are worked out");
        // Other tests' rotas start spans of their own; ours changes hands once.
        string[] ours = [ana.Phone, ben.Phone];
        var handsChanged = new List<(string? From, string? Phone)>();
        foreach (var span in ahead.GetProperty("spans").EnumerateArray())
        {
            var onCall = span.GetProperty("chain").EnumerateArray().Select(c => c.GetProperty("phone").GetString()).Single(ours.Contains);
            if (handsChanged.Count == 0 || handsChanged[^1].Phone != onCall)
            {
                handsChanged.Add((span.GetProperty("from").GetString(), onCall));
            }
        }

        handsChanged.Should().Equal(("2031-01-13T08:00:00Z", ana.Phone), ("2031-01-13T09:00:00Z", ben.Phone));
    }

    [Fact]
    public async Task A_rotation_with_unknown_people_and_no_turn_length_is_refused()
    {
        using var response = await fixture.Rostering.CreateClient().PostAsJsonAsync("/rotations", new
        {
            name = "Broken", role = "coordinator", kind = "on-call", participants = new[] { Guid.NewGuid() }, startsAt = "2026-11-02 9am", createdBy = "x",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("participants[0]", "startsAt", "turnDays");
    }
}
