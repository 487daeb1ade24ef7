using System.Text.Json.Serialization;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>The messages rostering's news (<see cref="News{TMessage}"/>) carries.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(OfferSent), nameof(OfferSent))]
[JsonDerivedType(typeof(OfferAccepted), nameof(OfferAccepted))]
[JsonDerivedType(typeof(OfferDeclined), nameof(OfferDeclined))]
[JsonDerivedType(typeof(OfferExpired), nameof(OfferExpired))]
[JsonDerivedType(typeof(DispatchEscalated), nameof(DispatchEscalated))]
[JsonDerivedType(typeof(WorkerArrived), nameof(WorkerArrived))]
[JsonDerivedType(typeof(CoverStarted), nameof(CoverStarted))]
[JsonDerivedType(typeof(WorkerLeft), nameof(WorkerLeft))]
[JsonDerivedType(typeof(NobodyOnSite), nameof(NobodyOnSite))]
[JsonDerivedType(typeof(HandoverRecorded), nameof(HandoverRecorded))]
[JsonDerivedType(typeof(HandoverSignedOff), nameof(HandoverSignedOff))]
[JsonDerivedType(typeof(HandoverQueried), nameof(HandoverQueried))]
[JsonDerivedType(typeof(PlanLinkOpened), nameof(PlanLinkOpened))]
[JsonDerivedType(typeof(AlarmRaised), nameof(AlarmRaised))]
[JsonDerivedType(typeof(AlarmPaged), nameof(AlarmPaged))]
[JsonDerivedType(typeof(AlarmNotDelivered), nameof(AlarmNotDelivered))]
[JsonDerivedType(typeof(AlarmAcknowledged), nameof(AlarmAcknowledged))]
[JsonDerivedType(typeof(AlarmStoodDown), nameof(AlarmStoodDown))]
public interface IRosteringNews
{
}
