using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("card-lookup");
builder.AddCersMessaging();
builder.AddCersMarten("card_lookup", _ => { });

var app = builder.Build();

app.MapServiceDefaults();

app.Run();
