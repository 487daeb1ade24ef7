namespace Cers.Dispatch.Rostering.Readiness;

/// <summary>The "Readiness" configuration section: how long a confirmation stays current, and how far ahead cover is checked.</summary>
public sealed class ReadinessOptions
{
    public const string Section = "Readiness";

    /// <summary>Days after which the emergency contacts' numbers must be confirmed again.</summary>
    public int ContactsConfirmedWithinDays { get; set; } = 180;

    /// <summary>Days after which the carer's consent to share the plan must be confirmed again.</summary>
    public int ConsentConfirmedWithinDays { get; set; } = 365;

    /// <summary>The coming days in which every hour must have a qualified worker within reach on the rota.</summary>
    public int CoverDaysAhead { get; set; } = 7;

    /// <summary>
    /// Hours a card that was never ready (a new registration whose contacts are still to be phoned) is left to the register
    /// team before the duty managers are paged about it; a card that turns red after being ready is paged about at once.
    /// </summary>
    public int NewCardGraceHours { get; set; } = 24;
}
