using Cers.Dispatch.Contracts;
using Cers.Dispatch.Contracts.CrisisIntake;
using Cers.Dispatch.Contracts.Escalation;
using Cers.Dispatch.Contracts.Rostering;
using MassTransit;

namespace Cers.Dispatch.Testing;

/// <summary>Publishes contract messages as their service's news relay does, for the read models that take news.</summary>
public static class NewsPublishing
{
    /// <summary>
    /// A message as its service's relay tells read models and crisis intake's timeline of it: in the news when it is news,
    /// otherwise on its own.
    /// </summary>
    public static Task TellAsync(this IPublishEndpoint bus, object message) =>
        message is IIntakeNews or IRosteringNews or IEscalationNews ? bus.PublishNewsAsync(message) : bus.Publish(message, message.GetType());

    /// <summary>One message as its service's news, under <paramref name="messageId"/> (a new id when none is given).</summary>
    public static Task PublishNewsAsync(this IPublishEndpoint bus, object message, Guid? messageId = null) =>
        bus.PublishNewsAsync([(messageId ?? Guid.NewGuid(), message)]);

    /// <summary>Several messages of one service as one news, in the order given.</summary>
    public static Task PublishNewsAsync(this IPublishEndpoint bus, params object[] messages) =>
        bus.PublishNewsAsync([.. messages.Select(message => (Guid.NewGuid(), message))]);

    public static Task PublishNewsAsync(this IPublishEndpoint bus, IReadOnlyList<(Guid MessageId, object Message)> items) => items[0].Message switch
    {
        IIntakeNews => bus.Publish(new News<IIntakeNews>([.. items.Select(item => new NewsItem<IIntakeNews>(item.MessageId, (IIntakeNews)item.Message))])),
        IRosteringNews => bus.Publish(new News<IRosteringNews>([.. items.Select(item => new NewsItem<IRosteringNews>(item.MessageId, (IRosteringNews)item.Message))])),
        IEscalationNews => bus.Publish(new News<IEscalationNews>([.. items.Select(item => new NewsItem<IEscalationNews>(item.MessageId, (IEscalationNews)item.Message))])),
        var other => throw new ArgumentException($"{other.GetType().Name} is not told in any service's news.", nameof(items)),
    };
}
