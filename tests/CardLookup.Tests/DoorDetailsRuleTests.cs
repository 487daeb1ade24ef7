using Cers.Dispatch.CardLookup.Activations;
using Cers.Dispatch.CardLookup.Carers.DoorDetails;
using Cers.Dispatch.ServiceDefaults.Access;
using NodaTime;

namespace Cers.Dispatch.CardLookup.Tests;

public sealed class DoorDetailsRuleTests
{
    private static readonly Guid ActivationId = Guid.Parse("0194f3a0-0000-7000-8000-0000000000a1");
    private static readonly Guid Ben = Guid.Parse("0194f3a0-0000-7000-8000-0000000000b1");
    private static readonly Guid Cara = Guid.Parse("0194f3a0-0000-7000-8000-0000000000c1");
    private static readonly Instant T0 = Demo.Now;

    private static readonly DoorDetailsCaller Coordinator = new("coordinator-1", "Amir Khan", new HashSet<string> { CersRoles.Coordinator });

    private static DoorDetailsCaller Worker(Guid id) => new(id.ToString(), "Ben Ade", new HashSet<string> { CersRoles.CareWorker });

    private static CoverAccess OpenForAsha => CoverAccess.New(ActivationId).Opened(T0).Identified(Demo.CarerId);

    private static DoorDetailsDecision Decide(DoorDetailsCaller caller, CoverAccess? activation, Guid? activationId = null) =>
        DoorDetailsAccess.Decide(caller, Demo.CarerId, activationId ?? activation?.Id, activation, activation is { Open: true, CarerId: var c } && c == Demo.CarerId ? [activation] : []);

    [Fact]
    public void A_coordinator_handling_an_open_activation_for_the_carer_sees_them() =>
        Decide(Coordinator, OpenForAsha).Should().Be(new DoorDetailsDecision.Shown(ActivationId, CersRoles.Coordinator, $"handling open activation {ActivationId}"));

    [Fact]
    public void A_coordinator_without_naming_the_activation_is_shown_them_while_one_is_open() =>
        DoorDetailsAccess.Decide(Coordinator, Demo.CarerId, null, null, [OpenForAsha]).Should().BeOfType<DoorDetailsDecision.Shown>();

    [Fact]
    public void With_no_open_activation_a_coordinator_is_refused() =>
        DoorDetailsAccess.Decide(Coordinator, Demo.CarerId, null, null, []).Should().BeOfType<DoorDetailsDecision.Refused>()
            .Which.Why.Should().Contain("No activation for this carer is open");

    [Fact]
    public void Once_the_activation_is_closed_nobody_sees_them()
    {
        var closed = OpenForAsha.Accepted(Ben, T0).Closed(T0 + Duration.FromHours(30));

        Decide(Coordinator, closed).Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("closed");
        Decide(Worker(Ben), closed).Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("closed");
    }

    [Fact]
    public void An_activation_for_another_carer_does_not_open_this_carers_door() =>
        Decide(Coordinator, CoverAccess.New(ActivationId).Opened(T0).Identified(Guid.NewGuid()))
            .Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("another carer");

    [Fact]
    public void The_worker_who_accepted_sees_them_during_cover() =>
        Decide(Worker(Ben), OpenForAsha.Accepted(Ben, T0)).Should().Be(new DoorDetailsDecision.Shown(ActivationId, CersRoles.CareWorker, $"accepted activation {ActivationId}"));

    [Fact]
    public void Another_care_worker_is_refused() =>
        Decide(Worker(Cara), OpenForAsha.Accepted(Ben, T0)).Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("did not accept");

    [Fact]
    public void A_worker_who_has_left_is_refused_until_they_accept_again()
    {
        var left = OpenForAsha.Accepted(Ben, T0).Left(Ben, T0 + Duration.FromHours(8));

        Decide(Worker(Ben), left).Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("left");
        Decide(Worker(Ben), left.Accepted(Ben, T0 + Duration.FromHours(20))).Should().BeOfType<DoorDetailsDecision.Shown>();
    }

    [Fact]
    public void A_message_delivered_again_changes_nothing_to_store()
    {
        var left = OpenForAsha.Accepted(Ben, T0).Left(Ben, T0 + Duration.FromHours(8));

        left.Accepted(Ben, T0).SameAs(left).Should().BeTrue();
        left.Accepted(Ben, T0 + Duration.FromHours(20)).SameAs(left).Should().BeFalse();
        left.Closed(T0 + Duration.FromHours(9)).SameAs(left).Should().BeFalse();
    }

    [Fact]
    public void A_care_worker_must_name_the_activation() =>
        DoorDetailsAccess.Decide(Worker(Ben), Demo.CarerId, null, null, [OpenForAsha.Accepted(Ben, T0)])
            .Should().BeOfType<DoorDetailsDecision.Refused>().Which.Why.Should().Contain("activationId");

    [Fact]
    public void Messages_arriving_out_of_order_give_the_same_access()
    {
        var inOrder = CoverAccess.New(ActivationId).Opened(T0).Identified(Demo.CarerId).Accepted(Ben, T0 + Duration.FromMinutes(5)).Left(Ben, T0 + Duration.FromHours(8));
        var shuffled = CoverAccess.New(ActivationId).Left(Ben, T0 + Duration.FromHours(8)).Identified(Demo.CarerId).Accepted(Ben, T0 + Duration.FromMinutes(5)).Opened(T0);

        shuffled.Should().BeEquivalentTo(inOrder);
        shuffled.Worker(Ben)!.OnCover.Should().BeFalse();
    }
}
