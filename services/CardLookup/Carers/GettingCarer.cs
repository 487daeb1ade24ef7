using Cers.Dispatch.CardLookup.Common;
using Marten;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers;

public sealed record CarerView(
    Guid CarerId,
    PersonName Name,
    LocalDate DateOfBirth,
    Address Address,
    string Nation,
    string Area,
    IReadOnlyList<Phone> Phones,
    string PreferredLanguage,
    string HubReference,
    bool ConsentToSharePlan,
    Instant RegisteredAt,
    IReadOnlyList<CaredForPerson> CaredFor,
    IReadOnlyList<Assessment> Assessments,
    int PlanVersion,
    string CoverNote);

public static class GetCarerSlice
{
    public static async Task<IResult> Handle(Guid carerId, IQuerySession session, CancellationToken cancellationToken) =>
        await session.LoadAsync<Carer>(carerId, cancellationToken) is { } c
            ? Results.Ok(new CarerView(
                c.Id, c.Name, c.DateOfBirth, c.Address, c.Nation, c.Area, c.Phones, c.PreferredLanguage, c.HubReference,
                c.ConsentToSharePlan, c.RegisteredAt, c.CaredFor, c.Assessments, c.PlanVersion, PlanView.CoverNoteFor(c)))
            : Problems.NotFound($"No carer {carerId}.");
}
