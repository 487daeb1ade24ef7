namespace Cers.Dispatch.Rostering.Alarms;

/// <summary>The "Paging" configuration section: how often an unacknowledged alarm repeats and climbs, and who is last.</summary>
public sealed class PagingOptions
{
    public const string Section = "Paging";

    /// <summary>Minutes between paging steps while nobody acknowledges.</summary>
    public int RepeatMinutes { get; set; } = 5;

    /// <summary>Minutes after the last worker left with nobody else on site before the alarm pages (a replacement is sought at once).</summary>
    public int NobodyOnSiteMinutes { get; set; } = 15;

    /// <summary>
    /// Minutes one worker may be on site alone for a plan that needs two at once (waiting for their colleague, or left
    /// after the colleague went) before the alarm pages: a two-person transfer cannot be done safely by one.
    /// </summary>
    public int ShortHandedMinutes { get; set; } = 20;

    /// <summary>The last link of every chain: paged when the rota's people have not answered, or when nobody is on call.</summary>
    public List<PagingContact> Fallback { get; set; } = [];
}

public sealed class PagingContact
{
    public string? Name { get; set; }

    public string? Phone { get; set; }
}
