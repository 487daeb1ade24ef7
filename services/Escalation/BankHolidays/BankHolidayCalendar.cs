using NodaTime;

namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>The bank-holiday dates of each UK nation.</summary>
public sealed class BankHolidayCalendar(IReadOnlyDictionary<Nation, IReadOnlySet<LocalDate>> dates)
{
    public bool IsBankHoliday(Nation nation, LocalDate date) =>
        dates.TryGetValue(nation, out var days) && days.Contains(date);

    /// <summary>The last date any nation has a holiday for: a calendar that ends before a cover window needs refreshing.</summary>
    public LocalDate CoversUntil => dates.Values.SelectMany(d => d).DefaultIfEmpty(LocalDate.MinIsoValue).Max();

    public IEnumerable<LocalDate> Holidays(Nation nation) =>
        dates.TryGetValue(nation, out var days) ? days.Order() : [];
}
