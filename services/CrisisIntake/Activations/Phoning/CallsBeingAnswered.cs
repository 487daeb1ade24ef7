using System.Collections.Concurrent;
using System.Threading.Channels;
using Cers.Dispatch.ServiceDefaults.Relay;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// The phone line first: when more calls are being answered at once than a steady day brings (a burst of emergencies),
/// intake's relay holds back the messages that start offers, timers and the board in the other services until the
/// calls in hand are answered, for at most <see cref="LongestHold"/> a page. On two shared cores those services took
/// most of the CPU while the callers waited; held back, every caller is answered first and the offers follow a moment
/// later.
/// <para>
/// With more than one instance the callers are spread over them and one of them relays: each instance tells the others
/// when a burst begins and ends for it (<see cref="TellingOfBursts"/>), and the relay holds while any instance is in one.
/// Counting only its own, the relaying instance let the pages go as soon as its share was answered, and the work they
/// started took the CPU from the other instance's callers.
/// </para>
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

    /// <summary>
    /// How long another instance's word that it is in a burst holds: it says so again every <see cref="SayAgainEvery"/>
    /// while the burst lasts, so an instance that stopped mid-burst holds the relay back no longer than this.
    /// </summary>
    public static readonly TimeSpan BurstElsewhereLasts = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan SayAgainEvery = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<Guid, long> burstsElsewhere = new();

    private readonly Channel<bool> changes = System.Threading.Channels.Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });

    private int answering;

    private int inBurst;

    /// <summary>This instance, as the others know it.</summary>
    public Guid Instance { get; } = Guid.NewGuid();

    public int Answering => Volatile.Read(ref answering);

    /// <summary>Whether this instance is in a burst: from more than <see cref="Busy"/> calls in hand until <see cref="Quiet"/>.</summary>
    public bool InBurst => Volatile.Read(ref inBurst) == 1;

    /// <summary>
    /// Has an item whenever this instance's burst began or ended since it was last read: <see cref="InBurst"/> says which,
    /// since two webhooks crossing a mark at once may write in either order.
    /// </summary>
    public ChannelReader<bool> BurstBeganOrEnded => changes.Reader;

    public bool BurstElsewhere
    {
        get
        {
            var now = time.GetTimestamp();
            return burstsElsewhere.Values.Any(since => time.GetElapsedTime(since, now) < BurstElsewhereLasts);
        }
    }

    /// <summary>Counts the webhook in hand until the returned scope ends.</summary>
    public IDisposable Answer()
    {
        if (Interlocked.Increment(ref answering) > Busy && Interlocked.Exchange(ref inBurst, 1) == 0)
        {
            changes.Writer.TryWrite(true);
        }

        return new CallInHand(this);
    }

    /// <summary>Another instance said its burst began (or goes on) or ended.</summary>
    public void Heard(Guid instance, bool inBurstThere)
    {
        if (instance == Instance)
        {
            return;
        }

        if (inBurstThere)
        {
            burstsElsewhere[instance] = time.GetTimestamp();
        }
        else
        {
            burstsElsewhere.TryRemove(instance, out _);
        }
    }

    public async ValueTask BeforePageAsync(CancellationToken cancellationToken)
    {
        if (Answering <= Busy && !BurstElsewhere)
        {
            return;
        }

        var since = time.GetTimestamp();
        while ((Answering > Quiet || BurstElsewhere) && time.GetElapsedTime(since) < LongestHold)
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

    private void Answered()
    {
        if (Interlocked.Decrement(ref answering) <= Quiet && Interlocked.Exchange(ref inBurst, 0) == 1)
        {
            changes.Writer.TryWrite(true);
        }
    }

    private sealed class CallInHand(CallsBeingAnswered calls) : IDisposable
    {
        private int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                calls.Answered();
            }
        }
    }
}
