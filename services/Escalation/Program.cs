using Cers.Dispatch.Escalation;
using Cers.Dispatch.Escalation.BankHolidays;
using Cers.Dispatch.ServiceDefaults;

var importing = args is [ImportBankHolidaysCommand.Verb, ..];
var builder = WebApplication.CreateBuilder(importing ? [] : args);

builder.AddServiceDefaults("escalation");
builder.AddEscalation();

var app = builder.Build();

if (importing)
{
    return await ImportBankHolidaysCommand.RunAsync(app.Services, args[1..], Console.Out, Console.Error);
}

app.MapServiceDefaults();
app.MapEscalation();

await app.RunAsync();
return 0;
