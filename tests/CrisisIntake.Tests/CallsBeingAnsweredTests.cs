using Cers.Dispatch.CrisisIntake.Activations.Phoning;
using Microsoft.Extensions.Time.Testing;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>In a burst of calls the relay waits for the callers to be answered, never for long.</summary>
public sealed class CallsBeingAnsweredTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void With_no_more_calls_in_hand_than_a_steady_day_brings_the_relay_goes_on_at_once()
    {
        var calls = new CallsBeingAnswered(time);
        var answering = Enumerable.Range(0, CallsBeingAnswered.Busy).Select(_ => calls.Answer()).ToList();

        calls.BeforePageAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully.Should().BeTrue("the page goes without waiting at all");

        answering.ForEach(a => a.Dispose());
        calls.Answering.Should().Be(0);
    }

    [Fact]
    public async Task In_a_burst_the_relay_waits_until_the_calls_in_hand_are_answered()
    {
        var calls = new CallsBeingAnswered(time);
        var answering = Enumerable.Range(0, CallsBeingAnswered.Busy + 5).Select(_ => calls.Answer()).ToList();
        var page = calls.BeforePageAsync(CancellationToken.None).AsTask();

        await AdvanceAsync(page, TimeSpan.FromMilliseconds(300));
        page.IsCompleted.Should().BeFalse("callers are still being answered");

        answering.Skip(CallsBeingAnswered.Quiet + 1).ToList().ForEach(a => a.Dispose());
        await AdvanceAsync(page, TimeSpan.FromMilliseconds(300));
        page.IsCompleted.Should().BeFalse("the burst's last callers are answered before the page goes too");

        answering.Skip(CallsBeingAnswered.Quiet).ToList().ForEach(a => a.Dispose());
        await AdvanceAsync(page, TimeSpan.FromMilliseconds(300));
        page.IsCompletedSuccessfully.Should().BeTrue("the calls in hand are answered, a second not yet up");
    }

    [Fact]
    public async Task A_burst_that_goes_on_holds_each_page_for_a_second_at_most()
    {
        var calls = new CallsBeingAnswered(time);
        _ = Enumerable.Range(0, CallsBeingAnswered.Busy + 1).Select(_ => calls.Answer()).ToList();
        var page = calls.BeforePageAsync(CancellationToken.None).AsTask();

        await AdvanceAsync(page, CallsBeingAnswered.LongestHold - TimeSpan.FromMilliseconds(50));
        page.IsCompleted.Should().BeFalse();

        await AdvanceAsync(page, TimeSpan.FromMilliseconds(200));
        page.IsCompletedSuccessfully.Should().BeTrue("offers must not wait for a burst to end");
    }

    [Fact]
    public async Task A_burst_at_another_instance_holds_the_page_until_that_instance_says_it_is_over()
    {
        var calls = new CallsBeingAnswered(time);
        var elsewhere = Guid.NewGuid();
        calls.Heard(elsewhere, inBurstThere: true);
        var page = calls.BeforePageAsync(CancellationToken.None).AsTask();

        await AdvanceAsync(page, TimeSpan.FromMilliseconds(300));
        page.IsCompleted.Should().BeFalse("the other instance's callers are still being answered, though none are here");

        calls.Heard(elsewhere, inBurstThere: false);
        await AdvanceAsync(page, TimeSpan.FromMilliseconds(100));
        page.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public void Another_instance_that_stops_saying_it_is_in_a_burst_holds_nothing_once_its_word_has_lapsed()
    {
        var calls = new CallsBeingAnswered(time);
        calls.Heard(Guid.NewGuid(), inBurstThere: true);

        time.Advance(CallsBeingAnswered.BurstElsewhereLasts);

        calls.BurstElsewhere.Should().BeFalse("an instance that stopped mid-burst must not hold the relay for good");
        calls.BeforePageAsync(CancellationToken.None).AsTask().IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public void An_instance_does_not_take_its_own_word_for_another_instances()
    {
        var calls = new CallsBeingAnswered(time);

        calls.Heard(calls.Instance, inBurstThere: true);

        calls.BurstElsewhere.Should().BeFalse();
    }

    [Fact]
    public void The_instance_knows_its_burst_from_more_than_busy_calls_in_hand_until_it_is_quiet_again()
    {
        var calls = new CallsBeingAnswered(time);
        var answering = Enumerable.Range(0, CallsBeingAnswered.Busy).Select(_ => calls.Answer()).ToList();
        calls.InBurst.Should().BeFalse();
        calls.BurstBeganOrEnded.TryRead(out _).Should().BeFalse("nothing to tell the other instances yet");

        answering.Add(calls.Answer());
        calls.InBurst.Should().BeTrue();
        calls.BurstBeganOrEnded.TryRead(out _).Should().BeTrue("the other instances are told the burst began");

        answering.Skip(CallsBeingAnswered.Quiet + 1).ToList().ForEach(a => a.Dispose());
        calls.InBurst.Should().BeTrue("two calls are still in hand");
        calls.BurstBeganOrEnded.TryRead(out _).Should().BeFalse();

        answering[1].Dispose();
        calls.InBurst.Should().BeFalse();
        calls.BurstBeganOrEnded.TryRead(out _).Should().BeTrue("the other instances are told the burst is over");
    }

    [Fact]
    public void A_webhook_counted_once_is_let_go_once()
    {
        var calls = new CallsBeingAnswered(time);
        var answering = calls.Answer();

        answering.Dispose();
        answering.Dispose();

        calls.Answering.Should().Be(0);
    }

    /// <summary>Moves the clock on in the gate's own steps, giving each wait's continuation the moment it needs to look again.</summary>
    private async Task AdvanceAsync(Task page, TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by && !page.IsCompleted; moved += TimeSpan.FromMilliseconds(10))
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Delay(5);
        }
    }
}
