using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("rostering");
builder.AddCersMessaging(bus => bus.AddDispatchConsumers());
builder.AddCersMarten("rostering", options => options.AddDispatches());

var app = builder.Build();

app.MapServiceDefaults();
app.MapDispatches();

app.Run();
