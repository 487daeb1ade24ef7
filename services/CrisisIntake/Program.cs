using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Twilio;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("crisis-intake");
builder.AddCersMessaging(bus => bus.AddActivationConsumers());
builder.AddTwilioWebhooks();
builder.AddActivationCollaborators();
builder.Services.AddSingleton<IContractMap, ContractMap>();
builder.AddCersMarten("crisis_intake", options => options.AddActivations())
    .AddContractPublisher();

var app = builder.Build();

app.MapServiceDefaults();
app.WarnIfUnsigned();
app.MapActivations();

app.Run();
