using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>A copy of GOV.UK's document brought in with <c>import-bank-holidays</c>; it replaces the shipped file.</summary>
public sealed record ImportedBankHolidays(string Id, string Document, string ImportedFrom, Instant ImportedAt)
{
    public const string CurrentId = "gov-uk";
}

/// <summary>
/// The calendar the rule uses: the last imported GOV.UK document, else the file shipped with the service. What was read
/// is used for a minute: every start of cover asks, and an import (a separate command, months ahead of the dates it adds)
/// reaches a running service within that minute.
/// </summary>
public sealed class BankHolidaySource(IConfiguration configuration)
{
    private static readonly TimeSpan UsedFor = TimeSpan.FromMinutes(1);

    private readonly Lazy<BankHolidayCalendar> shipped = new(() => LoadFile(ShippedFilePath(configuration)));

    private CalendarRead? lastRead;

    public static string ShippedFilePath(IConfiguration configuration) =>
        configuration["BankHolidays:Path"] ?? Path.Combine(AppContext.BaseDirectory, "BankHolidays", "bank-holidays.json");

    public async Task<BankHolidayCalendar> CurrentAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        if (lastRead is { } last && Environment.TickCount64 - last.At < (long)UsedFor.TotalMilliseconds)
        {
            return last.Calendar;
        }

        var calendar = await session.LoadAsync<ImportedBankHolidays>(ImportedBankHolidays.CurrentId, cancellationToken) is { } imported
            && BankHolidayDocument.Parse(imported.Document).Calendar is { } importedCalendar
                ? importedCalendar
                : shipped.Value;
        lastRead = new CalendarRead(calendar, Environment.TickCount64);
        return calendar;
    }

    private sealed record CalendarRead(BankHolidayCalendar Calendar, long At);

    public static BankHolidayCalendar LoadFile(string path)
    {
        var (calendar, problems) = BankHolidayDocument.Parse(File.ReadAllText(path));
        return calendar ?? throw new InvalidOperationException($"{path} is not a GOV.UK bank-holidays document: {string.Join(" ", problems)}");
    }
}
