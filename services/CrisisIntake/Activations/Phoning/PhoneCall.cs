using Cers.Dispatch.CrisisIntake.Collaborators;
using Cers.Dispatch.ServiceDefaults;

namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>
/// Where one emergency call (Twilio CallSid) has got to: what the caller keyed, which activation it opened or joined,
/// the on-call chain it is working through. Twilio retries webhooks, so every step reads this first. The caller's number
/// is not kept here: it is on the activation, sealed, as the reporter's call-back number.
/// </summary>
public sealed record PhoneCall(
    string Id,
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
    public static Guid ActivationIdFor(string callSid) => DeterministicGuid.From($"cers-dispatch/phone-call/{callSid}");
}
