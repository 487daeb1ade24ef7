using System.Security.Cryptography;
using System.Text;

namespace Cers.Dispatch.ServiceDefaults;

/// <summary>
/// A name-based id (version 5 layout, SHA-256): the same name always gives the same id, so a retried webhook, a
/// redelivered message or a republished event finds what the first attempt stored instead of adding a second.
/// </summary>
public static class DeterministicGuid
{
    public static Guid From(string name)
    {
        var id = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        id[6] = (byte)((id[6] & 0x0F) | 0x50);
        id[8] = (byte)((id[8] & 0x3F) | 0x80);
        return new Guid(id, bigEndian: true);
    }
}
