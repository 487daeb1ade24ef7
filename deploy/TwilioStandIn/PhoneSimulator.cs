using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using static System.Net.WebUtility;

namespace Cers.Dispatch.TwilioStandIn;

/// <summary>
/// GET /phones: the demo's phones in a browser. The emergency services phone dials the service's number; each number the
/// service has texted or called gets a phone showing what it received, with the replies a care worker, coordinator or duty
/// manager would send. Every action reaches the services as Twilio's signed webhooks (<see cref="PlayingACall"/>,
/// <see cref="StaffPhones"/>), so nothing in the services knows it is a demo.
/// </summary>
public static partial class PhoneSimulator
{
    public const string DefaultCaller = "+447700900321";

    public static WebApplication MapPhoneSimulator(this WebApplication app)
    {
        app.MapGet("/phones", (Switchboard switchboard, IOptions<StandInOptions> options) => Results.Content(Page(switchboard, options.Value), "text/html; charset=utf-8"));
        app.MapGet("/phones/version", (Switchboard switchboard) => switchboard.Version.ToString(CultureInfo.InvariantCulture));
        app.MapPost("/phones/emergency/dial", async (HttpRequest request, PlayingACall calls) =>
        {
            var form = await request.ReadFormAsync();
            await calls.DialAsync(string.IsNullOrWhiteSpace(form["from"]) ? DefaultCaller : form["from"].ToString().Trim());
            return Back("emergency");
        });
        app.MapPost("/phones/emergency/{sid}/keys", async (string sid, HttpRequest request, PlayingACall calls) =>
        {
            var form = await request.ReadFormAsync();
            var called = await calls.KeyAsync(sid, form.ContainsKey("silence") ? "" : form["keys"].ToString());
            return called is null ? NotWaiting() : Back("emergency");
        });
        app.MapPost("/phones/emergency/{sid}/dialled", async (string sid, HttpRequest request, PlayingACall calls) =>
        {
            var form = await request.ReadFormAsync();
            var called = await calls.DialledLegEndedAsync(sid, form["outcome"] == "answered");
            return called is null ? NotWaiting() : Back("emergency");
        });
        app.MapPost("/phones/emergency/{sid}/hang-up", (string sid, PlayingACall calls) => calls.HangUp(sid) is null ? NotWaiting() : Back("emergency"));
        app.MapPost("/phones/text", async (HttpRequest request, StaffPhones phones) =>
        {
            var form = await request.ReadFormAsync();
            var phone = form["phone"].ToString();
            var body = form["command"] == "HANDOVER" ? $"HANDOVER {form["notes"].ToString().Trim()}" : form["body"].ToString().Trim();
            if (string.IsNullOrWhiteSpace(phone) || string.IsNullOrWhiteSpace(body))
            {
                return Results.Problem(statusCode: 400, title: "A phone and a message are required.");
            }

            await phones.TextAsync(phone, body);
            return Back(Anchor(phone));
        });
        app.MapPost("/phones/press", async (HttpRequest request, StaffPhones phones) =>
        {
            var form = await request.ReadFormAsync();
            var pressed = long.TryParse(form["call"], CultureInfo.InvariantCulture, out var call) ? await phones.PressAsync(call, form["digits"].ToString()) : null;
            return pressed is null ? Results.Problem(statusCode: 400, title: "That call asked for no key.") : Back(Anchor(pressed.Phone));
        });
        return app;
    }

    private static IResult Back(string anchor) => Results.Redirect($"/phones#{anchor}");

    private static IResult NotWaiting() => Results.Problem(statusCode: 409, title: "The call is not waiting for that any more.");

    private static string Anchor(string phone) => "phone-" + new string(phone.Where(char.IsAsciiDigit).ToArray());

    private static string Page(Switchboard switchboard, StandInOptions settings)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html>
            <html lang="en-GB">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Phone simulator · Cers.Dispatch demo</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 70rem; padding: 1rem; color: #1b1b1b; }
            .phones { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; }
            .phone, #emergency { border: 2px solid #444; border-radius: 1rem; padding: 0.75rem 1rem; background: #fafafa; }
            #emergency { max-width: 34rem; margin-bottom: 1.5rem; }
            ol { list-style: none; padding: 0; }
            li { margin: 0.4rem 0; padding: 0.4rem 0.6rem; border-radius: 0.6rem; overflow-wrap: anywhere; }
            .from-service { background: #e3ecf7; margin-right: 2rem; }
            .from-phone { background: #dff3e0; margin-left: 2rem; }
            .went { background: #fff4d6; }
            .who { display: block; font-size: 0.8rem; font-weight: 600; color: #444; }
            form { margin: 0.5rem 0; }
            label { display: block; font-weight: 600; margin-top: 0.3rem; }
            input, textarea { width: 100%; box-sizing: border-box; font: inherit; }
            button { font: inherit; margin: 0.2rem 0.2rem 0 0; padding: 0.3rem 0.7rem; }
            </style>
            </head>
            <body data-version="{{switchboard.Version}}">
            <header>
            <h1>Phone simulator</h1>
            <p>The demo's phones. Whatever you do here reaches the services as Twilio would send it: signed webhooks from the
            service's number {{HtmlEncode(settings.ServiceNumber)}}. The page refreshes itself when something new arrives.</p>
            </header>
            <main>
            """);
        EmergencyPhone(html, switchboard, settings);
        html.Append("""<section aria-labelledby="staff-phones"><h2 id="staff-phones">Staff phones</h2>""");
        var phones = switchboard.Phones();
        if (phones.Count == 0)
        {
            html.Append("<p>No texts or calls yet. Phone a card in above: the care workers offered the cover get a phone here.</p>");
        }

        html.Append("""<div class="phones">""");
        foreach (var (phone, entries) in phones)
        {
            StaffPhone(html, phone, entries);
        }

        html.Append("""
            </div></section>
            </main>
            <script>
            (() => {
              const shown = document.body.dataset.version;
              let leaving = false;
              document.addEventListener('submit', () => { leaving = true; });
              setInterval(async () => {
                const typing = document.activeElement && ['INPUT', 'TEXTAREA'].includes(document.activeElement.tagName) && document.activeElement.value;
                if (typing || leaving) return;
                const response = await fetch('/phones/version', { cache: 'no-store' });
                if (response.ok && (await response.text()) !== shown && !leaving) location.reload();
              }, 2000);
            })();
            </script>
            </body>
            </html>
            """);
        return html.ToString();
    }

    private static void EmergencyPhone(StringBuilder html, Switchboard switchboard, StandInOptions settings)
    {
        var calls = switchboard.Calls();
        var latest = calls.Count > 0 ? calls[0] : null;
        html.Append(CultureInfo.InvariantCulture, $"""
            <section id="emergency" aria-labelledby="emergency-title">
            <h2 id="emergency-title">Emergency services phone</h2>
            <p>Paramedics, police or a hospital ringing the 24/7 number on a carer's card.</p>
            """);
        if (latest is { } call)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<h3>{(call.InProgress ? "On the call" : "Last call")} from {HtmlEncode(call.From)}</h3>""");
            CallLines(html, call);
            switch (call.Waiting)
            {
                case CallWaiting.ForKeys:
                    html.Append(CultureInfo.InvariantCulture, $"""
                        <form method="post" action="/phones/emergency/{UrlEncode(call.Sid)}/keys">
                        <label for="keys">Keys to press (the card number, then #)</label>
                        <input id="keys" name="keys" inputmode="tel" autocomplete="off">
                        <button type="submit">Send keys</button>
                        <button type="submit" name="silence" value="1">Stay silent</button>
                        </form>
                        """);
                    break;
                case CallWaiting.ForAnswer dial:
                    html.Append(CultureInfo.InvariantCulture, $"""
                        <form method="post" action="/phones/emergency/{UrlEncode(call.Sid)}/dialled">
                        <button type="submit" name="outcome" value="answered">{HtmlEncode(dial.Number)} answers</button>
                        <button type="submit" name="outcome" value="no-answer">Nobody answers</button>
                        </form>
                        """);
                    break;
            }

            if (call.InProgress)
            {
                html.Append(CultureInfo.InvariantCulture, $"""<form method="post" action="/phones/emergency/{UrlEncode(call.Sid)}/hang-up"><button type="submit">Hang up</button></form>""");
            }
        }

        if (latest is not { InProgress: true })
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <form method="post" action="/phones/emergency/dial">
                <label for="caller">Calling from</label>
                <input id="caller" name="from" value="{DefaultCaller}" inputmode="tel">
                <button type="submit">Dial {HtmlEncode(settings.ServiceNumber)}</button>
                </form>
                """);
        }

        if (calls.Count > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<details><summary>Earlier calls ({calls.Count - 1})</summary>");
            foreach (var earlier in calls.Skip(1))
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>From {HtmlEncode(earlier.From)}</h3>");
                CallLines(html, earlier);
            }

            html.Append("</details>");
        }

        html.Append("</section>");
    }

    private static void CallLines(StringBuilder html, EmergencyCall call)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<ol class="call" data-call="{HtmlEncode(call.Sid)}">""");
        foreach (var line in call.Lines)
        {
            var (css, who) = line.Kind switch
            {
                CallLineKind.ServiceSaid => ("from-service", "The service says"),
                CallLineKind.CallerDid => ("from-phone", "You"),
                _ => ("went", "The call"),
            };
            html.Append(CultureInfo.InvariantCulture, $"""<li class="{css}"><span class="who">{who}</span>{HtmlEncode(line.Text)}</li>""");
        }

        html.Append("</ol>");
    }

    private static void StaffPhone(StringBuilder html, string phone, IReadOnlyList<PhoneEntry> entries)
    {
        var id = Anchor(phone);
        html.Append(CultureInfo.InvariantCulture, $"""
            <article class="phone" id="{id}" data-phone="{HtmlEncode(phone)}" aria-labelledby="{id}-title">
            <h3 id="{id}-title">Phone {HtmlEncode(phone)}</h3>
            <ol class="thread">
            """);
        var pressed = entries.Where(e => e.Kind == PhoneEntryKind.KeyPressed).Select(e => e.CallSid).ToHashSet();
        foreach (var entry in entries)
        {
            switch (entry.Kind)
            {
                case PhoneEntryKind.SmsReceived:
                    Bubble(html, "from-service", "Text from the service", entry.Text);
                    break;
                case PhoneEntryKind.SmsSent:
                    Bubble(html, "from-phone", "You texted", entry.Text);
                    Bubble(html, "from-service reply", "The service answered", entry.Answer ?? "");
                    break;
                case PhoneEntryKind.CallReceived:
                    html.Append(CultureInfo.InvariantCulture, $"""<li class="from-service call"><span class="who">Call from the service</span>{HtmlEncode(entry.Text)}""");
                    if (entry.KeypressAction is not null && !pressed.Contains(entry.CallSid))
                    {
                        html.Append(CultureInfo.InvariantCulture, $"""
                            <form method="post" action="/phones/press"><input type="hidden" name="call" value="{entry.Number}">
                            <button type="submit" name="digits" value="1">Press 1 to acknowledge</button></form>
                            """);
                    }

                    html.Append("</li>");
                    break;
                case PhoneEntryKind.KeyPressed:
                    Bubble(html, "from-phone", "You pressed", entry.Text);
                    Bubble(html, "from-service reply", "The call said", entry.Answer ?? "");
                    break;
            }
        }

        html.Append("</ol>");
        var hidden = $"""<input type="hidden" name="phone" value="{HtmlEncode(phone)}">""";
        html.Append(CultureInfo.InvariantCulture, $"""<form method="post" action="/phones/text" aria-label="Quick replies from {HtmlEncode(phone)}">{hidden}""");
        var replies = new List<string>();
        if (StaffPhones.NewestOfferCode(entries) is { } offer)
        {
            replies.AddRange([$"YES {offer}", $"NO {offer}"]);
        }

        if (StaffPhones.NewestAlarmCode(entries) is { } alarm)
        {
            replies.Add($"ACK {alarm}");
        }

        foreach (var reply in replies.Concat(["ARRIVED", "LEFT"]))
        {
            html.Append(CultureInfo.InvariantCulture, $"""<button type="submit" name="body" value="{HtmlEncode(reply)}">{HtmlEncode(reply)}</button>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </form>
            <form method="post" action="/phones/text">{hidden}
            <label for="{id}-handover">Handover notes</label>
            <textarea id="{id}-handover" name="notes" rows="2"></textarea>
            <button type="submit" name="command" value="HANDOVER">Send HANDOVER</button>
            </form>
            <form method="post" action="/phones/text">{hidden}
            <label for="{id}-text">Text message</label>
            <input id="{id}-text" name="body" autocomplete="off">
            <button type="submit">Send text</button>
            </form>
            </article>
            """);
    }

    private static void Bubble(StringBuilder html, string css, string who, string text) =>
        html.Append(CultureInfo.InvariantCulture, $"""<li class="{css}"><span class="who">{who}</span>{WithLinks(text)}</li>""");

    /// <summary>The text, encoded, with its web addresses as links: a worker opens the plan link from the SMS.</summary>
    private static string WithLinks(string text) =>
        string.Concat(WebAddress().Split(text).Select(part => WebAddress().IsMatch(part) ? $"""<a href="{HtmlEncode(part)}">{HtmlEncode(part)}</a>""" : HtmlEncode(part)));

    [GeneratedRegex(@"(https?://[^\s]+)", RegexOptions.CultureInvariant, 100)]
    private static partial Regex WebAddress();
}
