using Cers.Dispatch.Rostering.Dispatches.Offering;

namespace Cers.Dispatch.Rostering.Dispatches;

/// <summary>What the console shows of a dispatch; a dispatch waiting for a coordinator to identify the carer says so.</summary>
public sealed record DispatchView(
    Guid ActivationId,
    DispatchStatus Status,
    string? CardNumber,
    string Reason,
    Guid? CarerId,
    string? Nation,
    string? Area,
    IReadOnlyList<Offer> Offers,
    Guid? AcceptedWorkerId,
    IReadOnlyList<Guid> OnSite,
    NodaTime.Instant? CoverStartedAt,
    int EscalationLevel,
    string? WhyCarerUnknown,
    HandoverInProgress? Handover,
    NextHandover? NextHandover,
    NodaTime.Instant? ClosedAt,
    int PlacesNeeded,
    int PlacesFilled,
    IReadOnlyList<Guid> Companions)
{
    public static DispatchView From(StaffDispatch d, CarerIdentificationNeeded? needed) => new(
        d.Id,
        d.CarerId is null && needed is not null && d.Status == DispatchStatus.FindingStaff ? DispatchStatus.AwaitingCarerIdentification : d.Status,
        d.CardNumber, d.Reason, d.CarerId, d.Nation, d.Area, d.Offers, d.AcceptedWorkerId, d.OnSite, d.CoverStartedAt, d.EscalationLevel,
        d.CarerId is null ? needed?.Why : null,
        d.Handover,
        d.NextHandover,
        d.ClosedAt,
        d.PlacesNeeded,
        d.PlacesFilled(),
        d.Companions);
}
