using System.Net.Http.Json;
using Cers.Dispatch.Testing;
using NodaTime;
using NodaTime.Text;
using TimerFired = Cers.Dispatch.Contracts.Escalation.TimerFired;

namespace Cers.Dispatch.Escalation.IntegrationTests;

/// <summary>
/// The real service process on the system clock, killed with timers pending. Only the test's own child process is
/// killed; the shared PostgreSQL and RabbitMQ are untouched.
/// </summary>
[Collection(EscalationCollection.Name)]
public sealed class ProcessRestartTests(EscalationFixture fixture) : IAsyncLifetime
{
    private readonly string schema = $"{fixture.Schema}_process";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Schemas.DropAsync(schema);

    [Fact]
    public async Task Timers_that_came_due_while_the_service_was_killed_fire_once_each_when_it_is_back()
    {
        var activationId = Guid.NewGuid();
        var ids = new List<Guid>();
        Instant lastDue;
        await using (var first = await ServiceProcess.StartAsync(schema, $"{fixture.Prefix}p"))
        {
            using var client = first.Client();
            // Far enough ahead that five requests and the kill fit before the first is due on a busy machine.
            var now = SystemClock.Instance.GetCurrentInstant();
            var firstDue = now + Duration.FromSeconds(10);
            for (var i = 0; i < 5; i++)
            {
                var id = Guid.NewGuid();
                var due = firstDue + Duration.FromMilliseconds(100 * i);
                using var response = await client.PostAsJsonAsync("/timers", new { timerId = id, activationId, kind = "offer-deadline", dueAt = InstantPattern.ExtendedIso.Format(due), target = $"offer-{i}" });
                response.EnsureSuccessStatusCode();
                ids.Add(id);
            }

            lastDue = firstDue + Duration.FromMilliseconds(400);
            await first.KillAsync();
        }

        (await fixture.PendingTimersAsync(ids, schema)).Should().Be(ids.Count, "the process was killed before any timer was due");
        // The outage has to outlast the due times for the test to mean anything: this waits for time, not for work.
        var untilPastDue = lastDue - SystemClock.Instance.GetCurrentInstant() + Duration.FromMilliseconds(500);
        if (untilPastDue > Duration.Zero)
        {
            await Task.Delay(untilPastDue.ToTimeSpan());
        }

        // Only this test knows these timers (they were set over HTTP), so anything published about them came from the process.
        await using var fromProcess = await BusProbe.ConnectAsync(fixture.Bus);
        await using var second = await ServiceProcess.StartAsync(schema, $"{fixture.Prefix}p");
        await fromProcess.WaitForAsync<TimerFired>(m => m.ActivationId == activationId, ids.Count, "every timer after the restart");

        (await fixture.PendingTimersAsync(ids, schema)).Should().Be(0);
        foreach (var id in ids)
        {
            (await fixture.FiredEventsAsync(id, schema)).Should().Be(1);
            fromProcess.Distinct<TimerFired>(m => m.TimerId == id).Should().ContainSingle();
        }
    }

    [Fact]
    public async Task A_malformed_bank_holiday_document_is_refused_and_a_good_one_is_used_by_the_rule()
    {
        var malformed = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        var good = Path.Combine(Path.GetTempPath(), $"bank-holidays-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(malformed, """{"england-and-wales":{"division":"england-and-wales","events":[]}}""");
        var shipped = await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(ServiceProcess.Dll)!, "BankHolidays", "bank-holidays.json"));
        // A newer GOV.UK copy with a one-off holiday, as 2022's state funeral was.
        await File.WriteAllTextAsync(good, shipped.Replace(
            "\"scotland\",\n    \"events\": [",
            "\"scotland\",\n    \"events\": [\n      {\"title\": \"One-off bank holiday\", \"date\": \"2026-06-15\", \"notes\": \"\", \"bunting\": false},",
            StringComparison.Ordinal));
        try
        {
            var refused = await ServiceProcess.RunCommandAsync(schema, "import-bank-holidays", malformed);
            refused.ExitCode.Should().Be(1);
            refused.Error.Should().Contain("Nothing was imported").And.Contain("\"scotland\" is missing").And.Contain("\"england-and-wales\" has no events");

            var imported = await ServiceProcess.RunCommandAsync(schema, "import-bank-holidays", good);
            imported.ExitCode.Should().Be(0, imported.Error);
            imported.Output.Should().Contain("2028-12-26");

            await using var service = await ServiceProcess.StartAsync(schema, $"{fixture.Prefix}i");
            using var client = service.Client();
            var answer = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/rules/cover-limit?start=2026-06-14T12:00:00Z&nation=scotland");
            answer.GetProperty("limitHours").GetInt32().Should().Be(72);
            answer.GetProperty("bankHolidaysInWindow")[0].GetString().Should().Be("2026-06-15");
        }
        finally
        {
            File.Delete(malformed);
            File.Delete(good);
        }
    }
}
