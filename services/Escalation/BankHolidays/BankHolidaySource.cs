using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>A copy of GOV.UK's document brought in with <c>import-bank-holidays</c>; it replaces the shipped file.</summary>
public sealed record ImportedBankHolidays(string Id, string Document, string ImportedFrom, Instant ImportedAt)
{
    public const string CurrentId = "gov-uk";
}

/// <summary>The calendar the rule uses: the last imported GOV.UK document, else the file shipped with the service.</summary>
public sealed class BankHolidaySource(IConfiguration configuration)
{
    private readonly Lazy<BankHolidayCalendar> shipped = new(() => LoadFile(ShippedFilePath(configuration)));

    public static string ShippedFilePath(IConfiguration configuration) =>
        configuration["BankHolidays:Path"] ?? Path.Combine(AppContext.BaseDirectory, "BankHolidays", "bank-holidays.json");

    public async Task<BankHolidayCalendar> CurrentAsync(IQuerySession session, CancellationToken cancellationToken)
    {
        if (await session.LoadAsync<ImportedBankHolidays>(ImportedBankHolidays.CurrentId, cancellationToken) is { } imported
            && BankHolidayDocument.Parse(imported.Document).Calendar is { } calendar)
        {
            return calendar;
        }

        return shipped.Value;
    }

    public static BankHolidayCalendar LoadFile(string path)
    {
        var (calendar, problems) = BankHolidayDocument.Parse(File.ReadAllText(path));
        return calendar ?? throw new InvalidOperationException($"{path} is not a GOV.UK bank-holidays document: {string.Join(" ", problems)}");
    }
}
