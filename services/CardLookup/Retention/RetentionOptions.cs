using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.CardLookup.Retention;

/// <summary>Binds <c>CardLookup:Retention:*</c>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "CardLookup:Retention";

    /// <summary>
    /// How long a carer's record is kept after the last thing that happened to it, once no card of theirs works and no
    /// activation for them is open. Default 8 years (2,922 days): the period the Records Management Code of Practice
    /// for Health and Social Care sets for adult health and social care records after care ends. The organisation's
    /// data protection officer decides the real value.
    /// </summary>
    public int AfterLastActivityDays { get; set; } = 2922;

    /// <summary>Lookups that found nobody (a stranger's surname, a mistyped card) are kept this long after their month ends.</summary>
    public int UnmatchedLookupDays { get; set; } = 90;

    /// <summary>When the daily sweep runs, UK local time: the quietest hour of the line.</summary>
    public string SweepAt { get; set; } = "03:00";

    public LocalTime SweepTime => LocalTimePattern.CreateWithInvariantCulture("HH:mm").Parse(SweepAt).GetValueOrThrow();
}
