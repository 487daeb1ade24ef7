using Cers.Dispatch.Rostering.Dispatches;
using Marten;

namespace Cers.Dispatch.Rostering.Matching;

/// <summary>Offers still waiting for a worker's reply: a worker asked on one activation is not asked on another meanwhile.</summary>
public static class OpenOffers
{
    public static async Task<IReadOnlyList<(Guid ActivationId, Offer Offer)>> AllAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        var dispatches = await session.Query<StaffDispatch>().Where(d => d.HasOpenOffer).ToListAsync(cancellationToken);
        return dispatches.SelectMany(d => d.Offers.Where(o => o.Status == OfferStatus.Open).Select(o => (d.Id, o))).ToList();
    }
}
