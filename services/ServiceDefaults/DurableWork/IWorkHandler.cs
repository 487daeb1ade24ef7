using Marten;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>
/// Does one kind of owed work. It runs in the claim's transaction: what it stores through <see cref="WorkContext.Session"/>
/// commits together with the item's outcome, and an exception rolls both back (the item is tried again after a pause).
/// Work handed over in memory that <see cref="StoresNothingButItsOutcome"/> runs outside a transaction instead.
/// </summary>
public interface IWorkHandler
{
    /// <summary>The kinds this handler does; a kind ending in '*' matches every kind that starts with what comes before it.</summary>
    IReadOnlyList<string> Kinds { get; }

    /// <summary>
    /// Whether the handler decides on the item's stream (its activation, its alarm) in the runner's transaction: the
    /// runner then holds the stream's turn (<see cref="ActivationTurns"/>) until that transaction commits, so a decision
    /// of this instance on the same stream waits for it instead of conflicting with it, and one that another stored
    /// first is taken again at once.
    /// </summary>
    bool DecidesOnItsStream => false;

    /// <summary>
    /// Whether doing <paramref name="item"/> stores nothing but its outcome (an SMS nobody waits to hear about), so that,
    /// handed over in memory, it is done outside a transaction and its outcome goes with a later commit
    /// (<see cref="LateOutcomes"/>). Anything else it stores after all (a provider's failure to record) is committed on
    /// its own, as usual.
    /// </summary>
    bool StoresNothingButItsOutcome(WorkItem item) => false;

    Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken);
}

public sealed record WorkContext(IDocumentSession Session, Instant Now, WorkQueue Queue);
