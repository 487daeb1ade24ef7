using System.Runtime.CompilerServices;
using Cers.Dispatch.Rostering.Staff;
using Marten;
using Marten.Services;

namespace Cers.Dispatch.Rostering.Rotas;

/// <summary>
/// Every offer, handover and on-call question reads the whole board, and in a surge that is dozens of reads a second of
/// something that changes a few times a day. So the last board read is kept per document store and read again when this
/// instance stores a change to a rota or the register (<see cref="ForgetRotaBoardOnChange"/>), or after
/// <see cref="MaxAgeMilliseconds"/> for changes another instance made.
/// </summary>
public sealed class KeptRotaBoards
{
    public const long MaxAgeMilliseconds = 2_000;

    private static readonly ConditionalWeakTable<IDocumentStore, KeptRotaBoards> ByStore = [];

    private readonly Lock gate = new();
    private long generation;
    private (long Generation, long ReadAt, RotaBoard Board)? kept;

    public static KeptRotaBoards For(IDocumentStore store) => ByStore.GetValue(store, _ => new KeptRotaBoards());

    /// <summary>The board kept, if it is still fresh; never reads.</summary>
    public RotaBoard? Fresh()
    {
        lock (gate)
        {
            return FreshWhileLocked();
        }
    }

    public async Task<RotaBoard> GetAsync(Func<Task<RotaBoard>> read)
    {
        long readingFor;
        lock (gate)
        {
            if (FreshWhileLocked() is { } fresh)
            {
                return fresh;
            }

            readingFor = generation;
        }

        var startedAt = Environment.TickCount64;
        var board = await read();
        lock (gate)
        {
            // A change stored while this read was under way may be missing from it: keep it only if there was none.
            if (readingFor == generation)
            {
                kept = (readingFor, startedAt, board);
            }
        }

        return board;
    }

    private RotaBoard? FreshWhileLocked() =>
        kept is { } k && k.Generation == generation && Environment.TickCount64 - k.ReadAt < MaxAgeMilliseconds ? k.Board : null;

    public void Forget()
    {
        lock (gate)
        {
            generation++;
            kept = null;
        }
    }
}

/// <summary>Forgets the kept board once a change to a rotation or a staff member is committed.</summary>
public sealed class ForgetRotaBoardOnChange : DocumentSessionListenerBase
{
    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        if (commit.GetEvents().Any(e => e.Data is not null && ChangesTheBoard(e.Data.GetType()))
            || commit.Updated.Concat(commit.Inserted).Any(d => d is Rotation or StaffMember))
        {
            KeptRotaBoards.For(session.DocumentStore).Forget();
        }

        return Task.CompletedTask;
    }

    private static bool ChangesTheBoard(Type eventType) =>
        eventType.Namespace is "Cers.Dispatch.Rostering.Rotas" or "Cers.Dispatch.Rostering.Staff";
}
