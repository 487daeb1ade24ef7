using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

/// <summary>An SMS and voice provider (Twilio, or the second provider taken while it fails).</summary>
public interface IMessagingProvider
{
    string Name { get; }

    Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this provider took <paramref name="message"/> from an attempt made at <paramref name="since"/> that got no
    /// answer (<see cref="SendResult.Unanswered"/>): <see cref="SendResult.Accepted"/> with its id when it did, null when
    /// it holds no such message, <see cref="SendResult.Unavailable"/> when it cannot tell.
    /// </summary>
    Task<SendResult?> FindUnansweredAsync(OutgoingMessage message, Instant since, CancellationToken cancellationToken);
}

/// <summary>How a provider answered one attempt.</summary>
public abstract record SendResult
{
    public sealed record Accepted(string Sid) : SendResult;

    /// <summary>Too many requests: wait as long as it said, and do not hold it against the provider.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SendResult;

    /// <summary>The provider could not be reached or failed (5xx, timeout): try another, and this one again later.</summary>
    public sealed record Unavailable(string Why) : SendResult;

    /// <summary>
    /// The request went and no answer came back (a deadline passed, the connection dropped): the provider may have taken
    /// the message. No other provider is tried until this one has been asked whether it did.
    /// </summary>
    public sealed record Unanswered(string Why) : SendResult;

    /// <summary>The provider will not take this message (a number it cannot reach): another provider may.</summary>
    public sealed record Refused(string Why) : SendResult;
}
