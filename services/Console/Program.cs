using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("console");
builder.AddCersMessaging();
builder.AddCersMarten("console", _ => { });

var app = builder.Build();

app.MapServiceDefaults();

app.Run();
