using Cers.Dispatch.Console.Forms;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.Console.Staff;

/// <summary>The staff register: care workers, coordinators and duty managers, their skills, training and DBS dates.</summary>
public static class Configuration
{
    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        app.MapGet("/staff", StaffListPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        app.MapGet("/staff/{id:guid}", PersonPage.Show).RequireAuthorization(CersPolicies.ReadingRegister);
        var changes = app.MapGroup("/staff").RequireAuthorization(CersPolicies.Administering).ActOnceEachForm();
        changes.MapPost("/", StaffListPage.Register);
        changes.MapPost("/{id:guid}/deactivate", PersonPage.Deactivate);
        changes.MapPost("/{id:guid}/reactivate", PersonPage.Reactivate);
        changes.MapPost("/{id:guid}/dbs-check", PersonPage.RenewDbsCheck);
        changes.MapPost("/{id:guid}/training", PersonPage.RecordTraining);
        changes.MapPost("/{id:guid}/phone", PersonPage.ChangePhone);
        return app;
    }
}
