using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Marten.Linq.MatchesSql;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Reservations;

/// <summary>Who is held for one planned-cover booking: the worker, or why nobody could be (both null once released).</summary>
public sealed record ReservationListed(Guid BookingId, Guid? WorkerId, string? WorkerName, string? Unfilled, Instant StartsAt, Instant EndsAt);

/// <summary>The query of GET /reservations.</summary>
public sealed record ReservationsQuery(string? From);

public sealed class ReservationsQueryValidator : AbstractValidator<ReservationsQuery>
{
    public ReservationsQueryValidator() =>
        RuleFor(q => q.From).Must(from => from is null || Parse.Instant(from) is not null).WithMessage("An ISO-8601 instant; leave it out for now.");
}

/// <summary>GET /reservations?from=: who is held for each planned-cover booking whose cover has not ended by <c>from</c> (default now).</summary>
public static class ListingReservations
{
    public const int MaxReservations = 500;

    private static readonly ReservationsQueryValidator Validator = new();

    public static async Task<IResult> List(string? from, IQuerySession session, IClock clock, CancellationToken ct)
    {
        if (Validator.Validate(new ReservationsQuery(from)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem("The reservations' window is not valid.");
        }

        var after = InstantPattern.ExtendedIso.Format(Parse.Instant(from) ?? clock.GetCurrentInstant());
        // The times are stored as ISO text in the snapshot's JSON: PostgreSQL compares them as instants, not as text.
        var held = await session.Query<Reservation>()
            .Where(r => r.MatchesSql("(d.data ->> 'endsAt')::timestamptz > ?::timestamptz", after))
            .OrderBy(r => r.StartsAt).Take(MaxReservations).ToListAsync(ct);
        return Results.Ok(held.OrderBy(r => r.StartsAt).Select(r => new ReservationListed(r.Id, r.WorkerId, r.WorkerName, r.Unfilled, r.StartsAt, r.EndsAt)));
    }
}
