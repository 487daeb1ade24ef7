using Cers.Dispatch.Rostering.Matching;

namespace Cers.Dispatch.Rostering.Dispatches.Offering;

/// <summary>
/// The words of our SMS. The area only, never the address: an SMS can be read over a shoulder or on a lock screen. The
/// details needed at the door go through the console link once the offer is accepted.
/// </summary>
public static class OfferTexts
{
    public static string Offer(string? area, IReadOnlyList<string> requiredSkills, string code, int deadlineMinutes, int workersNeeded = 1) =>
        $"CERS emergency cover needed now in {area ?? "your area"}. {Need(requiredSkills)} " +
        (workersNeeded > 1 ? $"{workersNeeded} care workers are needed at once: you would work with a colleague. " : "") +
        $"Reply YES {code} to go or NO {code} if you can't. Please answer within {deadlineMinutes} min.";

    /// <summary>To a worker asked but no longer needed: every place on the call is filled.</summary>
    public static string Covered(string? area, string code) =>
        $"CERS: the call in {area ?? "your area"} (offer {code}) is now covered, so you are not needed there. No need to reply. Thank you.";

    /// <summary>The offer to take over at a handover: when, not only where (the next shift may not have begun yet).</summary>
    public static string HandoverOffer(string? area, IReadOnlyList<string> requiredSkills, string code, int deadlineMinutes, NodaTime.Instant takeOverAt) =>
        $"CERS cover continues in {area ?? "your area"}: a colleague hands over at {ServiceDefaults.LondonTime.Show(takeOverAt)}. {Need(requiredSkills)} " +
        $"Reply YES {code} to take over or NO {code} if you can't. Please answer within {deadlineMinutes} min.";

    /// <summary>Only the link: the plan (address, key safe, medication) is behind it, never in an SMS.</summary>
    public static string PlanLink(string url) =>
        $"CERS: the plan for your call is at {url} . It works until you text LEFT. Do not share it.";

    /// <summary>A worker's LEFT after her visit ended: the activation closed while she was there, or she texted LEFT before.</summary>
    public static string VisitAlreadyEnded(NodaTime.Instant endedAt) =>
        $"CERS: thank you. Your visit is already recorded as ended at {ServiceDefaults.LondonTime.Show(endedAt)}.";

    public static string Released(string? area) =>
        $"CERS: the call in {area ?? "your area"} has been closed, so you are no longer needed there. Thank you.";

    public static string Need(IReadOnlyList<string> skills) =>
        skills.Count == 0 ? "General support at home." : $"Needs: {string.Join(", ", skills.Select(s => s.Replace('-', ' ')))}.";

    public static string Escalation(StaffDispatch dispatch, int level, string reason) =>
        $"{(level > 1 ? "Coordinators have not staffed it in time: " : "")}the activation in {dispatch.Area ?? "an unknown area"} cannot be staffed automatically " +
        $"({reason.Replace('-', ' ')}{(dispatch.PlacesNeeded > 1 ? $"; {dispatch.PlacesFilled()} of {dispatch.PlacesNeeded} places filled" : "")}). " +
        $"Open the console and choose a worker. Ref {dispatch.Id.ToString()[..8]}.";

    public const string Help =
        "CERS: reply YES or NO with the code from our offer (e.g. YES K7QF), ARRIVED when you get there, " +
        "HANDOVER and your notes when you hand over, LEFT when you leave.";

    internal static IReadOnlyList<string> Skills(CarerNeeds? needs) => needs?.RequiredSkills ?? [];
}
