using Cers.Dispatch.Rostering.Dispatches.Offering;
using Marten;

namespace Cers.Dispatch.Rostering.Dispatches.GettingDispatch;

public sealed record DispatchEventView(long Version, NodaTime.Instant At, string Event, object Data);

public static class GetDispatchSlice
{
    public static async Task<IResult> Handle(Guid activationId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<StaffDispatch>(activationId, cancellationToken) is { } dispatch
            ? Results.Ok(DispatchView.From(dispatch, await session.LoadAsync<CarerIdentificationNeeded>(activationId, cancellationToken)))
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.");

    public static async Task<IResult> Events(Guid activationId, IQuerySession session, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(activationId, token: cancellationToken);
        return events.Count == 0
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No dispatch for activation {activationId}.")
            : Results.Ok(events.Select(e => new DispatchEventView(e.Version, NodaTime.Instant.FromDateTimeOffset(e.Timestamp), e.EventTypeName, e.Data)));
    }
}
