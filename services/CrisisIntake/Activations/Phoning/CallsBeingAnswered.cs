using Cers.Dispatch.ServiceDefaults.Relay;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// The phone line first: when more calls are being answered at once than a steady day brings (a burst of emergencies),
/// intake's relay holds back the messages that start offers, timers and the board in the other services until the
/// calls in hand are answered, for at most <see cref="LongestHold"/> a page. On two shared cores those services took
/// most of the CPU while the callers waited; held back, every caller is answered first and the offers follow a moment
/// later.
/// </summary>
public sealed class CallsBeingAnswered(TimeProvider time) : IRelayGate
{
    /// <summary>
    /// More webhooks than this in hand at once is a burst: at 20 calls a second one or two are, and still fewer than
    /// this on a machine so busy that each takes a few hundred milliseconds (a lower mark held steady days' offers back).
    /// </summary>
    public const int Busy = 16;

    /// <summary>A held page goes once no more than this are in hand: the burst's last callers are answered before it too.</summary>
    public const int Quiet = 1;

    public static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(10);

    private int answering;

    public int Answering => Volatile.Read(ref answering);

    /// <summary>Counts the webhook in hand until the returned scope ends.</summary>
    public IDisposable Answer()
    {
        Interlocked.Increment(ref answering);
        return new CallInHand(this);
    }

    public async ValueTask BeforePageAsync(CancellationToken cancellationToken)
    {
        if (Answering <= Busy)
        {
            return;
        }

        var since = time.GetTimestamp();
        while (Answering > Quiet && time.GetElapsedTime(since) < LongestHold)
        {
            await Task.Delay(Look, time, cancellationToken);
        }
    }

    /// <summary>An endpoint filter for the voice webhooks a caller waits on: each counts while its handler answers it.</summary>
    public static async ValueTask<object?> CountAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        using var answering = context.HttpContext.RequestServices.GetRequiredService<CallsBeingAnswered>().Answer();
        return await next(context);
    }

    private sealed class CallInHand(CallsBeingAnswered calls) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                Interlocked.Decrement(ref calls.answering);
            }
        }
    }
}
