using Cers.Dispatch.Rostering.Staff.ChangingPhone;
using Cers.Dispatch.Rostering.Staff.Deactivating;
using Cers.Dispatch.Rostering.Staff.GettingStaff;
using Cers.Dispatch.Rostering.Staff.Registering;
using Cers.Dispatch.Rostering.Staff.Renewing;
using Cers.Dispatch.ServiceDefaults.Access;
using JasperFx.Events.Projections;
using Marten;

namespace Cers.Dispatch.Rostering.Staff;

public static class Configuration
{
    public static void AddStaff(this StoreOptions options)
    {
        options.Events.MapEventType<StaffRegistered>("staff_registered");
        options.Events.MapEventType<StaffDeactivated>("staff_deactivated");
        options.Events.MapEventType<StaffReactivated>("staff_reactivated");
        options.Events.MapEventType<DbsCheckRecorded>("dbs_check_recorded");
        options.Events.MapEventType<TrainingRecorded>("training_recorded");
        options.Events.MapEventType<StaffPhoneChanged>("staff_phone_changed");
        options.Projections.Snapshot<StaffMember>(SnapshotLifecycle.Inline);
        options.Schema.For<StaffMember>().Index(s => s.Phone).Index(s => s.Role);
        options.Schema.For<StaffPhone>().Identity(p => p.Id);
    }

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/staff").WithTags("Staff");
        staff.MapPost("/", RegisterStaffSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        staff.MapGet("/", GetStaffSlice.List).RequireAuthorization(CersPolicies.ReadingRegister);
        staff.MapGet("/{id:guid}", GetStaffSlice.One).RequireAuthorization(CersPolicies.ReadingRegister);
        staff.MapPost("/{id:guid}/deactivate", DeactivateStaffSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        staff.MapPost("/{id:guid}/reactivate", ReactivateStaffSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        staff.MapPut("/{id:guid}/dbs-check", RecordDbsCheckSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        staff.MapPut("/{id:guid}/training/{skill}", RecordTrainingSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        staff.MapPut("/{id:guid}/phone", ChangePhoneSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        return app;
    }
}
