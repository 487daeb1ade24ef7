using NodaTime;

namespace Cers.Dispatch.CardLookup.Carers.DoorDetails;

/// <summary>One showing of a carer's door details: who saw them, in which role, for which activation, when. Written before they are shown.</summary>
public sealed record DoorDetailView(
    Guid Id,
    Guid CarerId,
    Guid ActivationId,
    string ViewerSubject,
    string ViewerName,
    string Role,
    string Basis,
    Instant At,
    long AtUnixTicks);
