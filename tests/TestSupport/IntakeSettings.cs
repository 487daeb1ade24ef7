namespace Cers.Dispatch.Testing;

/// <summary>Crisis intake's settings in tests: where its neighbours are, the Twilio auth token, the last-resort on-call contacts.</summary>
public static class IntakeSettings
{
    public const string TwilioAuthToken = "test-auth-token-0123456789abcdef";
    public const string PublicBaseUrl = "https://cers.example.org";
    public const string DutyManagerPhone = "+447700900999";

    /// <summary>Settings with card lookup and rostering where given, or at a closed port (nobody answers) where not.</summary>
    public static Dictionary<string, string?> Without(Uri? cardLookup, Uri? rostering = null, Uri? twilioApi = null) => new()
    {
        ["Twilio:ApiBaseUrl"] = (twilioApi ?? new Uri("http://127.0.0.1:9")).ToString(),
        ["Twilio:AccountSid"] = "ACtest00000000000000000000000000",
        ["Twilio:FromNumber"] = "+443069990247",
        ["Services:CardLookup"] = (cardLookup ?? new Uri("http://127.0.0.1:9")).ToString(),
        ["Services:Rostering"] = (rostering ?? new Uri("http://127.0.0.1:9")).ToString(),
        ["Twilio:AuthToken"] = TwilioAuthToken,
        ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
        ["OnCall:Fallback:0:Name"] = "Duty manager (fallback)",
        ["OnCall:Fallback:0:Phone"] = DutyManagerPhone,
        ["OnCall:Fallback:0:Role"] = "duty-manager",
        ["Safeguarding:Lead:Name"] = "Safeguarding lead",
        ["Safeguarding:Lead:Phone"] = "+447700900555",
        ["Safeguarding:Areas:Default:AdultSocialCare:Name"] = "Adult social care (default)",
        ["Safeguarding:Areas:Default:AdultSocialCare:Phone"] = "+443450455202",
        ["Safeguarding:Areas:Default:ChildrenAdvice:Name"] = "Children's advice and support (default)",
        ["Safeguarding:Areas:Default:ChildrenAdvice:Phone"] = "+443450455203",
    };
}
