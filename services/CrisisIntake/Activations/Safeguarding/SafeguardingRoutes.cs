namespace Cers.Dispatch.CrisisIntake.Activations.Safeguarding;

public sealed record ReferralContact(string Name, string Phone);

/// <summary>A contact as configured (settable, so configuration binds it whatever the binder's support for records).</summary>
public sealed class ContactOptions
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    public ReferralContact ToContact() => new(Name, Phone);
}

public sealed class AreaRoutes
{
    public ContactOptions AdultSocialCare { get; set; } = new();

    public ContactOptions ChildrenAdvice { get; set; } = new();
}

/// <summary>
/// The "Safeguarding" section: the safeguarding lead who is told at once, and per postcode area (CB, PE, ...) where a
/// referral goes: adult social care, or the children's advice and support service. "Default" is used for an area not listed.
/// </summary>
public sealed class SafeguardingOptions
{
    public const string Section = "Safeguarding";

    public ContactOptions Lead { get; set; } = new();

    public Dictionary<string, AreaRoutes> Areas { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static readonly ReferralContact Emergency = new("Emergency services (immediate danger)", "999");

    /// <summary>Immediate danger always goes to 999; otherwise the area's adult or children's route.</summary>
    public ReferralContact RouteFor(bool immediateDanger, SafeguardingSubject subject, string? area)
    {
        if (immediateDanger)
        {
            return Emergency;
        }

        var routes = ServiceDefaults.Places.PostcodeAreas.Of(area) is { } code && Areas.TryGetValue(code, out var local) ? local : Areas.GetValueOrDefault("Default");
        if (routes is null)
        {
            return new ReferralContact("No referral route configured: ring the safeguarding lead", Lead.Phone);
        }

        return (subject == SafeguardingSubject.Child ? routes.ChildrenAdvice : routes.AdultSocialCare).ToContact();
    }
}
