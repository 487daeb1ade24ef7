using Cers.Dispatch.ServiceDefaults.DurableWork;
using Marten;
using NodaTime;

namespace Cers.Dispatch.ServiceDefaults.Outgoing;

public enum MessageChannel
{
    Sms,
    Call,
}

/// <summary>
/// An SMS or a voice call owed to someone. <paramref name="Purpose"/> names what it is for ("offer", "alarm", ...) and
/// <paramref name="SubjectId"/> which one; when <paramref name="ReportOutcome"/> is set, the service hears what became of
/// it through the work kinds in <see cref="OutgoingKinds"/>. A call speaks <paramref name="Text"/>; with a
/// <paramref name="KeypressCallback"/> it asks for a key and posts it there. The text of a <paramref name="Secret"/> message
/// (a plan link opens the key-safe code) is not kept once it has gone.
/// </summary>
public sealed record OutgoingMessage(
    MessageChannel Channel,
    string To,
    string Text,
    string Purpose,
    Guid SubjectId,
    bool ReportOutcome = false,
    Uri? StatusCallback = null,
    Uri? KeypressCallback = null,
    bool Secret = false)
{
    public const string SecretNotKept = "(secret: not kept once sent)";

    public OutgoingMessage Kept() => Secret ? this with { Text = SecretNotKept } : this;

    /// <summary>Nobody asked to hear about it: once a provider took it, only its outcome is stored.</summary>
    public bool StoresNothingButItsOutcome => !ReportOutcome;
}

/// <summary>What became of a message the service asked to hear about.</summary>
public sealed record MessageOutcome(Guid MessageId, Guid? StreamId, OutgoingMessage Message, string? Provider, string? Sid, string? Why, int Attempts, Instant At);

public static class OutgoingKinds
{
    public const string Send = "send-message";

    /// <summary>A provider accepted it: "message-sent/{purpose}".</summary>
    public static string Sent(string purpose) => $"message-sent/{purpose}";

    /// <summary>Every provider has failed it for a while (it is still being tried): "message-not-delivered/{purpose}".</summary>
    public static string NotDelivered(string purpose) => $"message-not-delivered/{purpose}";

    /// <summary>Every provider refused it (a number that cannot take it): it is given up, "message-refused/{purpose}".</summary>
    public static string Refused(string purpose) => $"message-refused/{purpose}";
}

public static class OutgoingMessages
{
    /// <summary>
    /// Owes <paramref name="message"/> in the session's transaction: it is sent once the decision is stored, and retried
    /// across an outage of any length until a provider accepts it or it is withdrawn.
    /// </summary>
    public static void Send(this WorkQueue queue, IDocumentSession session, Guid messageId, Guid? streamId, OutgoingMessage message, Instant now) =>
        queue.Schedule(session, messageId, OutgoingKinds.Send, streamId, message, now, now, message.StoresNothingButItsOutcome);

    /// <summary>The message is no longer wanted (what it was for is over): not sent, if it has not gone yet.</summary>
    public static void Withdraw(this WorkQueue queue, IDocumentSession session, Guid messageId, string why, Instant now) =>
        queue.Cancel(session, messageId, why, now);
}
