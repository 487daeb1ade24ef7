using Cers.Dispatch.Rostering;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.Rostering.Alerts;
using Cers.Dispatch.Rostering.Demo;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Rostering.Handovers;
using Cers.Dispatch.Rostering.Matching.TravelLimits;
using Cers.Dispatch.Rostering.PlanLinks;
using Cers.Dispatch.Rostering.Readiness;
using Cers.Dispatch.Rostering.Privacy;
using Cers.Dispatch.Rostering.Reservations;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Twilio;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("rostering");
builder.AddCersMessaging(bus =>
{
    bus.AddDispatchConsumers();
    bus.AddReservationConsumers();
    bus.AddAlertConsumers();
    bus.AddPrivacyConsumers();
    bus.AddAlarmConsumers();
    bus.AddReadinessConsumers();
});
builder.AddDispatchServices();
builder.AddHandoverServices();
builder.AddPlanLinkServices();
builder.AddReservationServices();
builder.AddAlertServices();
builder.AddPrivacyServices();
builder.AddAlarmServices();
builder.AddReadinessServices();
builder.Services.AddSingleton<IContractMap, ContractMap>();
builder.AddCersMarten("rostering", options =>
    {
        options.AddStaff();
        options.AddRotas();
        options.AddDispatches();
        options.AddTravelLimits();
        options.AddReservations();
        options.AddHandovers();
        options.AddPlanLinks();
        options.AddAlerts();
        options.AddPrivacy();
        options.AddAlarms();
        options.AddReadiness();
    })
    .AddContractPublisher();

var app = builder.Build();

// `seed-demo`: loads the demo staff and rotations into the store and exits, without serving requests.
if (args is ["seed-demo", ..])
{
    return await DemoSeeder.RunFromCommandLineAsync(app);
}

app.MapServiceDefaults();
app.WarnIfUnsigned();
app.MapStaff();
app.MapRotas();
app.MapDispatches();
app.MapTravelLimits();
app.MapHandovers();
app.MapPlanLinks();
app.MapAlerts();
app.MapReservations();
app.MapAlarms();
app.MapReadiness();

await app.RunAsync();
return 0;
