namespace Cers.Dispatch.ServiceDefaults.Access;

/// <summary>Who a caller is to the service. People sign in to the console; agencies and services present credentials.</summary>
public static class CersRoles
{
    public const string Coordinator = "coordinator";
    public const string Supervisor = "supervisor";
    public const string Administrator = "administrator";

    /// <summary>Only ever holds a short-lived plan link; never signs in.</summary>
    public const string CareWorker = "care-worker";

    /// <summary>An emergency service or hospital team, by API key, for the intake API only.</summary>
    public const string PartnerAgency = "partner-agency";

    /// <summary>Another Cers.Dispatch service calling on its own behalf (no person behind the call).</summary>
    public const string Service = "service";

    public static readonly IReadOnlyList<string> People = [Coordinator, Supervisor, Administrator];
}

/// <summary>
/// Every endpoint names one of these (or is anonymous for a stated reason: health, Twilio webhooks checked by signature,
/// plan links checked by their own token). Anything unnamed falls back to "signed in", never to open.
/// </summary>
public static class CersPolicies
{
    /// <summary>Handling live activations: open, identify, offer, note, safeguard, close. Coordinators and supervisors.</summary>
    public const string Coordinating = "coordinating";

    /// <summary>Audit: timelines, handover sign-off, plan-view records, exports. Supervisors only.</summary>
    public const string Auditing = "auditing";

    /// <summary>Commissioners' figures. Supervisors and administrators.</summary>
    public const string Reporting = "reporting";

    /// <summary>The register, staff, rotas and settings. Administrators; coordinators may read.</summary>
    public const string Administering = "administering";

    /// <summary>Reading the register, staff and rotas. Coordinators, supervisors, administrators.</summary>
    public const string ReadingRegister = "reading-register";

    /// <summary>Planned cover for a carer's appointment: booked, moved or cancelled by the office or a coordinator.</summary>
    public const string BookingCover = "booking-cover";

    /// <summary>Data-subject export and erasure. Administrators only.</summary>
    public const string DataProtection = "data-protection";

    /// <summary>The partner intake API: agencies by API key, and coordinators.</summary>
    public const string PartnerIntake = "partner-intake";

    /// <summary>
    /// The way into a home (key-safe code, entry instructions): coordinators and supervisors handling an open activation,
    /// and the care worker who accepted it; the service itself then checks the activation, not just the role.
    /// </summary>
    public const string DoorDetails = "door-details";

    /// <summary>Service-to-service calls (card lookup for intake, on-call chain for intake).</summary>
    public const string ServiceToService = "service-to-service";
}
