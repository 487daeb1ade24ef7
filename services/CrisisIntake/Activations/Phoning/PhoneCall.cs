using Cers.Dispatch.CrisisIntake.Collaborators;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// Where one emergency call (Twilio CallSid) has got to: what the caller keyed, which activation it opened or joined,
/// the on-call chain it is working through. Twilio retries webhooks, so every step reads this first.
/// </summary>
public sealed record PhoneCall(
    string Id,
    string From,
    IReadOnlyList<string> Attempts,
    Guid? ActivationId = null,
    IReadOnlyList<OnCallContact>? Chain = null,
    int DialAttempt = 0,
    bool CoordinatorAnswered = false,
    IReadOnlyList<string>? StatusesSeen = null)
{
    public OnCallContact ContactFor(int attempt) => Chain![attempt % Chain.Count];
}

public static class PhoneCallIds
{
    /// <summary>The activation a call opens has an id derived from its CallSid, so a retried webhook can never open a second one.</summary>
    public static Guid ActivationIdFor(string callSid)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"cers-dispatch/phone-call/{callSid}"));
        var bytes = hash[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
