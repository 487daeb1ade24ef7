using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.Rostering.Dispatches.Texting;
using Cers.Dispatch.Rostering.Staff;
using Marten;

namespace Cers.Dispatch.Rostering.Alerts.Finding;

/// <summary>
/// The last thing known about each person's phone: Twilio's delivery callbacks for offer SMS (<see cref="SmsReceipts"/>),
/// or an SMS they sent us. Only our offers ask Twilio for callbacks, so people never offered anything are judged by
/// their replies alone.
/// </summary>
public static class LastSms
{
    private const int OffersLookedAt = 5;

    public static async Task<IReadOnlyDictionary<Guid, SmsOutcome>> LoadAsync(IQuerySession session, IReadOnlyList<StaffMember> people, CancellationToken cancellationToken)
    {
        if (people.Count == 0)
        {
            return new Dictionary<Guid, SmsOutcome>();
        }

        var ids = people.Select(p => p.Id).ToArray();
        var codes = (await session.Query<OfferCode>().Where(c => ids.Contains(c.WorkerId)).ToListAsync(cancellationToken))
            .GroupBy(c => c.WorkerId)
            .SelectMany(g => g.OrderByDescending(c => c.MadeAt).Take(OffersLookedAt))
            .ToList();
        var dispatches = codes.Count == 0
            ? new Dictionary<Guid, StaffDispatch>()
            : (await session.LoadManyAsync<StaffDispatch>(cancellationToken, codes.Select(c => c.ActivationId).Distinct())).ToDictionary(d => d.Id);
        var receipts = await SmsReceipts.OfAsync(session, [.. codes.Select(c => c.OfferId)], cancellationToken);
        var phones = people.Select(p => p.Phone).ToArray();
        var received = (await session.Query<ReceivedSms>().Where(r => phones.Contains(r.From)).ToListAsync(cancellationToken))
            .GroupBy(r => r.From)
            .ToDictionary(g => g.Key, g => g.Max(r => r.At));

        var outcomes = new Dictionary<Guid, SmsOutcome>();
        foreach (var person in people)
        {
            var delivery = codes.Where(c => c.WorkerId == person.Id)
                .Select(c => dispatches.GetValueOrDefault(c.ActivationId)?.Offers.FirstOrDefault(o => o.OfferId == c.OfferId))
                .OfType<Offer>()
                .Where(o => o.WorkerPhone == person.Phone)
                // Statuses recorded on the dispatch before receipts were kept apart, then the receipts.
                .Select(o => (o.MadeAt, Status: (o.SmsStatuses ?? []).Concat(receipts[o.OfferId]).LastOrDefault(s => s is "delivered" or "read" or "failed" or "undelivered")))
                .Where(o => o.Status is not null)
                .OrderByDescending(o => o.MadeAt)
                .Select(o => new SmsOutcome(person.Id, person.Phone, o.Status!, o.MadeAt))
                .FirstOrDefault();
            var reply = received.TryGetValue(person.Phone, out var at) ? new SmsOutcome(person.Id, person.Phone, "received", at) : null;
            if ((reply is not null && (delivery is null || reply.At > delivery.At) ? reply : delivery) is { } last)
            {
                outcomes[person.Id] = last;
            }
        }

        return outcomes;
    }
}
