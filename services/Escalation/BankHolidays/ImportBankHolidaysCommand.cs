using Marten;
using NodaTime;

namespace Cers.Dispatch.Escalation.BankHolidays;

/// <summary>
/// <c>dotnet Cers.Dispatch.Escalation.dll import-bank-holidays &lt;file&gt;</c> (or <c>-</c> for standard input): checks a
/// newer copy of GOV.UK's bank-holidays.json and stores it for every instance of the service; a malformed one is refused.
/// </summary>
public static class ImportBankHolidaysCommand
{
    public const string Verb = "import-bank-holidays";

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Count != 1)
        {
            await error.WriteLineAsync($"Usage: {Verb} <path to bank-holidays.json, or - for standard input>");
            return 2;
        }

        var source = arguments[0];
        string json;
        try
        {
            json = source == "-" ? await Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(source);
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"Cannot read {source}: {e.Message}");
            return 1;
        }

        var (calendar, problems) = BankHolidayDocument.Parse(json);
        if (calendar is null)
        {
            await error.WriteLineAsync($"Refused {source}: it is not a GOV.UK bank-holidays document. Nothing was imported.");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"  - {problem}");
            }

            return 1;
        }

        var store = services.GetRequiredService<IDocumentStore>();
        var now = services.GetRequiredService<IClock>().GetCurrentInstant();
        await using var session = store.LightweightSession();
        session.Store(new ImportedBankHolidays(ImportedBankHolidays.CurrentId, json, Path.GetFileName(source), now));
        await session.SaveChangesAsync();
        await output.WriteLineAsync($"Imported bank holidays from {source}; they run until {calendar.CoversUntil:yyyy-MM-dd}.");
        return 0;
    }
}
