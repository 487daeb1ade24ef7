using NodaTime;

namespace Cers.Dispatch.CardLookup.Common;

public static class Ages
{
    /// <summary>The service's working day is UK local time: a birthday starts at midnight in London, not in UTC.</summary>
    public static readonly DateTimeZone ServiceZone = DateTimeZoneProviders.Tzdb["Europe/London"];

    public static LocalDate Today(Instant now) => now.InZone(ServiceZone).Date;

    /// <summary>Whole years completed; someone born on 29 February turns a year older on 1 March in other years.</summary>
    public static int On(LocalDate dateOfBirth, LocalDate day)
    {
        var years = day.Year - dateOfBirth.Year;
        return (day.Month, day.Day).CompareTo((dateOfBirth.Month, dateOfBirth.Day)) < 0 ? years - 1 : years;
    }
}
