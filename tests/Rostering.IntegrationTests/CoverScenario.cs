using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.Testing;
using Marten;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>
/// Builds a cover as it happens: workers on rotas, a carer's plan, an activation, the SMS back and forth. Shift windows
/// are set around the fixture's clock, so a test works whatever earlier tests did to the shared clock.
/// </summary>
public sealed partial class CoverScenario(RosteringFixture fixture)
{
    private static readonly LocalTimePattern Time = LocalTimePattern.CreateWithInvariantCulture("HH':'mm':'ss");
    private static readonly LocalDateTimePattern WallTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public HttpClient Client => fixture.Rostering.CreateClient();

    public TwilioWebhook Webhook => new(Client);

    public Instant Now => fixture.Clock.GetCurrentInstant();

    /// <summary>A care worker on a daily shift: on from <paramref name="from"/> to <paramref name="to"/> after now (Europe/London wall times).</summary>
    public async Task<(Guid Id, string Phone)> ShiftWorkerAsync(string name, double lat, double lon, Duration from, Duration to)
    {
        var worker = await Register.StaffAsync(Client, name, "care-worker", lat, lon, ["personal-care", "medication-administration"]);
        var zone = Rotas.Resolution.RotaResolution.London;
        LocalTime Minute(Instant at) => at.InZone(zone).TimeOfDay is var t ? new LocalTime(t.Hour, t.Minute) : default;
        var start = Minute(Now + from);
        var end = Minute(Now + to);
        using var response = await Client.PostAsJsonAsync("/rotations", new
        {
            name = $"{name} shift",
            role = "care-worker",
            kind = "shift",
            participants = new[] { worker.Id },
            startsAt = WallTime.Format(Now.InZone(zone).Date.PlusDays(-3) + start),
            turnDays = 1,
            windowFrom = Time.Format(start),
            windowTo = Time.Format(end),
            priority = 10,
            createdBy = "Duty manager D. Shaw",
        });
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return worker;
    }

    /// <summary>A carer's plan at (<paramref name="lat"/>, <paramref name="lon"/>) and an activation for them, card verified.</summary>
    public async Task<Guid> ActivationAsync(double lat, double lon, string area)
    {
        var carerId = await PlanAsync(lat, lon, area);
        var activationId = Guid.NewGuid();
        await fixture.Bus.Publish(new Contracts.CrisisIntake.ActivationOpened(
            activationId, "PhoneLine", "492177305518", "AdmittedToHospital", "Ambulance", "Paramedic J. Okafor", null, Now,
            new Contracts.CrisisIntake.ActivationCardVerified(activationId, "492177305518", carerId, "Active", true, "england-and-wales", area, Now)));
        return activationId;
    }

    /// <summary>A carer's plan at (<paramref name="lat"/>, <paramref name="lon"/>), once rostering has heard it; returns the carer's id.</summary>
    public async Task<Guid> PlanAsync(double lat, double lon, string area)
    {
        var carerId = Guid.NewGuid();
        await fixture.Bus.Publish(new Contracts.CardLookup.EmergencyPlanChanged(carerId, 1, ["personal-care", "medication-administration"], "england-and-wales", area, lat, lon, Now));
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            return await session.LoadAsync<Matching.CarerNeeds>(carerId);
        }, what: "the carer's plan");
        return carerId;
    }

    /// <summary>The worker is offered the activation, says YES and gets their plan link; returns the link's token.</summary>
    public async Task<string> AcceptAsync(Guid activationId, (Guid Id, string Phone) worker)
    {
        var offer = await SmsTo(worker.Phone, m => m.Body.Contains("Reply YES", StringComparison.Ordinal) && !Accepted.Contains(m.Sid));
        Accepted.Add(offer.Sid);
        (await Webhook.TextAsync(worker.Phone, $"YES {CodeIn(offer)}")).Should().Contain("is yours");
        await Dispatch(activationId, d => d.Offers.Any(o => o.WorkerId == worker.Id && o.Status == OfferStatus.Accepted));
        var link = await SmsTo(worker.Phone, m => m.Body.Contains("/plan/", StringComparison.Ordinal) && !Accepted.Contains(m.Sid));
        Accepted.Add(link.Sid);
        return PlanToken().Match(link.Body).Groups[1].Value;
    }

    private HashSet<string> Accepted { get; } = [];

    public async Task<SentSms> SmsTo(string phone, Func<SentSms, bool>? matching = null)
    {
        try
        {
            return await Eventually.GetAsync(
                () => Task.FromResult(fixture.Twilio.Messages.FirstOrDefault(m => m.To == phone && (matching?.Invoke(m) ?? true))),
                what: $"an SMS to {phone}");
        }
        catch (TimeoutException e)
        {
            await using var session = fixture.Store.QuerySession();
            var events = await session.Events.QueryAllRawEvents().OrderByDescending(x => x.Sequence).Take(15).ToListAsync();
            throw new TimeoutException(
                $"{e.Message} Sent: {string.Join(" | ", fixture.Twilio.Messages.Select(m => m.To + ": " + m.Body))}. Latest events: " +
                string.Join(" | ", events.Select(x => $"{x.EventTypeName} {System.Text.Json.JsonSerializer.Serialize(x.Data)}")), e);
        }
    }

    public static string CodeIn(SentSms sms) => sms.Body.Split("Reply YES ")[1].Split(' ')[0];

    public async Task<StaffDispatch> Dispatch(Guid activationId, Func<StaffDispatch, bool> until) =>
        await Eventually.GetAsync(async () =>
        {
            await using var session = fixture.Store.QuerySession();
            var d = await session.LoadAsync<StaffDispatch>(activationId);
            return d is not null && until(d) ? d : null;
        }, what: $"dispatch {activationId} in the expected state");

    public async Task<T> Published<T>(Func<T, bool> matching, string what)
        where T : class =>
        await Eventually.GetAsync(() => Task.FromResult(fixture.Published.OfType<T>().FirstOrDefault(matching)), what: what);

    [GeneratedRegex(@"/plan/([A-Za-z0-9_-]{43})(?:\s|$)")]
    public static partial Regex PlanToken();
}
