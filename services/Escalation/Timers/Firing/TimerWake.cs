using Marten;
using Marten.Services;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>
/// Lets the poller sleep until its next look and wakes it early when this instance stores a timer that falls due
/// before that look (a planned cover starting now, say). A timer stored by another instance is seen at the next look.
/// </summary>
public sealed class TimerWake
{
    private readonly Lock gate = new();
    private bool asleep;
    private Instant nextLook;

    /// <summary>The earliest due time stored since the poller last looked, which that look may have missed.</summary>
    private Instant? storedSinceLook;

    private CancellationTokenSource? sleeping;

    /// <summary>The poller is about to ask for the next due timer: what was stored before now, it will see.</summary>
    public void Looking()
    {
        lock (gate)
        {
            storedSinceLook = null;
        }
    }

    /// <summary>Sleeps for <paramref name="delay"/> (the poller's next look is then <paramref name="nextLook"/> by its clock), or less when woken.</summary>
    public async Task SleepAsync(Instant nextLook, TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (gate)
        {
            if (storedSinceLook < nextLook)
            {
                return;
            }

            asleep = true;
            this.nextLook = nextLook;
            sleeping = sleep;
        }

        try
        {
            await Task.Delay(delay, time, sleep.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Woken.
        }
        finally
        {
            lock (gate)
            {
                asleep = false;
                sleeping = null;
            }
        }
    }

    /// <summary>Wakes the poller once <paramref name="session"/> has stored the timer, if it falls due before the poller's next look.</summary>
    public void WhenStored(IDocumentSession session, Instant dueAt) => session.Listeners.Add(new WakeAfterCommit(this, dueAt));

    private void Stored(Instant dueAt)
    {
        lock (gate)
        {
            if (!asleep)
            {
                storedSinceLook = storedSinceLook < dueAt ? storedSinceLook : dueAt;
            }
            else if (dueAt < nextLook)
            {
                sleeping?.Cancel();
            }
        }
    }

    private sealed class WakeAfterCommit(TimerWake wake, Instant dueAt) : DocumentSessionListenerBase
    {
        public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
        {
            wake.Stored(dueAt);
            return Task.CompletedTask;
        }
    }
}
