using Cers.Dispatch.Rostering.Reservations;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>Planned-cover bookings decided at once, by two instances, each hold a worker of their own.</summary>
public sealed class ReservationHoldTests
{
    [Fact]
    public async Task Overlapping_bookings_at_once_never_hold_one_worker_twice_and_one_that_found_nobody_takes_a_worker_freed_by_a_cancellation()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var workers = new[]
            {
                await cover.ShiftWorkerAsync("Hana Held", 53.80, -1.55, Duration.FromHours(-1), Duration.FromHours(12)),
                await cover.ShiftWorkerAsync("Ivo Held", 53.81, -1.55, Duration.FromHours(-1), Duration.FromHours(12)),
            };
            var carerId = await cover.PlanAsync(53.80, -1.55, "LS1 Leeds");
            var (from, to) = (cover.Now + Duration.FromHours(2), cover.Now + Duration.FromHours(5));
            var bookings = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();

            await Task.WhenAll(bookings.Select((booking, i) => fixture.Bus.Publish(new Intake.PlannedCoverBooked(
                booking, Guid.NewGuid(), "492177305518", carerId, "england-and-wales", "LS1 Leeds", $"Clinic {i}",
                from + Duration.FromMinutes(i * 10), to, cover.Now))));

            var decided = await ReservationsAsync(fixture, bookings, r => r.WorkerId is not null || r.Unfilled is not null);
            fixture.ConsumedByInstance.Should().OnlyContain(n => n > 0, "the bookings are spread over both instances");
            decided.Where(r => r.WorkerId is not null).Select(r => r.WorkerId).Should()
                .OnlyHaveUniqueItems("a worker held for one booking is not held for another that overlaps it")
                .And.BeEquivalentTo(workers.Select(w => (Guid?)w.Id), "both workers are free for the window");
            decided.Where(r => r.WorkerId is null).Should().HaveCount(2).And.OnlyContain(r => r.Unfilled == "nobody qualified is on duty for the booked time");
            foreach (var worker in workers)
            {
                fixture.Twilio.Messages.Where(m => m.To == worker.Phone && m.Body.Contains("you are booked to cover", StringComparison.Ordinal))
                    .Should().ContainSingle("each worker is told of the one booking they are held for");
            }

            var cancelled = decided.First(r => r.WorkerId is not null);
            var waiting = decided.Where(r => r.WorkerId is null).Select(r => r.Id).ToList();
            await fixture.Bus.Publish(new Intake.PlannedCoverCancelled(cancelled.Id, cancelled.ActivationId, "Appointment cancelled", cover.Now));

            var taken = await Eventually.GetAsync(async () =>
                (await ReservationsAsync(fixture, waiting, _ => true)).FirstOrDefault(r => r.WorkerId == cancelled.WorkerId), what: "the freed worker held for a booking that found nobody");
            await cover.SmsTo(workers.Single(w => w.Id == cancelled.WorkerId).Phone, m => m.Body.Contains("is cancelled", StringComparison.Ordinal));
            await cover.SmsTo(workers.Single(w => w.Id == cancelled.WorkerId).Phone, m => m.Body.Contains(LondonTime.Show(taken.StartsAt), StringComparison.Ordinal)
                && m.Body.Contains("you are booked to cover", StringComparison.Ordinal));
            (await ReservationsAsync(fixture, [cancelled.Id], r => r.CancelledAt is not null)).Single().WorkerId.Should().BeNull();

            // The other booking that found nobody was tried again too, and still found nobody.
            var stillWaiting = waiting.Single(id => id != taken.Id);
            var queue = fixture.Rostering.Services.GetRequiredService<WorkQueue>();
            (await Eventually.GetAsync(async () => (await queue.ForStreamAsync(stillWaiting, CancellationToken.None)).SingleOrDefault(w => w.DoneAt is not null),
                what: "the second booking tried again")).Outcome.Should().Be("still nobody free");

            // It is cancelled too: a worker freed after that is not held for it.
            await fixture.Bus.Publish(new Intake.PlannedCoverCancelled(stillWaiting, Guid.NewGuid(), "No longer needed", cover.Now));
            await ReservationsAsync(fixture, [stillWaiting], r => r.CancelledAt is not null);
            await fixture.Bus.Publish(new Intake.PlannedCoverCancelled(taken.Id, taken.ActivationId, "Appointment cancelled", cover.Now));
            await ReservationsAsync(fixture, [taken.Id], r => r.CancelledAt is not null);
            (await queue.ForStreamAsync(stillWaiting, CancellationToken.None)).Should()
                .ContainSingle("the booking was tried again when the first worker was freed, and not after it was cancelled");
        }, twoInstances: true);
    }

    private static async Task<IReadOnlyList<Reservation>> ReservationsAsync(RosteringFixture fixture, List<Guid> bookings, Func<Reservation, bool> decided) =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            var found = await session.LoadManyAsync<Reservation>(bookings);
            return found.Count == bookings.Count && found.All(decided) ? found : null;
        }, what: "the bookings' reservations");
}
