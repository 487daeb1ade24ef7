using Cers.Dispatch.Rostering.Alerts;
using Cers.Dispatch.Rostering.Alerts.Checking;
using Cers.Dispatch.Rostering.Alerts.Finding;
using NodaTime;

namespace Cers.Dispatch.Rostering.Tests;

public sealed class AlertDeciderTests
{
    private static readonly Instant Morning = Instant.FromUtc(2026, 11, 26, 7, 0);
    private static readonly Duration Day = Duration.FromHours(24);
    private static readonly AlertRecipient DutyManager = new("Dee Manager", "+447700900777", "duty-manager");
    private static readonly AlertFinding Gap = new(AlertKinds.RotaGap, "rota-gap/r1/2026-12-01T20:00:00Z", "Rota gap: nobody on call ...", GapFrom: Instant.FromUtc(2026, 12, 1, 20, 0));

    private static AlertCheckDecision Check(Instant at, IReadOnlyDictionary<Guid, Alert> known, IReadOnlyList<AlertRecipient>? to = null, params AlertFinding[] findings) =>
        AlertDecider.Decide(findings, known, _ => "the gap is filled", to ?? [DutyManager], Day, at);

    private static Dictionary<Guid, Alert> Fold(IReadOnlyDictionary<Guid, Alert> known, AlertCheckDecision decision)
    {
        var next = new Dictionary<Guid, Alert>(known);
        foreach (var change in decision.Changes)
        {
            foreach (var e in change.Events)
            {
                next[change.AlertId] = e switch
                {
                    AlertRaised r when next.TryGetValue(change.AlertId, out var was) => was.Apply(r),
                    AlertRaised r => Alert.Create(r),
                    AlertNotified n => next[change.AlertId].Apply(n),
                    AlertNotificationFailed f => next[change.AlertId].Apply(f),
                    AlertResolved r => next[change.AlertId].Apply(r),
                    _ => next[change.AlertId],
                };
            }
        }

        return next;
    }

    [Fact]
    public void A_new_gap_is_raised_and_texted_once_and_not_again_the_same_day()
    {
        var first = Check(Morning, new Dictionary<Guid, Alert>(), null, Gap);
        first.Changes.Single().Events.Select(e => e.GetType()).Should().Equal(typeof(AlertRaised), typeof(AlertNotified));
        first.ToText.Should().Equal(Gap);
        var known = Fold(new Dictionary<Guid, Alert>(), first);

        var again = Check(Morning + Duration.FromHours(3), known, null, Gap);

        again.Changes.Should().BeEmpty();
        again.ToText.Should().BeEmpty();
        known[Gap.AlertId].LastNotifiedTo.Should().Equal(DutyManager);
    }

    [Fact]
    public void An_unresolved_gap_is_texted_again_at_the_next_daily_check_even_if_the_timer_runs_a_little_early()
    {
        var known = Fold(new Dictionary<Guid, Alert>(), Check(Morning, new Dictionary<Guid, Alert>(), null, Gap));

        var nextMorning = Check(Morning + Day - Duration.FromMinutes(2), known, null, Gap);

        nextMorning.Changes.Single().Events.Should().ContainSingle().Which.Should().BeOfType<AlertNotified>();
        nextMorning.Raised.Should().Be(0);
    }

    [Fact]
    public void A_gap_no_longer_found_resolves_and_if_found_again_is_raised_afresh()
    {
        var known = Fold(new Dictionary<Guid, Alert>(), Check(Morning, new Dictionary<Guid, Alert>(), null, Gap));

        var filled = Check(Morning + Duration.FromHours(1), known);
        filled.Changes.Single().Events.Should().Equal(new AlertResolved(Gap.AlertId, "the gap is filled", Morning + Duration.FromHours(1)));
        known = Fold(known, filled);
        known[Gap.AlertId].Open.Should().BeFalse();

        var reopened = Check(Morning + Duration.FromHours(2), known, null, Gap);
        reopened.Changes.Single().IsNew.Should().BeFalse();
        reopened.Changes.Single().Events.Select(e => e.GetType()).Should().Equal(typeof(AlertRaised), typeof(AlertNotified));
    }

    [Fact]
    public void With_nobody_to_text_the_failure_is_recorded_and_the_next_check_texts_it()
    {
        var nobody = Check(Morning, new Dictionary<Guid, Alert>(), [], Gap);
        nobody.ToText.Should().BeEmpty();
        nobody.Changes.Single().Events.Should().ContainEquivalentOf(new AlertNotificationFailed(Gap.AlertId, AlertDecider.NobodyToText, Morning));
        var known = Fold(new Dictionary<Guid, Alert>(), nobody);

        var later = Check(Morning + Duration.FromHours(1), known, null, Gap);

        later.ToText.Should().Equal(Gap);
    }

    [Fact]
    public void Many_alerts_go_in_one_SMS_that_stays_within_Twilios_limit()
    {
        var many = Enumerable.Range(1, 40).Select(i => Gap with { Key = $"k{i}", Summary = new string('x', 90) }).ToList();

        var text = AlertTexts.Digest(many);

        text.Should().StartWith("Rota alerts (40): 1) ").And.EndWith("more: see Alerts in the console.");
        text.Length.Should().BeLessThan(1600);
    }
}
