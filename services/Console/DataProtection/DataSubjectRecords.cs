using NodaTime;

namespace Cers.Dispatch.Console.DataProtection;

public sealed record DataSubjectName(string First, string Last);

/// <summary>The carer as card lookup's register shows them (GET /carers/{id}); after erasure the name reads "[erased]".</summary>
public sealed record DataSubjectShown(Guid CarerId, DataSubjectName Name, bool Erased, Instant? ErasedAt)
{
    public string Called => Erased ? "this erased carer" : $"{Name.First} {Name.Last}";
}

/// <summary>An activation crisis intake holds for the carer, as much of it as says whether their cover is in progress.</summary>
public sealed record SubjectActivation(Guid Id, string? Status, string? Reason, Instant OpenedAt, string? Area, Instant? ClosedAt)
{
    public bool InProgress => ClosedAt is null && Status != "Closed";
}

public sealed record SubjectActivationEntry(SubjectActivation Activation);

/// <summary>GET /data-subjects/carers/{carerId}/activations, read for the activations only (the export passes the whole answer on).</summary>
public sealed record SubjectActivations(IReadOnlyList<SubjectActivationEntry>? Activations)
{
    public IReadOnlyList<SubjectActivation> InProgress => (Activations ?? []).Select(a => a.Activation).Where(a => a.InProgress).ToList();
}

/// <summary>What card lookup says it erased (POST /carers/{id}/erasure).</summary>
public sealed record ErasureDone(Guid CarerId, string? Ground, Instant ErasedAt, IReadOnlyList<string>? CardsWithdrawn);
