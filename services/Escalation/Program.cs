using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("escalation");
builder.AddCersMessaging();
builder.AddCersMarten("escalation", _ => { });

var app = builder.Build();

app.MapServiceDefaults();

app.Run();
