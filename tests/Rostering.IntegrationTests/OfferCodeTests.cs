using Cers.Dispatch.Rostering.Dispatches.Offering;
using NodaTime;

namespace Cers.Dispatch.Rostering.IntegrationTests;

/// <summary>An offer's code is four characters of 23: once every one has been given, those of long-past offers are given again.</summary>
public sealed class OfferCodeTests
{
    [Fact]
    public async Task With_every_code_given_to_offers_of_two_months_ago_a_new_offer_gets_one_of_them_and_the_workers_YES_reaches_it()
    {
        await RosteringFixture.OnItsOwnAsync(async fixture =>
        {
            var cover = new CoverScenario(fixture);
            var longAgo = cover.Now - Duration.FromDays(60);
            var everyCode =
                from a in OfferCodes.Alphabet from b in OfferCodes.Alphabet from c in OfferCodes.Alphabet from d in OfferCodes.Alphabet
                select new OfferCode(string.Concat(a, b, c, d), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), longAgo);
            await fixture.Store.BulkInsertAsync(everyCode.ToList());

            var worker = await cover.ShiftWorkerAsync("Cora Code", 53.80, -1.55, Duration.FromHours(-1), Duration.FromHours(12));
            var activation = await cover.ActivationAsync(53.80, -1.55, "LS1 Leeds");
            await cover.AcceptAsync(activation, worker);

            var offer = (await cover.Dispatch(activation, d => d.Offers.Count > 0)).Offers.Single();
            await using var session = fixture.Store.QuerySession();
            var code = await session.LoadAsync<OfferCode>(offer.Code);
            code!.OfferId.Should().Be(offer.OfferId, "the code given again now answers for the new offer");
            code.MadeAt.Should().Be(offer.MadeAt);
        });
    }
}
