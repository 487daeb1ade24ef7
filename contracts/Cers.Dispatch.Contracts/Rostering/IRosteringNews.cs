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
public interface IRosteringNews
{
}
