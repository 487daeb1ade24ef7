using NodaTime;

namespace Cers.Dispatch.Rostering.Dispatches;

public enum DispatchStatus
{
    FindingStaff,
}

/// <summary>Rostering's view of one activation: who it is looking for and who it has asked.</summary>
public sealed record StaffDispatch(
    Guid Id,
    DispatchStatus Status,
    string? CardNumber,
    string Reason,
    Instant ActivationOpenedAt,
    Instant RequestedAt)
{
    public static StaffDispatch Create(DispatchRequested requested) => new(
        requested.ActivationId,
        DispatchStatus.FindingStaff,
        requested.CardNumber,
        requested.Reason,
        requested.ActivationOpenedAt,
        requested.RequestedAt);
}
