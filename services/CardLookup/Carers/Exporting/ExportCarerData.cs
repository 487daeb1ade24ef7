using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Cards;
using Cers.Dispatch.CardLookup.Carers.DoorDetails;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup.Audit;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.Exporting;

/// <summary>One plan version as recorded, door secrets included: the export is for the carer, and these are theirs.</summary>
public sealed record ExportedPlanVersion(int Version, Instant StoredAt, string RecordedBy, PlanView Plan, DoorSecrets? DoorSecrets);

public sealed record ExportedEvent(long Version, string Type, Instant StoredAt);

public sealed record ExportedCard(CardView Card, IReadOnlyList<ExportedEvent> History);

/// <summary>Everything card lookup holds about a carer, as the carer may ask for it (a data-subject access request).</summary>
public sealed record CarerDataExport(
    Guid CarerId,
    Instant ExportedAt,
    string ExportedBy,
    bool Erased,
    CarerView Carer,
    IReadOnlyList<ExportedPlanVersion> PlanVersions,
    IReadOnlyList<ExportedCard> Cards,
    IReadOnlyList<LookupEntry> Lookups,
    IReadOnlyList<DoorDetailView> DoorDetailViews,
    IReadOnlyList<CoverAccess> Activations,
    IReadOnlyList<ExportedEvent> History);

public static class ExportCarerDataSlice
{
    public static async Task<IResult> Handle(
        Guid carerId, HttpContext http, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var events = await session.Events.FetchStreamAsync(carerId, token: cancellationToken);
        if (await session.LoadAsync<Carer>(carerId, cancellationToken) is not { } current || events.Count == 0)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        var now = clock.GetCurrentInstant();
        var by = http.User.Identity?.Name ?? "unknown";
        var key = current.Erased ? null : await vault.KeyOfAsync(session, current.Details, cancellationToken);

        var versions = new List<ExportedPlanVersion>();
        Carer? folded = null;
        foreach (var stored in events)
        {
            folded = CarerHistory.Fold(folded, stored.Data);
            if (stored.Data is EmergencyPlanRecorded recorded && folded is not null)
            {
                var day = Ages.Today(recorded.RecordedAt);
                var plan = key is null ? PlanView.OfErased(folded, day)! : PlanView.Of(OpenedCarer.Open(folded, key), day)!;
                versions.Add(new ExportedPlanVersion(
                    recorded.Version, Instant.FromDateTimeOffset(stored.Timestamp), recorded.RecordedBy, plan, key?.Open(recorded.Secrets)));
            }
        }

        var cards = new List<ExportedCard>();
        foreach (var index in await session.Query<CardIndex>().Where(c => c.Card.CarerId == carerId).ToListAsync(cancellationToken))
        {
            var history = await session.Events.FetchStreamAsync(index.Card.Id, token: cancellationToken);
            cards.Add(new ExportedCard(CardView.Of(index.Card), history.Select(Exported).ToList()));
        }

        var lookups = await session.Query<LookupRecord>().Where(r => r.CarerId == carerId).OrderBy(r => r.AtUnixTicks).ToListAsync(cancellationToken);
        var export = new CarerDataExport(
            carerId,
            now,
            by,
            key is null,
            key is null ? CarerView.OfErased(current) : CarerView.Of(OpenedCarer.Open(current, key)),
            versions,
            cards,
            await Lookup.Audit.ListLookupsSlice.OpenAsync(lookups, session, vault, cancellationToken),
            await ListDoorDetailViewsSlice.ViewsOfAsync(session, carerId, cancellationToken),
            await session.Query<CoverAccess>().Where(a => a.CarerId == carerId).ToListAsync(cancellationToken),
            events.Select(Exported).ToList());

        session.CarryTraceContext().Events.Append(carerId, new CarerDataExported(carerId, by, now));
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(export);
    }

    private static ExportedEvent Exported(JasperFx.Events.IEvent stored) =>
        new(stored.Version, stored.EventTypeName, Instant.FromDateTimeOffset(stored.Timestamp));
}
