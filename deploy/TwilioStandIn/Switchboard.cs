namespace Cers.Dispatch.TwilioStandIn;

/// <summary>One SMS or call a provider was asked to send, as <c>GET /stand-in/messages</c> lists it.</summary>
public sealed record SentMessage(string Provider, string Kind, string Sid, string To, string From, string Body, string? Twiml = null)
{
    public DateTimeOffset SentAt { get; init; }
}

/// <summary>What happened on one phone, in order: a text or call received from the service, a reply sent and the service's answer.</summary>
public sealed record PhoneEntry(long Number, string Phone, PhoneEntryKind Kind, string Text, string? Answer = null, string? CallSid = null, Uri? KeypressAction = null);

public enum PhoneEntryKind
{
    SmsReceived,
    SmsSent,
    CallReceived,
    KeyPressed,
}

/// <summary>
/// Everything the stand-in was asked to send and every phone's side of it, in memory: the demo's phones live as long as
/// the stand-in does. <see cref="Version"/> moves on with every change, so an open page knows when to show more.
/// </summary>
public sealed class Switchboard(TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly List<SentMessage> sent = [];
    private readonly List<PhoneEntry> entries = [];
    private readonly Dictionary<string, EmergencyCall> calls = [];
    private long version;

    public long Version => Interlocked.Read(ref version);

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (gate)
            {
                return [.. sent];
            }
        }
    }

    public void Record(SentMessage message, PhoneEntry onThePhone)
    {
        lock (gate)
        {
            sent.Add(message with { SentAt = clock.GetUtcNow() });
            entries.Add(onThePhone with { Number = entries.Count + 1 });
            version++;
        }
    }

    public void Record(PhoneEntry onThePhone)
    {
        lock (gate)
        {
            entries.Add(onThePhone with { Number = entries.Count + 1 });
            version++;
        }
    }

    /// <summary>Each phone that has had anything, the one with the newest news first, with its entries oldest first.</summary>
    public IReadOnlyList<(string Phone, IReadOnlyList<PhoneEntry> Entries)> Phones()
    {
        lock (gate)
        {
            return entries.GroupBy(e => e.Phone)
                .OrderByDescending(g => g.Max(e => e.Number))
                .Select(g => (g.Key, (IReadOnlyList<PhoneEntry>)[.. g]))
                .ToList();
        }
    }

    public PhoneEntry? Entry(long number)
    {
        lock (gate)
        {
            return number >= 1 && number <= entries.Count ? entries[(int)number - 1] : null;
        }
    }

    public void Keep(EmergencyCall call)
    {
        lock (gate)
        {
            calls[call.Sid] = call;
            version++;
        }
    }

    public EmergencyCall? Call(string sid)
    {
        lock (gate)
        {
            return calls.GetValueOrDefault(sid);
        }
    }

    /// <summary>The emergency calls made from the simulator, newest first.</summary>
    public IReadOnlyList<EmergencyCall> Calls()
    {
        lock (gate)
        {
            return calls.Values.OrderByDescending(c => c.Started).ToList();
        }
    }
}
