using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;

public sealed record TimelineEntry(long Version, Instant At, string Source, string Event, object Data);

public static class ActivationTimelineSlice
{
    public const string Source = "crisis-intake";

    /// <summary>Every event of the activation in order; with <c>asOf</c>, the timeline as it stood at that instant.</summary>
    public static async Task<IResult> Handle(Guid id, string? asOf, IQuerySession session, CancellationToken cancellationToken)
    {
        Instant? pointInTime = null;
        if (asOf is not null)
        {
            var parsed = InstantPattern.ExtendedIso.Parse(asOf);
            if (!parsed.Success)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["asOf"] = ["An ISO-8601 instant, e.g. 2026-11-25T16:00:00Z."] });
            }

            pointInTime = parsed.Value;
        }

        var events = pointInTime is { } at
            ? await session.Events.FetchStreamAsync(id, timestamp: at.ToDateTimeOffset(), token: cancellationToken)
            : await session.Events.FetchStreamAsync(id, token: cancellationToken);
        if (events.Count == 0 && await session.Events.FetchStreamStateAsync(id, cancellationToken) is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No activation {id}.");
        }

        return Results.Ok(events.Select(e => new TimelineEntry(e.Version, Instant.FromDateTimeOffset(e.Timestamp), Source, e.EventTypeName, e.Data)));
    }
}
