using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Dispatches.Offering;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Outgoing;
using Marten;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cers.Dispatch.Rostering.PlanLinks.Issuing;

/// <summary>
/// Keeps plan links in step with each decision on a dispatch, in the decision's own transaction: a link for each worker
/// who accepts (texted once the acceptance is stored), ended when that worker leaves or the activation closes.
/// </summary>
public sealed class PlanLinkKeeper(IOptions<PlanLinkOptions> options, IConfiguration configuration, ILogger<PlanLinkKeeper> logger)
{
    public async Task KeepAsync(DispatchWork work, CancellationToken cancellationToken)
    {
        if (work.Dispatch is not { } dispatch)
        {
            return;
        }

        foreach (var e in work.Recorded)
        {
            switch (e)
            {
                case OfferAccepted accepted:
                    Issue(work, dispatch, accepted);
                    break;
                case WorkerLeft left:
                    await EndAsync(work, left.ActivationId, left.WorkerId, "worker-left", left.LeftAt, cancellationToken);
                    break;
                case DispatchClosed closed:
                    await EndAsync(work, closed.ActivationId, null, "activation-closed", closed.ClosedAt, cancellationToken);
                    break;
            }
        }
    }

    /// <summary>Where links point: the console's public address.</summary>
    public string? BaseUrl => (options.Value.PlanLinkBaseUrl ?? configuration["Services:Console"])?.TrimEnd('/');

    private void Issue(DispatchWork work, StaffDispatch dispatch, OfferAccepted accepted)
    {
        var offer = dispatch.Offers.First(o => o.OfferId == accepted.OfferId);
        var token = PlanLinkTokens.New();
        var linkId = Guid.CreateVersion7();
        work.Session.Events.StartStream<PlanLink>(linkId, new PlanLinkIssued(
            linkId, accepted.ActivationId, accepted.WorkerId, offer.WorkerName, PlanLinkTokens.Hash(token),
            accepted.AcceptedAt, accepted.AcceptedAt + Duration.FromHours(options.Value.PlanLinkMaxHours)));
        if (BaseUrl is not { } baseUrl)
        {
            logger.LogError("Rostering:PlanLinkBaseUrl (or Services:Console) is not set: worker {WorkerId} gets no plan link for activation {ActivationId}",
                accepted.WorkerId, accepted.ActivationId);
            return;
        }

        work.Send(
            DeterministicGuid.From($"rostering/plan-link/{linkId:N}/sms"),
            new OutgoingMessage(MessageChannel.Sms, offer.WorkerPhone, OfferTexts.PlanLink($"{baseUrl}/plan/{token}"), "plan-link", linkId, Secret: true));
    }

    private static async Task EndAsync(DispatchWork work, Guid activationId, Guid? workerId, string why, Instant at, CancellationToken cancellationToken)
    {
        var open = await work.Session.Query<PlanLink>()
            .Where(l => l.ActivationId == activationId && l.EndedAt == null)
            .ToListAsync(cancellationToken);
        foreach (var link in open.Where(l => workerId is null || l.WorkerId == workerId))
        {
            work.Session.Events.Append(link.Id, new PlanLinkEnded(link.Id, activationId, link.WorkerId, why, at));
        }
    }
}
