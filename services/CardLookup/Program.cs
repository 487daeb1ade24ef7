using Cers.Dispatch.CardLookup;
using Cers.Dispatch.CardLookup.Demo;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("card-lookup");
builder.AddCersMessaging(bus => bus.AddCardLookupConsumers());
builder.Services.AddSingleton<IContractMap, ContractMap>();
builder.AddCardLookupServices();
builder.AddCersMarten("card_lookup", options => options.AddCardLookup())
    .AddContractPublisher();

var app = builder.Build();

// `seed-demo --carers 300`: loads generated demo carers into the store and exits, without serving requests.
if (args is ["seed-demo", ..])
{
    return await DemoSeeder.RunFromCommandLineAsync(app, args);
}

app.MapServiceDefaults();
app.MapCardLookup();

await app.RunAsync();
return 0;
