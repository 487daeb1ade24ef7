using Cers.Dispatch.Rostering.Rotas.Resolution;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Alerts;

/// <summary>The "Alerts" configuration section: how far ahead to look and how often to remind (who is paged: <see cref="Alarms.PagingOptions"/>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    private static readonly LocalTimePattern HoursAndMinutes = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>Days ahead in which a rota gap is alerted.</summary>
    public int RotaGapDays { get; set; } = 7;

    /// <summary>Days ahead in which an expiring DBS check or training is alerted (expired ones always are).</summary>
    public int ExpiryDays { get; set; } = 30;

    /// <summary>Hours after which an alert still unresolved is texted again.</summary>
    public int RealertHours { get; set; } = 24;

    /// <summary>Europe/London wall time of the daily check.</summary>
    public string DailyCheckAt { get; set; } = "07:00";

    public Duration Realert => Duration.FromHours(RealertHours);

    public LocalTime? DailyCheckTime =>
        HoursAndMinutes.Parse(DailyCheckAt ?? "") is { Success: true } t ? t.Value
        : LocalTimePattern.ExtendedIso.Parse(DailyCheckAt ?? "") is { Success: true } withSeconds ? withSeconds.Value : null;

    /// <summary>The first daily check time strictly after <paramref name="now"/>.</summary>
    public Instant NextCheckAfter(Instant now)
    {
        var time = DailyCheckTime ?? new LocalTime(7, 0);
        var today = now.InZone(RotaResolution.London).Date;
        var at = RotaResolution.InLondon(today + time);
        return at > now ? at : RotaResolution.InLondon(today.PlusDays(1) + time);
    }
}
