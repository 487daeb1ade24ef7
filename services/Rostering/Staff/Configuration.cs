using Cers.Dispatch.Rostering.Staff.GettingStaff;
using Cers.Dispatch.Rostering.Staff.Registering;
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
        options.Projections.Snapshot<StaffMember>(SnapshotLifecycle.Inline);
        options.Schema.For<StaffMember>().Index(s => s.Phone).Index(s => s.Role);
        options.Schema.For<StaffPhone>().Identity(p => p.Id);
    }

    public static IEndpointRouteBuilder MapStaff(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/staff").WithTags("Staff");
        staff.MapPost("/", RegisterStaffSlice.Handle);
        staff.MapGet("/", GetStaffSlice.List);
        staff.MapGet("/{id:guid}", GetStaffSlice.One);
        return app;
    }
}
