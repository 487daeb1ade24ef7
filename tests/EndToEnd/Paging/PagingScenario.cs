using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Cers.Dispatch.Rostering.Alarms;
using Cers.Dispatch.ServiceDefaults.Access;
using Cers.Dispatch.ServiceDefaults.DurableWork;
using Cers.Dispatch.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Cers.Dispatch.EndToEnd.Paging;

/// <summary>An activation as people meet it (the card phoned in, a worker's YES and ARRIVED), and the pages that follow.</summary>
public sealed partial class PagingScenario(PagingFixture fixture)
{
    private WholeSystemFixture System => fixture.System;

    public Instant Now => System.Clock.GetCurrentInstant();

    /// <summary>A carer's card phoned in; a worker of this test's own, based at the carer's home, accepts and (unless told not to) arrives.</summary>
    public async Task<(Guid ActivationId, (Guid Id, string Phone) Worker)> ActivationAsync(bool arrive = true)
    {
        var cardNumber = (await Seed.CarerWithCardInCambridge(System.CardLookup.CreateClient())).CardNumber;
        var worker = await Seed.CareWorkerOnCallAsync(System.Rostering.CreateClient(), $"Worker {Guid.NewGuid().ToString("N")[..6]}", 52.2000, 0.1370);
        var callSid = TwilioCaller.NewCallSid();
        await new TwilioCaller(System.Intake.CreateClient()).TwiMLAsync("/twilio/voice/card?attempt=1", TwilioCaller.Call(callSid, digits: cardNumber));
        var activationId = PhoneCallIds.ActivationIdFor(callSid);
        var offer = await OfferAsync(activationId, worker.Phone);
        (await TextAsync(worker.Phone, $"YES {OfferCode().Match(offer.Body).Groups[1].Value}")).Should().Contain("is yours");
        if (arrive)
        {
            (await TextAsync(worker.Phone, "ARRIVED")).Should().Contain("cover has started");
        }

        return (activationId, worker);
    }

    /// <summary>The offer SMS to the worker; when it never comes, the failure says what rostering made of the activation.</summary>
    private async Task<SentSms> OfferAsync(Guid activationId, string phone)
    {
        try
        {
            return await SmsAsync(m => m.To == phone && m.Body.Contains("Reply YES", StringComparison.Ordinal), $"the offer to the test's worker {phone}");
        }
        catch (TimeoutException waited)
        {
            var rostering = System.Rostering.CreateClientAs(CersRoles.Coordinator);
            async Task<string> Read(string path)
            {
                using var answer = await rostering.GetAsync(path);
                return $"GET {path}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}";
            }

            var sent = string.Join("; ", System.Twilio.Messages.TakeLast(10).Select(m => $"{m.To}: {m.Body}"));
            throw new TimeoutException(string.Join(Environment.NewLine,
                waited.Message, await Read($"/dispatches/{activationId}/events"), await Read($"/dispatches/{activationId}/candidates"), $"last SMS sent: {sent}"), waited);
        }
    }

    public async Task<SentSms> SmsAsync(Func<SentSms, bool> matching, string what) =>
        await Eventually.GetAsync(() => Task.FromResult(System.Twilio.Messages.FirstOrDefault(matching)), within: TimeSpan.FromSeconds(60), what: what);

    /// <summary>The first page of the kind about the activation: the SMS to <paramref name="to"/>, with the alarm it is for.</summary>
    public async Task<(Alarm Alarm, SentSms Sms)> PageAsync(Guid? activationId, string kind, OnCallPerson to)
    {
        var alarm = await AlarmAsync(a => a.ActivationId == activationId && a.Kind == kind, $"a {kind} alarm");
        var sms = await SmsAsync(m => m.To == to.Phone && m.Body.StartsWith($"CERS ALARM {alarm.Code}:", StringComparison.Ordinal), $"the {kind} page to {to.Name}");
        return (alarm, sms);
    }

    public async Task<Alarm> AlarmAsync(Func<Alarm, bool> matching, string what) =>
        await Eventually.GetAsync(async () =>
        {
            var alarms = await System.Rostering.CreateClientAs(CersRoles.Coordinator).GetFromJsonAsync<List<Alarm>>("/alarms", Json);
            return alarms!.FirstOrDefault(matching);
        }, within: TimeSpan.FromSeconds(60), what: what);

    public List<SentSms> PagesBySms(Alarm alarm, OnCallPerson to) =>
        System.Twilio.Messages.Where(m => m.To == to.Phone && m.Body.StartsWith($"CERS ALARM {alarm.Code}:", StringComparison.Ordinal)).ToList();

    public List<PlacedCall> PagesByCall(Alarm alarm, OnCallPerson to) =>
        System.Twilio.Calls.Where(c => c.To == to.Phone && c.Twiml.Contains(alarm.Id.ToString(), StringComparison.Ordinal)).ToList();

    /// <summary>Waits until the paging work owed for the alarm so far is done: every step due by the clock taken, every message sent.</summary>
    public async Task PagingSettledAsync(Alarm alarm)
    {
        var queue = System.Rostering.Services.GetRequiredService<WorkQueue>();
        await Eventually.GetAsync(async () =>
        {
            var owed = await queue.ForStreamAsync(alarm.Id, CancellationToken.None);
            return owed.Any(w => w.DoneAt is null && w.Item.DueAt <= Now) ? null : "settled";
        }, within: TimeSpan.FromSeconds(60), what: $"alarm {alarm.Code}'s paging to settle");
    }

    public Task<string?> TextAsync(string from, string body) => System.TextRosteringAsync(from, body);

    public async Task<IReadOnlyList<string>> TimelineAsync(Guid activationId)
    {
        var timeline = await System.Intake.CreateClient().GetFromJsonAsync<JsonElement>($"/activations/{activationId}/timeline");
        return timeline.EnumerateArray().Select(e => e.GetProperty("summary").GetString()!).ToList();
    }

    public async Task<IReadOnlyList<string>> TimelineShowingAsync(Guid activationId, string fragment) =>
        await Eventually.GetAsync(async () => await TimelineAsync(activationId) is var steps && steps.Any(s => s.Contains(fragment, StringComparison.Ordinal)) ? steps : null,
            within: TimeSpan.FromSeconds(60), what: $"\"{fragment}\" on the timeline");

    /// <summary>Closes the activation (standing down its alarms) and takes the test's worker off the rota, so later tests start clean.</summary>
    public async Task DoneAsync(Guid activationId, Guid workerId)
    {
        using var closed = await System.Intake.CreateClient().PostAsJsonAsync($"/activations/{activationId}/close", new { outcome = "CarerAbleToCareAgain", closedBy = "Coordinator C. Test" });
        closed.EnsureSuccessStatusCode();
        using var off = await System.Rostering.CreateClient().PostAsJsonAsync($"/staff/{workerId}/deactivate", new { reason = "test finished" });
        off.EnsureSuccessStatusCode();
    }

    public static readonly JsonSerializerOptions Json = Cers.Dispatch.ServiceDefaults.NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    });

    [GeneratedRegex(@"YES ([A-Z0-9]{3,8})")]
    private static partial Regex OfferCode();
}
