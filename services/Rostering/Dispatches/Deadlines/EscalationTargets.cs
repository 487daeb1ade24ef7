using System.Globalization;

namespace Cers.Dispatch.Rostering.Dispatches.Deadlines;

/// <summary>The target of a dispatch's escalation timer: the step and which worker's cover it is for.</summary>
public static class EscalationTargets
{
    /// <summary>"2" for the first worker (as before handovers existed), "2@3" for the third handover.</summary>
    public static string Of(int level, int round) =>
        round == 0 ? level.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{level}@{round}");

    public static bool TryParse(string? target, out int level, out int round)
    {
        var parts = (target ?? "").Split('@');
        round = 0;
        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out level)
            && (parts.Length == 1 || (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out round)));
    }
}
