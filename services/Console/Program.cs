using Cers.Dispatch.Console;
using Cers.Dispatch.Console.SigningIn;
using Cers.Dispatch.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("console");
builder.AddCersMessaging(bus => bus.AddConsoleConsumers());
builder.AddCersMarten("console", options => options.AddConsoleReadModels());
builder.AddConsoleServices();

var app = builder.Build();

// `add-user`, `set-password`, `disable-user`, `enable-user` and `seed-demo` manage the console's accounts, and
// `mint-token` prints a bearer token for an operator's own calls; each exits without serving requests.
switch (args)
{
    case ["add-user", ..]:
        return await UserCommands.AddUserAsync(app.Services, args);
    case ["set-password", ..]:
        return await UserCommands.SetPasswordAsync(app.Services, args);
    case ["disable-user", ..]:
        return await UserCommands.DisableUserAsync(app.Services, args);
    case ["enable-user", ..]:
        return await UserCommands.EnableUserAsync(app.Services, args);
    case ["mint-token", ..]:
        return UserCommands.MintToken(app.Services, args, Console.Out, Console.Error);
    case ["seed-demo", ..]:
        return await UserCommands.SeedDemoAsync(app.Services);
}

// Before authorization: the sign-in page needs its stylesheet before anyone has signed in.
app.UseConsoleSecurityHeaders();
app.UseStaticFiles();
app.MapServiceDefaults();
app.MapConsole();

await app.RunAsync();
return 0;
