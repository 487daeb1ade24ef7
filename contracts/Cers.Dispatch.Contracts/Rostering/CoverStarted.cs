using NodaTime;

namespace Cers.Dispatch.Contracts.Rostering;

/// <summary>Cover began for an activation; <paramref name="Nation"/> (england-and-wales, scotland, northern-ireland) comes from the carer's address.</summary>
public sealed record CoverStarted(Guid ActivationId, Instant StartedAt, string Nation) : IRosteringNews;
