namespace Cers.Dispatch.Escalation.Timers;

/// <summary>How the poller looks for due timers (section "Timers").</summary>
public sealed class TimerOptions
{
    public const string Section = "Timers";

    /// <summary>
    /// The longest the poller sleeps: it wakes sooner when the next timer is due sooner or this instance stores one due
    /// sooner, so this bounds only how late a timer another instance stored a moment before it fell due may fire.
    /// </summary>
    public int PollIntervalMilliseconds { get; set; } = 1_000;

    /// <summary>Timers claimed and recorded in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Batches one instance fires at once when a batch came back full; SKIP LOCKED keeps them from claiming the same timers.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Set false to run an instance that serves HTTP and consumes messages but never fires timers.</summary>
    public bool Enabled { get; set; } = true;
}
