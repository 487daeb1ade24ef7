using System.Net;
using Cers.Dispatch.CardLookup.Cards.Numbers;
using Cers.Dispatch.CardLookup.Carers;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.CardLookup.Cards.Printing;

public static class PrintCardSlice
{
    public const string EmergencyNumberSetting = "CardLookup:EmergencyNumber";

    /// <summary>An Ofcom drama-range freephone number: the real 24/7 number is configuration, not code.</summary>
    public const string PlaceholderEmergencyNumber = "0808 157 0000";

    /// <summary>
    /// The yellow card at business-card size (85.6 mm × 54 mm). It shows the 24/7 number, the card number and the carer's
    /// first name only: a card found in the street must not say who or where the carer is.
    /// </summary>
    public static string Html(string emergencyNumber, string cardNumber, string firstName) => $$"""
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <title>Carer's emergency card</title>
        <style>
          @page { size: 85.6mm 54mm; margin: 0; }
          html, body { margin: 0; padding: 0; }
          .card { box-sizing: border-box; width: 85.6mm; height: 54mm; padding: 4mm 5mm; background: #ffd600;
                  color: #000; font-family: Arial, Helvetica, sans-serif; display: flex; flex-direction: column;
                  justify-content: space-between; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          .title { font-size: 9pt; font-weight: bold; text-transform: uppercase; }
          .call { font-size: 7.5pt; }
          .phone { font-size: 17pt; font-weight: bold; letter-spacing: 0.5pt; }
          .number { font-size: 13pt; font-family: "Courier New", monospace; font-weight: bold; letter-spacing: 1pt; }
          .carer { font-size: 9pt; }
        </style>
        </head>
        <body>
        <div class="card">
          <div class="title">I am a carer. Someone depends on me.</div>
          <div class="call">If I cannot care, please call 24/7 and quote my card number:</div>
          <div class="phone">{{WebUtility.HtmlEncode(emergencyNumber)}}</div>
          <div class="number">{{WebUtility.HtmlEncode(CardNumber.Grouped(cardNumber))}}</div>
          <div class="carer">Carer: {{WebUtility.HtmlEncode(firstName)}}</div>
        </div>
        </body>
        </html>
        """;

    public static async Task<IResult> Handle(
        string cardNumber, IQuerySession session, PersonalDataVault vault, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var (digits, problem) = CardNumber.Parse(cardNumber);
        if (digits is null)
        {
            return CardStreams.NotValid(problem);
        }

        if (await session.LoadAsync<CardIndex>(digits, cancellationToken) is not { } index
            || await session.LoadAsync<Carer>(index.Card.CarerId, cancellationToken) is not { } carer)
        {
            return CardStreams.NoSuchCard(digits);
        }

        if (!index.Card.Works || await OpenedCarer.OpenAsync(carer, vault, session, cancellationToken) is not { } opened)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "This card does not work; print the carer's current card instead.",
                detail: $"Card {CardNumber.Grouped(digits)} is {index.Card.Status}.");
        }

        var number = configuration[EmergencyNumberSetting] ?? PlaceholderEmergencyNumber;
        return Results.Content(Html(number, digits, opened.Name.First), "text/html; charset=utf-8");
    }
}
