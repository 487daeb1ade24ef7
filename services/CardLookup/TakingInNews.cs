using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.Contracts;
using Cers.Dispatch.ServiceDefaults;
using MassTransit;
using Intake = Cers.Dispatch.Contracts.CrisisIntake;
using Rostering = Cers.Dispatch.Contracts.Rostering;

namespace Cers.Dispatch.CardLookup;

/// <summary>
/// Card lookup's one queue for crisis intake's and rostering's news (about a second of each service's messages in one
/// delivery): each item goes to the read model it concerns, cover access (<see cref="KeepingCoverAccess"/>) or the lookup
/// record of cards intake recognised (<see cref="RecordingRecognisedCards"/>), and all of a news share a commit.
/// </summary>
public sealed class TakingInNews(KeepingCoverAccess coverAccess, RecordingRecognisedCards recognisedCards)
    : IConsumer<News<Intake.IIntakeNews>>, IConsumer<News<Rostering.IRosteringNews>>
{
    public Task Consume(ConsumeContext<News<Intake.IIntakeNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => told is Intake.CardRecognised recognised
            ? recognisedCards.Record(context, item, recognised)
            : coverAccess.Take(context, item, told));

    public Task Consume(ConsumeContext<News<Rostering.IRosteringNews>> context) =>
        ItemInNews.TakeEachAsync(context.Message, (item, told) => coverAccess.Take(context, item, told));
}
