using Cers.Dispatch.CrisisIntake.Activations.GettingActivation;
using Cers.Dispatch.CrisisIntake.Activations.GettingTimeline;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.CrisisIntake.Activations.Privacy;

/// <summary>
/// GET /data-subjects/carers/{carerId}/activations: everything crisis intake holds about a carer, for a subject access
/// request — each activation identified for them, with its whole timeline opened.
/// </summary>
public static class DataSubjectExport
{
    public static async Task<IResult> Handle(
        Guid carerId, IQuerySession session, PersonalDataVault vault, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var activations = await session.Query<Activation>().Where(a => a.CarerId == carerId).OrderBy(a => a.OpenedAt).ToListAsync(cancellationToken);
        var export = new List<object>();
        foreach (var activation in activations)
        {
            var key = await vault.ExistingKeyAsync(session, ActivationPrivacy.Subject(activation.Id), cancellationToken);
            var events = await session.Events.FetchStreamAsync(activation.Id, token: cancellationToken);
            export.Add(new
            {
                activation = ActivationView.From(activation, key),
                timeline = TimelineOrder.InTheOrderTaken(events).Select(e => ActivationTimelineSlice.Entry(e, key, json.Value.SerializerOptions)),
            });
        }

        return Results.Ok(new { carerId, service = "crisis-intake", activations = export });
    }
}
