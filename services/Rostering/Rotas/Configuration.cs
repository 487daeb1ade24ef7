using Cers.Dispatch.Rostering.Rotas.Creating;
using Cers.Dispatch.Rostering.Rotas.LineUps;
using Cers.Dispatch.Rostering.Rotas.OnCall;
using Cers.Dispatch.Rostering.Rotas.Overriding;
using Cers.Dispatch.ServiceDefaults.Access;
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
        options.Listeners.Add(new ForgetRotaBoardOnChange());
    }

    public static IEndpointRouteBuilder MapRotas(this IEndpointRouteBuilder app)
    {
        var rotations = app.MapGroup("/rotations").WithTags("Rotas");
        rotations.MapPost("/", CreateRotationSlice.Handle).RequireAuthorization(CersPolicies.Administering);
        rotations.MapGet("/", async (Marten.IQuerySession session, CancellationToken ct) => Results.Ok(await session.Query<Rotation>().OrderBy(r => r.Priority).ToListAsync(ct)))
            .RequireAuthorization(CersPolicies.ReadingRegister);
        rotations.MapPost("/{id:guid}/overrides", AddOverrideSlice.Handle).RequireAuthorization(CersPolicies.Administering);

        // Crisis intake's phone line asks for the chain with its service token; coordinators read the same answer.
        var onCall = app.MapGroup("/on-call").WithTags("Rotas");
        onCall.MapGet("/", GetOnCallSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        onCall.MapGet("/chain", GetOnCallSlice.Chain).RequireAuthorization(CersPolicies.ReadingRegister);
        onCall.MapGet("/chain/ahead", GetOnCallSlice.ChainAhead).RequireAuthorization(CersPolicies.ReadingRegister);
        onCall.MapGet("/line-ups", GetLineUpsSlice.Handle).RequireAuthorization(CersPolicies.ReadingRegister);
        return app;
    }
}
