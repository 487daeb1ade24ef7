using Cers.Dispatch.CrisisIntake.Activations.Phoning;

namespace Cers.Dispatch.CrisisIntake.Tests;

/// <summary>In a burst of calls the relay waits for the callers to be answered, never for long.</summary>
public sealed class CallsBeingAnsweredTests
{
    [Fact]
    public async Task With_no_more_calls_in_hand_than_a_steady_day_brings_the_relay_goes_on_at_once()
    {
        var calls = new CallsBeingAnswered(TimeProvider.System);
        var answering = Enumerable.Range(0, CallsBeingAnswered.Busy).Select(_ => calls.Answer()).ToList();

        await calls.BeforePageAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        calls.Answering.Should().Be(CallsBeingAnswered.Busy);
        answering.ForEach(a => a.Dispose());
        calls.Answering.Should().Be(0);
    }

    [Fact]
    public async Task In_a_burst_the_relay_waits_until_the_calls_in_hand_are_answered()
    {
        var calls = new CallsBeingAnswered(TimeProvider.System);
        var answering = Enumerable.Range(0, CallsBeingAnswered.Busy + 5).Select(_ => calls.Answer()).ToList();

        var page = calls.BeforePageAsync(CancellationToken.None).AsTask();
        await Task.Delay(100);
        page.IsCompleted.Should().BeFalse("callers are still being answered");

        answering.Skip(2).ToList().ForEach(a => a.Dispose());
        await Task.Delay(100);
        page.IsCompleted.Should().BeFalse("the burst's last callers are answered before the page goes too");

        answering.ForEach(a => a.Dispose());
        await page.WaitAsync(TimeSpan.FromSeconds(5));
        page.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public async Task A_burst_that_goes_on_holds_each_page_for_a_second_at_most()
    {
        var calls = new CallsBeingAnswered(TimeProvider.System);
        _ = Enumerable.Range(0, CallsBeingAnswered.Busy + 1).Select(_ => calls.Answer()).ToList();

        var page = calls.BeforePageAsync(CancellationToken.None).AsTask();

        await page.WaitAsync(CallsBeingAnswered.LongestHold + TimeSpan.FromSeconds(4));
        page.IsCompletedSuccessfully.Should().BeTrue("offers must not wait for a burst to end");
    }

    [Fact]
    public void A_webhook_counted_once_is_let_go_once()
    {
        var calls = new CallsBeingAnswered(TimeProvider.System);
        var answering = calls.Answer();

        answering.Dispose();
        answering.Dispose();

        calls.Answering.Should().Be(0);
    }
}
