using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.CardLookup.Lookup;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.DoorDetails;

public sealed record DoorDetailsCarer(string FirstName, string LastName, IReadOnlyList<Phone> Phones, string PreferredLanguage);

/// <summary>Getting in: the secrets with the rest of what the general plan says about the home.</summary>
public sealed record DoorAccess(string? EntryInstructions, string? KeySafeCode, bool KeySafeFitted, string? Pets, string? Hazards, string? Accessibility);

/// <summary>Everything a worker needs at the door and inside, for one activation. Shown only under <see cref="DoorDetailsAccess"/>.</summary>
public sealed record DoorDetailsAnswer(
    Guid CarerId,
    Guid ActivationId,
    int PlanVersion,
    Instant? PlanRecordedAt,
    DoorDetailsCarer Carer,
    LookupAddress Address,
    string Area,
    IReadOnlyList<LookupCaredFor> CaredFor,
    string CoverNote,
    DoorAccess Access,
    IReadOnlyList<KeyItem> KeyItems,
    IReadOnlyList<PersonCareView> CareNeeds,
    IReadOnlyList<MedicationView> Medication,
    IReadOnlyList<string> AidsAndEquipment,
    GeneralPractice? Gp,
    IReadOnlyList<EmergencyContact> EmergencyContacts,
    IReadOnlyList<string> RequiredSkills,
    bool PlanOverdueForReview,
    Instant ShownAt,
    string ShownTo);

public static class GetDoorDetailsSlice
{
    public static async Task<IResult> Handle(
        Guid carerId, Guid? activationId, HttpContext http, IDocumentSession session, PersonalDataVault vault, IClock clock, CancellationToken cancellationToken)
    {
        var caller = DoorDetailsCaller.Of(http.User);
        var requested = activationId is { } id ? await session.LoadAsync<CoverAccess>(id, cancellationToken) : null;
        var open = activationId is null
            ? await session.Query<CoverAccess>().Where(a => a.CarerId == carerId && a.ClosedAt == null).ToListAsync(cancellationToken)
            : [];
        var decision = DoorDetailsAccess.Decide(caller, carerId, activationId, requested, open);
        if (decision is not DoorDetailsDecision.Shown shown)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Door details are not shown to you now; nothing was shown.",
                detail: ((DoorDetailsDecision.Refused)decision).Why);
        }

        if (await session.LoadAsync<Carer>(carerId, cancellationToken) is not { } carer)
        {
            return Problems.NotFound($"No carer {carerId}.");
        }

        if (await vault.KeyOfAsync(session, carer.Details, cancellationToken) is not { } key || carer.Erased)
        {
            return Results.Problem(statusCode: StatusCodes.Status410Gone, title: "The carer's personal data was erased; there are no door details to show.");
        }

        var now = clock.GetCurrentInstant();
        var secrets = (await session.Events.FetchStreamAsync(carerId, token: cancellationToken))
            .Select(e => e.Data).OfType<EmergencyPlanRecorded>().LastOrDefault() is { } latest
            ? key.Open(latest.Secrets)
            : new DoorSecrets(null, null);

        // The view is committed before anything is shown: a showing that is not recorded does not happen.
        session.Store(new DoorDetailView(
            Guid.CreateVersion7(), carerId, shown.ActivationId, caller.Subject, caller.Name, shown.Role, shown.Basis, now, now.ToUnixTimeTicks()));
        await session.SaveChangesAsync(cancellationToken);
        return Results.Ok(Answer(OpenedCarer.Open(carer, key), secrets, shown.ActivationId, Ages.Today(now), now, caller.Name));
    }

    public static DoorDetailsAnswer Answer(OpenedCarer carer, DoorSecrets secrets, Guid activationId, LocalDate today, Instant now, string shownTo)
    {
        var plan = PlanView.Of(carer, today);
        var access = carer.Plan?.HomeAccess;
        return new DoorDetailsAnswer(
            carer.Id,
            activationId,
            carer.Stored.PlanVersion,
            carer.Stored.PlanRecordedAt,
            new DoorDetailsCarer(carer.Name.First, carer.Name.Last, carer.Details.Phones, carer.Details.PreferredLanguage),
            new LookupAddress(carer.Address.Line1, carer.Address.Line2, carer.Address.Town, carer.Address.Postcode, carer.Address.Latitude, carer.Address.Longitude, carer.Nation),
            carer.Area,
            carer.CaredFor.Select(p => new LookupCaredFor(p.PersonId, p.Name.First, p.Name.Last, p.DateOfBirth, Ages.On(p.DateOfBirth, today), p.Relationship)).ToList(),
            PlanView.CoverNoteFor(carer),
            new DoorAccess(secrets.EntryInstructions, secrets.KeySafeCode, access?.KeySafeFitted ?? false, access?.Pets, access?.Hazards, access?.Accessibility),
            plan?.KeyItems ?? [],
            plan?.People ?? [],
            plan?.Medication ?? [],
            plan?.AidsAndEquipment ?? [],
            plan?.Gp,
            plan?.EmergencyContacts ?? [],
            plan?.RequiredSkills ?? [],
            plan?.OverdueForReview ?? false,
            now,
            shownTo);
    }
}
