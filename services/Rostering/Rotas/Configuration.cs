using Cers.Dispatch.Rostering.Rotas.Creating;
using Cers.Dispatch.Rostering.Rotas.OnCall;
using Cers.Dispatch.Rostering.Rotas.Overriding;
using JasperFx.Events.Projections;
using Marten;

namespace Cers.Dispatch.Rostering.Rotas;

public static class Configuration
{
    public static void AddRotas(this StoreOptions options)
    {
        options.Events.MapEventType<RotationCreated>("rotation_created");
        options.Events.MapEventType<RotaOverrideAdded>("rota_override_added");
        options.Projections.Snapshot<Rotation>(SnapshotLifecycle.Inline);
    }

    public static IEndpointRouteBuilder MapRotas(this IEndpointRouteBuilder app)
    {
        var rotations = app.MapGroup("/rotations").WithTags("Rotas");
        rotations.MapPost("/", CreateRotationSlice.Handle);
        rotations.MapGet("/", async (Marten.IQuerySession session, CancellationToken ct) => Results.Ok(await session.Query<Rotation>().OrderBy(r => r.Priority).ToListAsync(ct)));
        rotations.MapPost("/{id:guid}/overrides", AddOverrideSlice.Handle);

        var onCall = app.MapGroup("/on-call").WithTags("Rotas");
        onCall.MapGet("/", GetOnCallSlice.Handle);
        onCall.MapGet("/chain", GetOnCallSlice.Chain);
        return app;
    }
}
