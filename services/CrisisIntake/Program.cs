using Cers.Dispatch.CrisisIntake;
using Cers.Dispatch.CrisisIntake.Activations;
using Cers.Dispatch.CrisisIntake.PartnerAgencies;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Relay;
using Cers.Dispatch.ServiceDefaults.Twilio;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("crisis-intake");
builder.AddCersMessaging(bus => bus.AddActivationConsumers());
builder.AddTwilioWebhooks();
builder.AddActivationCollaborators();
builder.Services.AddSingleton<IContractMap, ContractMap>();
builder.Services.AddPartnerAgencyKeys();
builder.AddCersMarten("crisis_intake", options =>
    {
        options.AddActivations();
        options.AddPartnerAgencies();
    })
    .AddContractPublisher();

var app = builder.Build();

if (args is ["add-partner-agency", ..])
{
    return await Cers.Dispatch.CrisisIntake.PartnerAgencies.Configuration.RunFromCommandLineAsync(app, args);
}

app.MapServiceDefaults();
app.WarnIfUnsigned();
app.MapActivations();
app.MapPartnerAgencies();

await app.RunAsync();
return 0;
