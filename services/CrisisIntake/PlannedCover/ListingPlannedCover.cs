using Cers.Dispatch.ServiceDefaults.Validation;
using FluentValidation;
using Marten;
using Marten.Linq.MatchesSql;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.PlannedCover;

/// <summary>The query of GET /planned-cover: bookings whose cover has not ended by <c>from</c>, and that start before <c>to</c>.</summary>
public sealed record PlannedCoverQuery(string? From, string? To);

public sealed class PlannedCoverQueryValidator : AbstractValidator<PlannedCoverQuery>
{
    public PlannedCoverQueryValidator()
    {
        RuleFor(q => q.From).Must(from => from is null || Parse.Instant(from) is not null)
            .WithMessage("An ISO-8601 instant; leave it out for now.");
        RuleFor(q => q.To).Cascade(CascadeMode.Stop)
            .Must(to => to is null || Parse.Instant(to) is not null).WithMessage("An ISO-8601 instant; leave it out for no end.")
            .Must((q, to) => to is null || Parse.Instant(q.From) is not { } from || Parse.Instant(to) > from).WithMessage("After from.");
    }
}

/// <summary>GET /planned-cover?from=&amp;to=: the bookings in a window (upcoming by default), soonest first, whatever their status.</summary>
public static class ListingPlannedCover
{
    /// <summary>More than a console page can show; a wider window is asked for in parts.</summary>
    public const int MaxBookings = 500;

    private static readonly PlannedCoverQueryValidator Validator = new();

    public static async Task<IResult> List(string? from, string? to, IQuerySession session, IClock clock, CancellationToken ct)
    {
        if (Validator.Validate(new PlannedCoverQuery(from, to)) is { IsValid: false } invalid)
        {
            return invalid.ToProblem("The planned-cover window is not valid.");
        }

        var after = InstantPattern.ExtendedIso.Format(Parse.Instant(from) ?? clock.GetCurrentInstant());
        // The times are stored as ISO text in the snapshot's JSON: PostgreSQL compares them as instants, not as text.
        var bookings = session.Query<PlannedCoverBooking>().Where(b => b.MatchesSql("(d.data ->> 'endsAt')::timestamptz > ?::timestamptz", after));
        if (Parse.Instant(to) is { } before)
        {
            var startingBefore = InstantPattern.ExtendedIso.Format(before);
            bookings = bookings.Where(b => b.MatchesSql("(d.data ->> 'startsAt')::timestamptz < ?::timestamptz", startingBefore));
        }

        var found = await bookings.OrderBy(b => b.StartsAt).Take(MaxBookings).ToListAsync(ct);
        return Results.Ok(found.OrderBy(b => b.StartsAt).ThenBy(b => b.Id));
    }
}
