using System.Text.RegularExpressions;

namespace Cers.Dispatch.CardLookup.Tests;

internal static partial class StoredText
{
    /// <summary>
    /// What is left in clear once every sealed envelope is taken out. Random ciphertext spells a four-digit code
    /// by chance about once in five thousand plans, so clear text is looked for outside the envelopes.
    /// </summary>
    public static string OutsideEnvelopes(string stored) => Envelope().Replace(stored, "pd1.(sealed)");

    [GeneratedRegex(@"pd1\.[0-9a-f]{32}\.[A-Za-z0-9_\-\.]+")]
    private static partial Regex Envelope();
}
