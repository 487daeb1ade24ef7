using Cers.Dispatch.ServiceDefaults;
using Marten;

namespace Cers.Dispatch.Rostering.Staff;

/// <summary>
/// A change to a staff member, decided on their stream and stored. That stream also takes their visits (an arrival, a
/// leaving, an activation closing while they are on site), and two administrators may change one person at once, so a
/// change can find the stream moved on when it commits: it is decided again, in a new session, on what is stored now,
/// instead of answering 500 and leaving the administrator to try again.
/// </summary>
public static class StaffChanges
{
    private const int Attempts = 10;

    /// <param name="checkFirst">Read in each attempt's session before deciding; throws to refuse the change.</param>
    /// <param name="alongside">Anything stored with each change in the same commit (a phone number's index row).</param>
    /// <returns>The member as the change left them, or null when there is nobody with that id.</returns>
    public static Task<StaffMember?> StoreAsync<TChange>(
        IDocumentStore store,
        Guid id,
        Func<StaffMember, IReadOnlyList<object>> decide,
        Func<StaffMember, TChange, StaffMember> apply,
        CancellationToken cancellationToken,
        Func<IDocumentSession, Task>? checkFirst = null,
        Action<IDocumentSession, StaffMember, TChange>? alongside = null) =>
        StreamConflicts.StoreInNewSessionsAsync<StaffMember?>(store, Attempts, async session =>
        {
            if (checkFirst is not null)
            {
                await checkFirst(session);
            }

            var stream = await session.Events.FetchForWriting<StaffMember>(id, cancellationToken);
            if (stream.Aggregate is not { } member)
            {
                return null;
            }

            foreach (var change in decide(member).Cast<TChange>())
            {
                stream.AppendOne(change!);
                alongside?.Invoke(session, member, change);
                member = apply(member, change);
            }

            return member;
        }, cancellationToken);

    public static IResult NoSuchMember(Guid id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No staff member {id}.");
}
