using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cers.Dispatch.Testing;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using Marten;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ActivationOpened = Cers.Dispatch.Contracts.CrisisIntake.ActivationOpened;

namespace Cers.Dispatch.IntegrationTests.FirstSlice;

[Collection(FirstSliceCollection.Name)]
public sealed class ActivationCrossesServicesTests(FirstSliceFixture fixture)
{
    [Fact]
    public async Task An_activation_opened_at_crisis_intake_is_recorded_in_rostering_store()
    {
        var activationId = await Reports.OpenAsync(fixture.Intake.CreateClient(), Reports.Valid("4921 7730 5518"));

        var dispatch = await DispatchFor(activationId);

        dispatch.Status.Should().Be(DispatchStatus.FindingStaff);
        dispatch.CardNumber.Should().Be("492177305518");
        dispatch.Reason.Should().Be("AdmittedToHospital");
        await using var session = fixture.RosteringStore.QuerySession();
        var events = await session.Events.FetchStreamAsync(activationId);
        events.Should().ContainSingle().Which.Data.Should().BeOfType<DispatchRequested>();
    }

    [Fact]
    public async Task An_instant_keeps_every_tick_through_Marten_and_MassTransit_and_is_stored_as_an_ISO_string()
    {
        var openedAt = fixture.Clock.GetCurrentInstant();

        var activationId = await Reports.OpenAsync(fixture.Intake.CreateClient(), Reports.Valid());
        var dispatch = await DispatchFor(activationId);

        dispatch.ActivationOpenedAt.Should().Be(openedAt);
        await using var intake = fixture.IntakeStore.QuerySession();
        var stored = (await intake.Events.FetchStreamAsync(activationId))[0].Data;
        stored.Should().BeOfType<Cers.Dispatch.CrisisIntake.Activations.ActivationOpened>().Which.OpenedAt.Should().Be(openedAt);
        (await RawEventJson(fixture.Intake.Schema, activationId)).GetProperty("openedAt").GetString()
            .Should().Be("2026-11-25T09:30:15.1234567Z");
    }

    [Fact]
    public async Task The_same_message_delivered_twice_changes_nothing_the_second_time()
    {
        var consumed = new ConsumedMessages();
        using var watching = fixture.Rostering.Services.GetRequiredService<IBus>().ConnectReceiveObserver(consumed);
        var bus = fixture.Intake.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var message = new ActivationOpened(Guid.NewGuid(), "PartnerApi", "4921773055180", "Accident", "Police", "PC Lee", null, fixture.Clock.GetCurrentInstant());

        await bus.Publish(message, c => c.MessageId = messageId);
        await bus.Publish(message, c => c.MessageId = messageId);
        await Eventually.GetAsync(() => Task.FromResult<object?>(consumed.TimesConsumed(messageId) >= 2 ? consumed : null), what: "both deliveries consumed");

        await using var session = fixture.RosteringStore.QuerySession();
        (await session.Events.FetchStreamAsync(message.ActivationId)).Should().ContainSingle();
        (await session.Query<HandledMessage>().Where(h => h.MessageId == messageId).CountAsync()).Should().Be(1);
    }

    [Fact]
    public async Task A_report_without_card_reason_or_reporter_is_refused_with_problem_details_and_nothing_is_stored()
    {
        var before = await EventCount();

        using var response = await fixture.Intake.CreateClient().PostAsJsonAsync("/activations", new { cardNumber = "12ab", reason = "Bored" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should()
            .BeEquivalentTo("cardNumber", "reason", "reportedBy.agency", "reportedBy.name");
        (await EventCount()).Should().Be(before);
    }

    [Fact]
    public async Task One_trace_spans_the_HTTP_request_the_publish_and_the_consume()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/activations") { Content = JsonContent.Create(Reports.Valid()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await fixture.Intake.CreateClient().SendAsync(request);
        response.EnsureSuccessStatusCode();

        // A span is collected when it ends, and the relay's ends only with the broker's publisher confirm, which can come
        // after the consumer has finished: wait for both.
        var spans = await Eventually.GetAsync(
            () => Task.FromResult(fixture.Spans.InTrace(traceId) is var s
                && s.Any(a => a.Kind == ActivityKind.Consumer)
                && s.Any(a => a.Source.Name == Telemetry.SourceName && a.DisplayName == "relay activation_opened") ? s : null),
            what: "the consume and relay spans in the request's trace");
        spans.Should().Contain(a => a.Kind == ActivityKind.Server && a.DisplayName.StartsWith("POST", StringComparison.Ordinal));
        spans.Should().Contain(a => a.Source.Name == Telemetry.SourceName && a.DisplayName == "relay activation_opened");
        spans.Should().Contain(a => a.Kind == ActivityKind.Producer && a.Source.Name == "MassTransit");
        spans.Should().Contain(a => a.Kind == ActivityKind.Consumer && a.Source.Name == "MassTransit");
    }

    private async Task<StaffDispatch> DispatchFor(Guid activationId) =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.RosteringStore.QuerySession();
            return await session.LoadAsync<StaffDispatch>(activationId);
        }, what: $"rostering's dispatch for {activationId}");

    private async Task<long> EventCount()
    {
        await using var session = fixture.IntakeStore.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }

    private static async Task<JsonElement> RawEventJson(string schema, Guid streamId)
    {
        await using var connection = new NpgsqlConnection(LocalInfrastructure.MartenConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT data::text FROM {schema}.mt_events WHERE stream_id = @id ORDER BY version LIMIT 1", connection);
        command.Parameters.AddWithValue("id", streamId);
        return JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!).RootElement.Clone();
    }
}
