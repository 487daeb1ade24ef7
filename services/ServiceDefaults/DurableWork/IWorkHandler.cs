using Marten;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.DurableWork;

/// <summary>
/// Does one kind of owed work. It runs in the claim's transaction: what it stores through <see cref="WorkContext.Session"/>
/// commits together with the item's outcome, and an exception rolls both back (the item is tried again after a pause).
/// </summary>
public interface IWorkHandler
{
    /// <summary>The kinds this handler does; a kind ending in '*' matches every kind that starts with what comes before it.</summary>
    IReadOnlyList<string> Kinds { get; }

    Task<WorkOutcome> HandleAsync(WorkItem item, WorkContext context, CancellationToken cancellationToken);
}

public sealed record WorkContext(IDocumentSession Session, Instant Now, WorkQueue Queue);
