using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.IntegrationTests.FirstSlice;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;

namespace Cers.Dispatch.IntegrationTests.Activations;

/// <summary>Crisis intake alone, with a clock of its own and a 30-day retention period, so years can pass in a test.</summary>
public sealed class PersonalDataFixture : IAsyncLifetime
{
    private readonly string runId = Guid.NewGuid().ToString("N")[..8];

    public FakeClock Clock { get; } = new(Instant.FromUtc(2026, 11, 25, 9, 30));

    public ServiceHost<CrisisIntakeApi> Intake { get; private set; } = null!;

    public Task InitializeAsync()
    {
        var settings = IntakeSettings.Without(cardLookup: null);
        settings["Retention:ClosedActivationDays"] = "30";
        Intake = new ServiceHost<CrisisIntakeApi>($"t_{runId}_pd_intake", $"t{runId}pd", s => s.AddSingleton<IClock>(Clock), settings);
        _ = Intake.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Intake.DisposeAsync();
        await Schemas.DropAsync(Intake.Schema);
    }
}

public sealed class PersonalDataTests(PersonalDataFixture fixture) : IClassFixture<PersonalDataFixture>
{
    private const string UrgentNotes = "Son (14) has epilepsy; rescue medication in the blue box on the fridge.";
    private const string Note = "Neighbour at no. 12 holds a spare key.";
    private const string CallBackNumber = "01223 496 0711";
    private const string CallBackDigits = "496 0711";

    private HttpClient Intake => fixture.Intake.CreateClient();

    [Fact]
    public async Task Notes_urgent_details_and_who_reported_are_stored_sealed_but_read_back_in_full()
    {
        var id = await OpenWithNoteAsync();

        var stored = await RawEventDataAsync(id);
        stored.Should().NotContain("epilepsy").And.NotContain("spare key").And.Contain("pd1.");
        stored.Should().NotContain("Okafor").And.NotContain(CallBackDigits, "the reporter's name and call-back number are sealed too");
        stored.Should().Contain("East of England Ambulance Service", "the agency stays readable for the figures");

        var timeline = await Intake.GetStringAsync($"/activations/{id}/timeline");
        timeline.Should().Contain("Neighbour at no. 12 holds a spare key").And.Contain("epilepsy").And.Contain("Opened by Paramedic J. Okafor");
        var activation = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}");
        activation.GetProperty("urgentNotes").GetString().Should().Be(UrgentNotes);
        activation.GetProperty("reportedBy").GetProperty("name").GetString().Should().Be("Paramedic J. Okafor");
        activation.GetProperty("reportedBy").GetProperty("callBackNumber").GetString().Should().Be(CallBackNumber);
    }

    [Fact]
    public async Task After_the_retention_period_a_closed_activation_keeps_its_shape_with_its_personal_data_erased()
    {
        await using var otherServices = await BusProbe.ListenAsync<Cers.Dispatch.Contracts.CrisisIntake.ActivationPersonalDataShredded>(
            fixture.Intake.Services.GetRequiredService<MassTransit.IBus>());
        var id = await OpenWithNoteAsync();
        (await Intake.PostAsJsonAsync($"/activations/{id}/close", new { outcome = "LongerTermCareInPlace", closedBy = "A. Shah", notes = "Daughter moved in." }))
            .EnsureSuccessStatusCode();
        var before = await TimelineAsync(id);

        fixture.Clock.Advance(Duration.FromDays(29));
        (await SweepAsync()).GetProperty("shredded").GetInt32().Should().Be(0, "29 days is inside the retention period");
        fixture.Clock.Advance(Duration.FromDays(2));
        (await SweepAsync()).GetProperty("shredded").GetInt32().Should().BeGreaterThanOrEqualTo(1);

        var after = await TimelineAsync(id);
        after.Take(before.Count).Select(e => e.GetProperty("event").GetString()).Should().Equal(before.Select(e => e.GetProperty("event").GetString()));
        after[^1].GetProperty("event").GetString().Should().Be("personal_data_shredded");
        var text = string.Join('\n', after.Select(e => e.GetRawText()));
        text.Should().NotContain("epilepsy").And.NotContain("spare key").And.NotContain("Daughter moved in").And.Contain("[erased]");
        text.Should().NotContain("Okafor").And.NotContain(CallBackDigits);
        text.Should().Contain("A. Shah", "who did what stays for the audit").And.Contain("Opened by [erased] (East of England Ambulance Service)");
        var activation = await Intake.GetFromJsonAsync<JsonElement>($"/activations/{id}");
        activation.GetProperty("urgentNotes").GetString().Should().Be("[erased]");
        activation.GetProperty("reportedBy").GetProperty("name").GetString().Should().Be("[erased]");
        activation.GetProperty("reportedBy").GetProperty("callBackNumber").GetString().Should().Be("[erased]");

        (await otherServices.FirstAsync(m => m.ActivationId == id, "rostering told to shred its copy")).Reason.Should().Contain("retention");
        (await SweepAsync()).GetProperty("shredded").GetInt32().Should().Be(0, "a shredded activation is not shredded twice");
        using var note = await Intake.PostAsJsonAsync($"/activations/{id}/notes", new { by = "x", text = "y" });
        note.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Only_an_administrator_may_run_the_retention_sweep()
    {
        using var response = await fixture.Intake.CreateClientAs(CersRoles.Supervisor).PostAsync("/retention/sweep", null);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    private async Task<Guid> OpenWithNoteAsync()
    {
        var report = new
        {
            cardNumber = $"4921 {Random.Shared.NextInt64(10_000_000, 99_999_999)}",
            reason = "AdmittedToHospital",
            reportedBy = new { agency = "East of England Ambulance Service", name = "Paramedic J. Okafor", callBackNumber = CallBackNumber },
            carerLocation = "Addenbrooke's Hospital, A&E",
            urgentNotes = UrgentNotes,
        };
        var id = await Reports.OpenAsync(Intake, report);
        (await Intake.PostAsJsonAsync($"/activations/{id}/notes", new { by = "Coordinator A. Shah", text = Note })).EnsureSuccessStatusCode();
        return id;
    }

    private async Task<JsonElement> SweepAsync()
    {
        using var response = await fixture.Intake.CreateClientAs(CersRoles.Administrator).PostAsync("/retention/sweep", null);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<List<JsonElement>> TimelineAsync(Guid id) =>
        (await Intake.GetFromJsonAsync<List<JsonElement>>($"/activations/{id}/timeline"))!;

    private async Task<string> RawEventDataAsync(Guid id)
    {
        await using var connection = new Npgsql.NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand($"SELECT string_agg(data::text, '\n') FROM {fixture.Intake.Schema}.mt_events WHERE stream_id = @id", connection);
        query.Parameters.AddWithValue("id", id);
        return (string)(await query.ExecuteScalarAsync())!;
    }
}
