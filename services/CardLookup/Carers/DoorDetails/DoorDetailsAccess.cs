using System.Security.Claims;
using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.ServiceDefaults.Access;

namespace Cers.Dispatch.CardLookup.Carers.DoorDetails;

/// <summary>Who is asking, from their token: the subject (for a care worker, their worker id), name and roles.</summary>
public sealed record DoorDetailsCaller(string Subject, string Name, IReadOnlySet<string> Roles)
{
    public static DoorDetailsCaller Of(ClaimsPrincipal user) => new(
        user.FindFirst("sub")?.Value ?? "",
        user.Identity?.Name ?? "unknown",
        user.FindAll(CersTokens.RoleClaim).Select(c => c.Value).Concat(user.FindAll(ClaimTypes.Role).Select(c => c.Value)).ToHashSet(StringComparer.Ordinal));

    public bool Coordinates => Roles.Contains(CersRoles.Coordinator) || Roles.Contains(CersRoles.Supervisor);

    public bool IsCareWorker => Roles.Contains(CersRoles.CareWorker);
}

public abstract record DoorDetailsDecision
{
    /// <param name="Role">The role the rule was met in, recorded with the view.</param>
    public sealed record Shown(Guid ActivationId, string Role, string Basis) : DoorDetailsDecision;

    public sealed record Refused(string Why) : DoorDetailsDecision;
}

/// <summary>
/// The door-details rule. The key-safe code and the entry instructions are shown only while someone is being sent in:
/// to a coordinator or supervisor while an activation for this carer is open, and to the care worker who accepted
/// that activation until they leave or it closes. Nobody else, at no other time.
/// </summary>
public static class DoorDetailsAccess
{
    public const string Policy = CersPolicies.DoorDetails;

    /// <param name="requested">The activation named in the request, if one was and it is known.</param>
    /// <param name="openForCarer">The carer's activations that are open.</param>
    public static DoorDetailsDecision Decide(
        DoorDetailsCaller caller, Guid carerId, Guid? activationId, CoverAccess? requested, IReadOnlyList<CoverAccess> openForCarer)
    {
        var asCoordinator = caller.Coordinates ? AsCoordinator(caller, carerId, activationId, requested, openForCarer) : null;
        if (asCoordinator is DoorDetailsDecision.Shown || !caller.IsCareWorker)
        {
            return asCoordinator ?? new DoorDetailsDecision.Refused(
                "Door details are shown only to coordinators and supervisors handling an open activation for the carer, and to the care worker who accepted it.");
        }

        return AsCareWorker(caller, carerId, activationId, requested);
    }

    private static DoorDetailsDecision AsCoordinator(
        DoorDetailsCaller caller, Guid carerId, Guid? activationId, CoverAccess? requested, IReadOnlyList<CoverAccess> openForCarer)
    {
        var role = caller.Roles.Contains(CersRoles.Coordinator) ? CersRoles.Coordinator : CersRoles.Supervisor;
        if (activationId is { } id)
        {
            return IsOpenFor(requested, carerId) is { } why
                ? new DoorDetailsDecision.Refused(why)
                : new DoorDetailsDecision.Shown(id, role, $"handling open activation {id}");
        }

        return openForCarer.Count > 0 && openForCarer[0] is var open
            ? new DoorDetailsDecision.Shown(open.Id, role, $"handling open activation {open.Id}")
            : new DoorDetailsDecision.Refused("No activation for this carer is open: door details are shown only while cover is being arranged or given.");
    }

    private static DoorDetailsDecision AsCareWorker(DoorDetailsCaller caller, Guid carerId, Guid? activationId, CoverAccess? requested)
    {
        if (activationId is not { } activation)
        {
            return new DoorDetailsDecision.Refused("A care worker sees door details only for the activation they accepted: give activationId.");
        }

        if (IsOpenFor(requested, carerId) is { } why)
        {
            return new DoorDetailsDecision.Refused(why);
        }

        return Guid.TryParse(caller.Subject, out var workerId)
            ? requested!.Worker(workerId) switch
            {
                { OnCover: true } => new DoorDetailsDecision.Shown(activation, CersRoles.CareWorker, $"accepted activation {activation}"),
                { AcceptedAt: not null } => new DoorDetailsDecision.Refused("You have left this activation: door details are shown only while you are on cover."),
                _ => new DoorDetailsDecision.Refused("You did not accept this activation: door details are shown only to the care worker who did."),
            }
            : new DoorDetailsDecision.Refused("Your token does not name a care worker.");
    }

    private static string? IsOpenFor(CoverAccess? activation, Guid carerId) => activation switch
    {
        null => "This activation is not known to card lookup (yet): door details are shown only for an open activation for this carer.",
        { CarerId: null } => "This activation has not been identified as this carer's yet: door details are shown only for an open activation for this carer.",
        { CarerId: var other } when other != carerId => "This activation is for another carer.",
        { Open: false } => "This activation is closed: door details are shown only while it is open.",
        _ => null,
    };
}
