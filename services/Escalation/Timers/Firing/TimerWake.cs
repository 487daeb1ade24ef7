using Marten;
using Marten.Services;
using NodaTime;

namespace Cers.Dispatch.Escalation.Timers.Firing;

/// <summary>
/// Lets the poller sleep until its next look and wakes it early when this instance stores a timer that falls due
/// before that look (a planned cover starting now, say). A timer another instance stores is seen at the next look.
/// </summary>
public sealed class TimerWake
{
    private readonly Lock gate = new();
    private bool asleep;
    private bool storedWhileAwake;
    private Instant nextLook;
    private TaskCompletionSource woken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sleeps for <paramref name="delay"/> (the poller's next look is then <paramref name="nextLook"/> by its clock), or less when woken.</summary>
    public async Task SleepAsync(Instant nextLook, TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        Task wake;
        lock (gate)
        {
            // Stored between the poller's look and this sleep: that look may not have seen it.
            if (storedWhileAwake)
            {
                storedWhileAwake = false;
                return;
            }

            asleep = true;
            this.nextLook = nextLook;
            woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            wake = woken.Task;
        }

        try
        {
            await Task.WhenAny(Task.Delay(delay, time, cancellationToken), wake);
            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            lock (gate)
            {
                asleep = false;
            }
        }
    }

    /// <summary>Wakes the poller, once <paramref name="session"/> has committed, if the timer falls due before its next look.</summary>
    public void WhenStored(IDocumentSession session, Instant dueAt) => session.Listeners.Add(new WakeAfterCommit(this, dueAt));

    private void Stored(Instant dueAt)
    {
        lock (gate)
        {
            if (!asleep)
            {
                storedWhileAwake = true;
            }
            else if (dueAt < nextLook)
            {
                woken.TrySetResult();
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
