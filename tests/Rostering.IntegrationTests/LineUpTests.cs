using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>GET /on-call/line-ups: a role's line-up between two instants, as the intervals where it stays the same.</summary>
[Collection(RosteringCollection.Name)]
public sealed class LineUpTests(RosteringFixture fixture)
{
    [Fact]
    public async Task A_week_of_line_ups_shows_each_hand_off_and_an_override_that_leaves_nobody_as_a_gap()
    {
        var client = fixture.Rostering.CreateClient();
        var ana = await Register.StaffAsync(client, "Ana Daily", "coordinator");
        var bo = await Register.StaffAsync(client, "Bo Daily", "coordinator");
        // In 2031 (before the clocks change), so UK time is UTC and no other test's rotas hand over at these hours.
        using var created = await client.PostAsJsonAsync("/rotations", new
        {
            name = "Daily coordinators (line-ups)", role = "coordinator", kind = "on-call", participants = new[] { ana.Id, bo.Id },
            startsAt = "2031-03-03T09:00:00", turnDays = 1, priority = 5, createdBy = "Duty manager D. Shaw",
        });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var rotation = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using var sick = await client.PostAsJsonAsync($"/rotations/{rotation}/overrides", new
        {
            from = "2031-03-03T12:00:00Z", to = "2031-03-03T15:00:00Z", coveredBy = (Guid?)null, reason = "sickness", addedBy = "Dee Manager",
        });
        sick.StatusCode.Should().Be(HttpStatusCode.Created, await sick.Content.ReadAsStringAsync());

        var intervals = await client.GetFromJsonAsync<JsonElement>("/on-call/line-ups?role=coordinator&from=2031-03-03T06:00:00Z&to=2031-03-04T12:00:00Z");

        var all = intervals.EnumerateArray().ToList();
        all[0].GetProperty("from").GetString().Should().Be("2031-03-03T06:00:00Z");
        all[^1].GetProperty("to").GetString().Should().Be("2031-03-04T12:00:00Z");
        all.Zip(all.Skip(1)).Should().OnlyContain(p => p.First.GetProperty("to").GetString() == p.Second.GetProperty("from").GetString(), "the intervals follow on");
        Ours(all, rotation).Should().Equal(
            ("2031-03-03T06:00:00Z", "2031-03-03T09:00:00Z", "", ""),
            ("2031-03-03T09:00:00Z", "2031-03-03T12:00:00Z", "Ana Daily", ""),
            ("2031-03-03T12:00:00Z", "2031-03-03T15:00:00Z", "", "sickness"),
            ("2031-03-03T15:00:00Z", "2031-03-04T09:00:00Z", "Ana Daily", ""),
            ("2031-03-04T09:00:00Z", "2031-03-04T12:00:00Z", "Bo Daily", ""));
    }

    [Fact]
    public async Task Line_ups_without_a_role_or_with_the_end_before_the_start_are_refused_naming_each_field()
    {
        using var response = await fixture.Rostering.CreateClient().GetAsync("/on-call/line-ups?from=2031-03-04T00:00:00Z&to=2031-03-03T00:00:00Z");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("role", "to");
    }

    /// <summary>The line-up as far as this test's rotation goes: other tests' coordinators may be on too, and split intervals.</summary>
    private static List<(string From, string To, string On, string Uncovered)> Ours(List<JsonElement> intervals, Guid rotation)
    {
        var ours = new List<(string From, string To, string On, string Uncovered)>();
        foreach (var interval in intervals)
        {
            var on = string.Join(", ", interval.GetProperty("onDuty").EnumerateArray()
                .Where(p => p.GetProperty("rotationId").GetGuid() == rotation).Select(p => p.GetProperty("name").GetString()));
            var uncovered = string.Join(", ", interval.GetProperty("uncovered").EnumerateArray()
                .Where(u => u.GetProperty("rotationId").GetGuid() == rotation).Select(u => u.GetProperty("reason").GetString()));
            var (from, to) = (interval.GetProperty("from").GetString()!, interval.GetProperty("to").GetString()!);
            if (ours.Count > 0 && ours[^1].On == on && ours[^1].Uncovered == uncovered)
            {
                ours[^1] = ours[^1] with { To = to };
            }
            else
            {
                ours.Add((from, to, on, uncovered));
            }
        }

        return ours;
    }
}
