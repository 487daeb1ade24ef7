namespace Cers.Dispatch.ServiceDefaults.Outgoing;

/// <summary>An SMS and voice provider (Twilio, or the second provider taken while it fails).</summary>
public interface IMessagingProvider
{
    string Name { get; }

    Task<SendResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

/// <summary>How a provider answered one attempt.</summary>
public abstract record SendResult
{
    public sealed record Accepted(string Sid) : SendResult;

    /// <summary>Too many requests: wait as long as it said, and do not hold it against the provider.</summary>
    public sealed record Throttled(TimeSpan RetryAfter) : SendResult;

    /// <summary>The provider could not be reached or failed (5xx, timeout): try another, and this one again later.</summary>
    public sealed record Unavailable(string Why) : SendResult;

    /// <summary>The provider will not take this message (a number it cannot reach): another provider may.</summary>
    public sealed record Refused(string Why) : SendResult;
}
