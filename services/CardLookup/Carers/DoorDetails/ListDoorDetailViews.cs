using Marten;

namespace Cers.Dispatch.CardLookup.Carers.DoorDetails;

public static class ListDoorDetailViewsSlice
{
    /// <summary>For supervisors: every time the carer's door details were shown, newest first.</summary>
    public static async Task<IResult> Handle(Guid carerId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Carer>(carerId, cancellationToken) is null
            ? Common.Problems.NotFound($"No carer {carerId}.")
            : Results.Ok(await ViewsOfAsync(session, carerId, cancellationToken));

    public static Task<IReadOnlyList<DoorDetailView>> ViewsOfAsync(IQuerySession session, Guid carerId, CancellationToken cancellationToken) =>
        session.Query<DoorDetailView>().Where(v => v.CarerId == carerId).OrderByDescending(v => v.AtUnixTicks).ToListAsync(cancellationToken);
}
