using System.Globalization;
using Cers.Dispatch.Rostering.Matching;
using Cers.Dispatch.Rostering.Rotas;
using Cers.Dispatch.Rostering.Rotas.Resolution;
using Cers.Dispatch.Rostering.Staff;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Phones;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Rostering.Alerts.Finding;

public sealed record RotaGap(Instant From, Instant To, string Why);

/// <summary>
/// What the duty manager should know about ahead of time, from the rota board alone (no I/O): rota gaps, people on a rota
/// with no working phone, and DBS checks and training about to expire or expired.
/// </summary>
public static class AlertFindings
{
    /// <summary>How far back a gap in progress is followed to find where it began, so its key stays the same each day.</summary>
    public static readonly Duration GapLookBack = Duration.FromDays(31);

    public static IReadOnlyList<AlertFinding> Find(RotaBoard board, IReadOnlyDictionary<Guid, SmsOutcome> lastSms, Instant now, AlertOptions options)
    {
        var findings = new List<AlertFinding>();
        var horizon = now + Duration.FromDays(options.RotaGapDays);
        foreach (var rotation in board.Rotations.Where(r => r.Kind == RotationKinds.OnCall).OrderBy(r => r.Priority).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            foreach (var gap in Gaps(rotation, board.Staff, now - GapLookBack, horizon).Where(g => g.To > now))
            {
                // A gap running past the horizon has no known end yet; once it has, or once part of it is covered, it is a new alert.
                var openEnded = gap.To >= horizon;
                var until = openEnded ? $"{LondonTime.Show(gap.To)} or later" : LondonTime.Show(gap.To);
                findings.Add(new AlertFinding(
                    AlertKinds.RotaGap,
                    $"{AlertKinds.RotaGap}/{rotation.Id:N}/{InstantPattern.ExtendedIso.Format(gap.From)}/{(openEnded ? "open" : InstantPattern.ExtendedIso.Format(gap.To))}",
                    $"Rota gap: nobody on call in {rotation.Name} ({rotation.Role}) from {LondonTime.Show(gap.From)} to {until} ({gap.Why}).",
                    RotationId: rotation.Id,
                    GapFrom: gap.From,
                    GapTo: gap.To));
            }
        }

        foreach (var member in RotaMembers(board, now).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (UkPhoneNumbers.MobileToE164(member.Phone) != member.Phone)
            {
                findings.Add(new AlertFinding(
                    AlertKinds.NoWorkingPhone,
                    $"{AlertKinds.NoWorkingPhone}/{member.Id:N}/{member.Phone}/invalid",
                    $"{member.Name} ({member.Role}, on a rota) has no working phone: {member.Phone} is not a valid UK mobile number.",
                    StaffId: member.Id));
            }
            else if (lastSms.GetValueOrDefault(member.Id) is { Failed: true } sms && sms.Phone == member.Phone)
            {
                findings.Add(new AlertFinding(
                    AlertKinds.NoWorkingPhone,
                    $"{AlertKinds.NoWorkingPhone}/{member.Id:N}/{member.Phone}/{sms.Status}",
                    $"{member.Name} ({member.Role}, on a rota) may have no working phone: the last SMS to {member.Phone} ({LondonTime.Show(sms.At)}) was {sms.Status}.",
                    StaffId: member.Id));
            }
        }

        var today = now.InZone(RotaResolution.London).Date;
        var expiryHorizon = today.PlusDays(options.ExpiryDays);
        var workers = board.Staff.Values.Where(s => s.Active && s.Role == StaffRoles.CareWorker).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        foreach (var worker in workers)
        {
            if (worker.DbsCheckExpiresOn is not { } dbs)
            {
                findings.Add(new AlertFinding(AlertKinds.DbsCheckExpiry, $"{AlertKinds.DbsCheckExpiry}/{worker.Id:N}/none", $"{worker.Name} has no DBS check recorded.", StaffId: worker.Id));
            }
            else if (dbs <= expiryHorizon)
            {
                findings.Add(new AlertFinding(
                    AlertKinds.DbsCheckExpiry,
                    $"{AlertKinds.DbsCheckExpiry}/{worker.Id:N}/{dbs:yyyy-MM-dd}",
                    $"{worker.Name}'s DBS check {Expiry(dbs, today)}.",
                    StaffId: worker.Id,
                    ExpiresOn: dbs));
            }

            foreach (var skill in WorkerRanking.NeedTraining.Where(worker.Skills.Contains).Order(StringComparer.Ordinal))
            {
                var words = skill.Replace('-', ' ');
                if (worker.TrainingExpiresOn(skill) is not { } expires)
                {
                    findings.Add(new AlertFinding(
                        AlertKinds.TrainingExpiry, $"{AlertKinds.TrainingExpiry}/{worker.Id:N}/{skill}/none", $"{worker.Name} has no {words} training recorded.", StaffId: worker.Id));
                }
                else if (expires <= expiryHorizon)
                {
                    findings.Add(new AlertFinding(
                        AlertKinds.TrainingExpiry,
                        $"{AlertKinds.TrainingExpiry}/{worker.Id:N}/{skill}/{expires:yyyy-MM-dd}",
                        $"{worker.Name}'s {words} training {Expiry(expires, today)}.",
                        StaffId: worker.Id,
                        ExpiresOn: expires));
                }
            }
        }

        return findings;
    }

    /// <summary>Periods in [from, to) when the rotation should have someone on but has nobody, or only someone inactive.</summary>
    public static IReadOnlyList<RotaGap> Gaps(Rotation rotation, IReadOnlyDictionary<Guid, StaffMember> staff, Instant from, Instant to)
    {
        var points = RotaResolution.ChangePoints([rotation], rotation.Overrides, from, to).ToList();
        var gaps = new List<RotaGap>();
        for (var i = 0; i < points.Count; i++)
        {
            var end = i + 1 < points.Count ? points[i + 1] : to;
            if (GapAt(rotation, staff, points[i]) is not { } why)
            {
                continue;
            }

            if (gaps.Count > 0 && gaps[^1].To == points[i])
            {
                gaps[^1] = gaps[^1] with { To = end };
            }
            else
            {
                gaps.Add(new RotaGap(points[i], end, why));
            }
        }

        return gaps;
    }

    /// <summary>Active people who take turns on a rota, or cover someone's turn from now on: the ones who must be reachable.</summary>
    public static IReadOnlyList<StaffMember> RotaMembers(RotaBoard board, Instant now) =>
        board.Rotations.SelectMany(r => r.Participants)
            .Concat(board.Overrides.Where(o => o.To > now && o.CoveredBy is not null).Select(o => o.CoveredBy!.Value))
            .Distinct()
            .Select(id => board.Staff.GetValueOrDefault(id))
            .OfType<StaffMember>()
            .Where(s => s.Active)
            .ToList();

    /// <summary>Why an open alert no longer applies, in words for the alerts list.</summary>
    public static string WhyResolved(Alert alert, IReadOnlyList<AlertFinding> findings, RotaBoard board, IReadOnlyDictionary<Guid, SmsOutcome> lastSms, Instant now)
    {
        if (alert.Kind == AlertKinds.RotaGap && alert.GapTo > now
            && findings.FirstOrDefault(f => f.RotationId == alert.RotationId && f.GapFrom < alert.GapTo && alert.GapFrom < f.GapTo) is { } changed)
        {
            return $"the gap changed: now from {LondonTime.Show(changed.GapFrom!.Value)} to {LondonTime.Show(changed.GapTo!.Value)} (a new alert)";
        }

        var member = alert.StaffId is { } id ? board.Staff.GetValueOrDefault(id) : null;
        if (alert.StaffId is not null && member is not { Active: true })
        {
            return member is null ? "no longer on the register" : $"{member.Name} is inactive";
        }

        return alert.Kind switch
        {
            AlertKinds.RotaGap when alert.GapTo <= now => "the gap is over",
            AlertKinds.RotaGap => "the gap is filled",
            AlertKinds.DbsCheckExpiry when member!.DbsCheckExpiresOn is { } renewed && renewed != alert.ExpiresOn =>
                $"DBS check renewed: now expires {LondonTime.Show(renewed)}",
            AlertKinds.TrainingExpiry when member!.Training.FirstOrDefault(t => alert.Key.Contains($"/{t.Skill}/", StringComparison.Ordinal)) is { } renewed
                && renewed.ExpiresOn != alert.ExpiresOn =>
                $"{renewed.Skill.Replace('-', ' ')} training renewed: now expires {LondonTime.Show(renewed.ExpiresOn)}",
            AlertKinds.NoWorkingPhone when !alert.Key.Contains($"/{member!.Phone}/", StringComparison.Ordinal) => $"phone number changed to {member.Phone}",
            AlertKinds.NoWorkingPhone when !RotaMembers(board, now).Any(m => m.Id == member!.Id) => "no longer on a rota",
            AlertKinds.NoWorkingPhone when lastSms.GetValueOrDefault(member!.Id) is { Failed: false } sms =>
                sms.Status == "received" ? $"they texted us on {LondonTime.Show(sms.At)}" : $"an SMS was {sms.Status} on {LondonTime.Show(sms.At)}",
            _ => "no longer applies",
        };
    }

    private static string Expiry(LocalDate date, LocalDate today)
    {
        var days = Period.Between(today, date, PeriodUnits.Days).Days;
        return days switch
        {
            < 0 => $"expired on {LondonTime.Show(date)}",
            0 => "expires today",
            1 => $"expires tomorrow, {LondonTime.Show(date)}",
            _ => string.Create(CultureInfo.InvariantCulture, $"expires on {LondonTime.Show(date)}, in {days} days"),
        };
    }

    private static string? GapAt(Rotation rotation, IReadOnlyDictionary<Guid, StaffMember> staff, Instant at)
    {
        if (RotaResolution.ScheduledAt(rotation, at) is not { } scheduled)
        {
            return null;
        }

        if (RotaResolution.WhoIsOn([rotation], rotation.Overrides, at) is not [var on, ..])
        {
            var emptied = rotation.Overrides
                .Where(o => o.From <= at && at < o.To && (o.Replacing is null || o.Replacing == scheduled))
                .OrderByDescending(o => o.AddedAt)
                .ThenByDescending(o => o.OverrideId)
                .First();
            return $"{emptied.Reason} with no cover";
        }

        return staff.GetValueOrDefault(on.StaffId) switch
        {
            null => "the person on the rota is not on the register",
            { Active: false } inactive => $"{inactive.Name} is inactive",
            _ => null,
        };
    }
}
