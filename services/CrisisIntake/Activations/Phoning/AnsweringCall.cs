namespace Cers.Dispatch.CrisisIntake.Activations.Phoning;

/// <summary>POST /twilio/voice/incoming: greet and ask for the card number.</summary>
public static class AnsweringCall
{
    public const string Greeting = "Carers emergency service. Key in the card number, then press hash.";

    public static IResult Handle() =>
        TwiML.Respond(
            TwiML.GatherCard(attempt: 1, Greeting),
            TwiML.Redirect("/twilio/voice/card?attempt=1"));
}
