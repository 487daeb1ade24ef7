namespace Cers.Dispatch.Contracts.Escalation;

/// <summary>
/// The kinds of timer on the wire (<see cref="StartTimer"/>, <see cref="TimerFired"/>): one list for the service that
/// keeps timers and those that set them, so a kind cannot be spelt two ways.
/// </summary>
public static class TimerKinds
{
    public const string CoverWarning = "cover-warning";
    public const string CoverLimit = "cover-limit";
    public const string CoverEscalation = "cover-escalation";
    public const string WorkerOnSite = "worker-on-site";
    public const string OfferDeadline = "offer-deadline";
    public const string CoordinatorAnswer = "coordinator-answer";

    /// <summary>The next step of a dispatch's escalation when nobody accepted. Target: see rostering's DispatchTimers.</summary>
    public const string DispatchEscalation = "dispatch-escalation";

    /// <summary>The lead time before the covering worker's duty ends: find who takes over. Target = the covering worker's id.</summary>
    public const string HandoverDue = "handover-due";

    /// <summary>The lead time before a companion's duty ends (a plan for two workers at once): find who relieves them. Target = the companion's id.</summary>
    public const string CompanionReliefDue = "companion-relief-due";

    public static bool IsCover(string kind) => kind is CoverWarning or CoverLimit or CoverEscalation;
}
