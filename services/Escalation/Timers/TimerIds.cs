using System.Security.Cryptography;
using System.Text;

namespace Cers.Dispatch.Escalation.Timers;

/// <summary>
/// Timers the service sets itself get ids derived from what they are for, so setting the same timer again (a redelivered
/// message, a retried transaction) finds the one already stored instead of adding a second.
/// </summary>
public static class TimerIds
{
    public static Guid For(Guid activationId, string purpose)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{activationId:N}/{purpose}"));
        var id = bytes.AsSpan(0, 16).ToArray();
        id[6] = (byte)((id[6] & 0x0F) | 0x50);
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        return new Guid(id, bigEndian: true);
    }
}
