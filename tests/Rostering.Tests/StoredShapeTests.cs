using System.Text.Json;
using Cers.Dispatch.Rostering.Dispatches;
using Cers.Dispatch.ServiceDefaults;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class StoredShapeTests
{
    [Fact]
    public void A_dispatch_round_trips_through_the_stored_JSON_with_every_field()
    {
        var options = NodaTimeJson.Configure(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var at = Instant.FromUtc(2026, 11, 25, 9, 30, 15);
        var dispatch = StaffDispatch.Create(new DispatchRequested(Guid.NewGuid(), Guid.NewGuid(), "PhoneLine", "492177305518", "AdmittedToHospital", at, at));

        var json = JsonSerializer.Serialize(dispatch, options);
        var back = JsonSerializer.Deserialize<StaffDispatch>(json, options)!;

        json.Should().Contain("\"activationOpenedAt\":\"2026-11-25T09:30:15Z\"");
        back.CardNumber.Should().Be("492177305518");
        back.ActivationOpenedAt.Should().Be(at);
        back.Offers.Should().BeEmpty();
    }
}
