using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Matching;
using NodaTime;
using CardLookupDemo = Cers.Dispatch.CardLookup.Demo.DemoSeeder;
using RosteringDemo = Cers.Dispatch.Rostering.Demo.DemoSeeder;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>The demo (deploy/run.sh) staffs every demo card round the clock, so a newcomer's first call always finds someone.</summary>
public sealed class DemoRotaTests
{
    /// <param name="seededAt">When deploy/run.sh first seeds: a weekday morning, and a Monday night before the week's first shift began.</param>
    [Theory]
    [InlineData("2026-11-25T09:30:00Z")]
    [InlineData("2026-12-07T01:30:00Z")]
    public Task Every_demo_cards_plan_has_a_qualified_worker_on_duty_within_reach_at_any_hour_of_the_coming_week(string seededAt) =>
        RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var now = NodaTime.Text.InstantPattern.ExtendedIso.Parse(seededAt).Value;
            await RosteringDemo.SeedAsync(fixture.Store, now, CancellationToken.None);
            var faker = CardLookupDemo.NewFaker();
            // The plans of the 300 carers deploy/run.sh seeds in card lookup, as rostering hears of them.
            var plans = Enumerable.Range(0, 300)
                .Select(i => CardLookupDemo.Generate(faker, now, i).CarerEvents.OfType<EmergencyPlanRecorded>().Last())
                .Select(p => new CarerNeeds(p.CarerId, p.Version, p.Outline.RequiredSkills, p.Location.Nation, p.Location.Area, p.Location.Latitude, p.Location.Longitude, now))
                .ToList();
            // Carers with the same needs in the same district (homes within about a kilometre of each other, against a
            // 60 km reach) are staffed alike: each district and set of needs is ranked once an hour.
            var needs = plans.DistinctBy(p => (p.Area, string.Join(",", p.RequiredSkills.Order()))).ToList();
            await using var session = fixture.Store.QuerySession();
            var options = new OfferOptions();
            var pool = await CandidatePool.LoadAsync(session, options, CancellationToken.None);

            var unstaffed = new List<string>();
            // Every hour of the coming day (the shifts repeat daily), then every fourth hour to the week's end (training and
            // DBS checks running out on later days): a ranking takes about a millisecond.
            foreach (var hour in Enumerable.Range(0, 24).Concat(Enumerable.Range(6, 36).Select(h => h * 4)))
            {
                var at = now + Duration.FromHours(hour);
                foreach (var plan in needs)
                {
                    var dispatch = StaffDispatch.Create(new DispatchRequested(Guid.NewGuid(), Guid.NewGuid(), "voice", null, "Accident", at, at))
                        .Apply(new CarerIdentified(Guid.NewGuid(), plan.Id, null, plan.Nation, plan.Area, "test", at));
                    if (pool.Rank(dispatch, plan, at, options).Ranking.Ranked.Count == 0)
                    {
                        unstaffed.Add($"{plan.Area} [{string.Join(", ", plan.RequiredSkills)}] at {at}");
                    }
                }
            }

            plans.Should().HaveCount(300);
            unstaffed.Distinct().Should().BeEmpty("a demo card phoned in at any hour must reach a worker who can care for them");
            var board = await Rotas.RotaBoard.LoadAsync(session, CancellationToken.None);
            Enumerable.Range(0, 7 * 24).Select(h => now + Duration.FromHours(h))
                .Where(at => !Rotas.OnCall.GetOnCallSlice.ChainAt(board, at).Any(c => c.Role == Staff.StaffRoles.Coordinator))
                .Should().BeEmpty("a coordinator is on call at every hour of the demo's week, from the hour it is seeded");
        });
}
