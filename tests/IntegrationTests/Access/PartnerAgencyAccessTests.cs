using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.ServiceDefaults.Access;
using Marten;

namespace Cers.Dispatch.IntegrationTests.Access;

[Collection(FirstSliceCollection.Name)]
public sealed class PartnerAgencyAccessTests(FirstSliceFixture fixture)
{
    [Fact]
    public async Task An_agency_reports_with_its_key_and_is_recorded_as_itself_whatever_the_body_claims()
    {
        var key = await RegisterAgencyAsync("Yorkshire Ambulance Service");
        using var agency = WithKey(key.ApiKey);

        var report = Reports.Valid();
        var id = await Reports.OpenAsync(agency, report);

        var activation = await fixture.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{id}");
        activation.GetRawText().Should().Contain("Yorkshire Ambulance Service").And.NotContain("East of England Ambulance Service");
    }

    [Fact]
    public async Task An_activation_is_recorded_as_coming_from_the_agency_or_from_the_console_by_who_opened_it()
    {
        var key = await RegisterAgencyAsync("Norfolk Fire and Rescue");
        var byAgency = await Reports.OpenAsync(WithKey(key.ApiKey), Reports.Valid());
        var byCoordinator = await Reports.OpenAsync(fixture.Intake.CreateClientAs(CersRoles.Coordinator), Reports.Valid());

        var intake = fixture.Intake.CreateClient();
        (await intake.GetFromJsonAsync<JsonElement>($"/activations/{byAgency}")).GetProperty("channel").GetString().Should().Be("PartnerApi");
        (await intake.GetFromJsonAsync<JsonElement>($"/activations/{byCoordinator}")).GetProperty("channel").GetString().Should().Be("Console");
    }

    [Fact]
    public async Task A_revoked_or_unknown_key_is_refused_with_a_reason_and_nothing_is_opened()
    {
        var key = await RegisterAgencyAsync("Hospital discharge team");
        (await fixture.Intake.CreateClientAs(CersRoles.Administrator).PostAsync($"/partner-agencies/{key.AgencyId}/revocation", null))
            .EnsureSuccessStatusCode();
        var before = await ActivationCountAsync();

        foreach (var presented in new[] { key.ApiKey, "cers_not-a-real-key", new string('k', 5000) })
        {
            using var response = await WithKey(presented).PostAsJsonAsync("/activations", Reports.Valid());

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            (await response.Content.ReadAsStringAsync()).Should().Contain("API key is not known or has been revoked");
        }

        (await ActivationCountAsync()).Should().Be(before);
    }

    [Fact]
    public async Task A_rotated_key_replaces_the_old_one_at_once()
    {
        var first = await RegisterAgencyAsync("Police control room");
        var rotated = await (await fixture.Intake.CreateClientAs(CersRoles.Administrator).PostAsync($"/partner-agencies/{first.AgencyId}/key", null))
            .Content.ReadFromJsonAsync<IssuedKeyBody>();

        (await WithKey(first.ApiKey).PostAsJsonAsync("/activations", Reports.Valid())).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await WithKey(rotated!.ApiKey).PostAsJsonAsync("/activations", Reports.Valid())).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task An_agency_key_opens_activations_and_nothing_else()
    {
        var key = await RegisterAgencyAsync("Fire and rescue");
        var id = await Reports.OpenAsync(WithKey(key.ApiKey), Reports.Valid());

        using var timeline = await WithKey(key.ApiKey).GetAsync($"/activations/{id}/timeline");
        using var note = await WithKey(key.ApiKey).PostAsJsonAsync($"/activations/{id}/notes", new { by = "x", text = "y" });
        using var agencies = await WithKey(key.ApiKey).GetAsync("/partner-agencies");

        timeline.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        note.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        agencies.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await note.Content.ReadAsStringAsync()).Should().Contain("coordinator");
    }

    [Fact]
    public async Task Only_administrators_issue_keys_and_the_key_is_never_shown_again()
    {
        using var byCoordinator = await fixture.Intake.CreateClientAs(CersRoles.Coordinator)
            .PostAsJsonAsync("/partner-agencies", new { agencyId = $"nhs-{Guid.NewGuid():N}"[..20], name = "NHS 111" });
        byCoordinator.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var key = await RegisterAgencyAsync("NHS 111");
        var listed = await fixture.Intake.CreateClientAs(CersRoles.Administrator).GetStringAsync("/partner-agencies");
        listed.Should().Contain(key.AgencyId).And.NotContain(key.ApiKey);
    }

    [Fact]
    public async Task No_credentials_at_all_gets_401_with_a_reason_and_no_activation()
    {
        var before = await ActivationCountAsync();

        using var response = await fixture.Intake.CreateAnonymousClient().PostAsJsonAsync("/activations", Reports.Valid());

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Credentials are required");
        (await ActivationCountAsync()).Should().Be(before);
    }

    private sealed record IssuedKeyBody(string AgencyId, string Name, string ApiKey);

    private async Task<IssuedKeyBody> RegisterAgencyAsync(string name)
    {
        var agencyId = $"agency-{Guid.NewGuid():N}"[..24];
        using var response = await fixture.Intake.CreateClientAs(CersRoles.Administrator)
            .PostAsJsonAsync("/partner-agencies", new { agencyId, name });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<IssuedKeyBody>())!;
    }

    private HttpClient WithKey(string key)
    {
        var client = fixture.Intake.CreateAnonymousClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    private async Task<int> ActivationCountAsync()
    {
        await using var session = fixture.IntakeStore.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "activation_opened").CountAsync();
    }
}
