using NodaTime;

namespace Cers.Dispatch.Contracts;

/// <summary>
/// What a service told other services over about a second, in the order it was stored, as one message for the read
/// models (the board and figures, card lookup's cover access and record of recognised cards): one delivery for all of it
/// instead of one a message. Each message is also published on its own for the services that act on it, unless only
/// read models take it in. <typeparamref name="TMessage"/>
/// is the service's kind of news (<c>IIntakeNews</c>, <c>IRosteringNews</c>, <c>IEscalationNews</c>), which names the
/// messages it may carry.
/// </summary>
public sealed record News<TMessage>(IReadOnlyList<NewsItem<TMessage>> Items)
    where TMessage : class;

/// <summary>
/// One message of a news, under the MessageId it has on its own, so a read model takes each in once, whichever way it
/// came. <paramref name="Sequence"/> and <paramref name="StoredAt"/> say where and when its event was stored in its
/// service: crisis intake's timeline, kept from two services' news, is read in that order.
/// </summary>
public sealed record NewsItem<TMessage>(Guid MessageId, TMessage Message, long? Sequence = null, Instant? StoredAt = null)
    where TMessage : class;
