using Cers.Dispatch.Console;
using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("console");
builder.AddCersMessaging(bus => bus.AddConsoleConsumers());
builder.AddCersMarten("console", options => options.AddConsoleReadModels());
builder.AddConsoleServices();

var app = builder.Build();

app.MapServiceDefaults();
app.MapConsole();

app.Run();
