using Cers.Dispatch.Console.SigningIn;
using NodaTime;

namespace Cers.Dispatch.Console.Tests;

/// <summary>Wrong passwords slow the next attempt, doubling up to a cap, and are forgotten: nobody is locked out.</summary>
public sealed class SignInThrottleTests
{
    private static readonly Instant Now = Instant.FromUtc(2026, 12, 4, 9, 0);
    private static readonly Duration Cap = Duration.FromSeconds(30);
    private static readonly Duration Forget = Duration.FromMinutes(15);

    private static SignInThrottle After(int failures) => new("account:asha", failures, Now);

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void A_few_wrong_passwords_cost_nothing(int failures) =>
        After(failures).WaitsUntil(5, Cap, Forget, Now).Should().BeNull();

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(8, 8)]
    [InlineData(9, 16)]
    [InlineData(10, 30)]
    [InlineData(40, 30)]
    public void Each_further_wrong_password_doubles_the_wait_up_to_the_cap(int failures, int seconds) =>
        After(failures).WaitsUntil(5, Cap, Forget, Now).Should().Be(Now + Duration.FromSeconds(seconds));

    [Fact]
    public void Once_the_wait_has_passed_the_next_attempt_is_checked() =>
        After(8).WaitsUntil(5, Cap, Forget, Now + Duration.FromSeconds(8)).Should().BeNull();

    [Fact]
    public void Failures_long_enough_ago_are_forgotten_and_counting_starts_again()
    {
        var later = Now + Forget + Duration.FromSeconds(1);

        After(40).WaitsUntil(5, Cap, Forget, later).Should().BeNull();
        SignInThrottle.Failed(After(40), "account:asha", new SignInThrottling(5, 20, Cap, Cap, Forget), later)
            .Should().Be(new SignInThrottle("account:asha", 1, later));
    }

    [Fact]
    public void A_failure_within_the_window_adds_to_the_count() =>
        SignInThrottle.Failed(After(3), "account:asha", new SignInThrottling(5, 20, Cap, Cap, Forget), Now + Duration.FromMinutes(1))
            .Should().Be(new SignInThrottle("account:asha", 4, Now + Duration.FromMinutes(1)));
}
