using System.Text.Json;
using Cers.Dispatch.Console.Activations;
using Cers.Dispatch.Console.Backends;
using Cers.Dispatch.ServiceDefaults;
using Cers.Dispatch.ServiceDefaults.Validation;
using NodaTime;
using NodaTime.Text;

namespace Cers.Dispatch.Console.Supervision;

/// <summary>
/// One step of an activation's timeline as a supervisor audits it: when, which service, who, what; and the step's data,
/// the shape its own service gave it (read by the handover pack).
/// </summary>
public sealed record AuditStep(long Version, Instant? At, string AtLondon, string Source, string Event, string Summary, string? Who, JsonElement? Data = null);

/// <summary>One step of crisis intake's timeline; its data is the shape its own service gave it.</summary>
public sealed record TimelineStep(long Version, Instant? At, string? AtLondon, string? Source, string? Event, string? Summary, JsonElement? Data);

/// <summary>
/// An activation and its whole timeline across services, now or as it stood at <see cref="AsOf"/>. The timeline stays
/// JSON: each step's data is the shape its own service gave it, exported as it came.
/// </summary>
public sealed record AuditTrail(Guid Id, ActivationShown Activation, IReadOnlyList<AuditStep> Steps, Instant? AsOf, JsonElement Timeline)
{
    public string CardNumber => Activation.CardNumber ?? "without card";

    public static IResult AsOfProblem() => Validated.Problem(
        "asOf", "A date and time, e.g. 2026-11-25T16:00 (UK time) or 2026-11-25T16:00:00Z.", "The time to look back to is not valid.");

    /// <summary>The activation and its timeline from crisis intake, or why they could not be read.</summary>
    public static async Task<(AuditTrail? Trail, ServiceAnswer? Refusal)> LoadAsync(CrisisIntakeClient intake, Guid id, Instant? asOf, CancellationToken cancellationToken)
    {
        var activation = await intake.GetAsync($"/activations/{id}", cancellationToken);
        if (activation is not { Ok: true } || activation.As<ActivationShown>() is not { } a)
        {
            return (null, activation);
        }

        var path = asOf is { } at ? $"/activations/{id}/timeline?asOf={Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at))}" : $"/activations/{id}/timeline";
        var timeline = await intake.GetAsync(path, cancellationToken);
        if (timeline is not { Ok: true, Body: { ValueKind: JsonValueKind.Array } t })
        {
            return (null, timeline);
        }

        var steps = (timeline.As<List<TimelineStep>>() ?? []).Select(e => new AuditStep(
            e.Version, e.At, e.AtLondon ?? "", e.Source ?? "", e.Event ?? "", e.Summary ?? "", e.Data is { } data ? Who(data) : null, e.Data)).ToList();
        return (new AuditTrail(id, a, steps, asOf, t), null);
    }

    /// <summary>
    /// Who took a step, from the event itself: its "…By" field (a name, or a reporter with a name and agency), else the
    /// person it names (the coordinator dialled). Steps another service reported name their people in the summary.
    /// </summary>
    public static string? Who(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var field in data.EnumerateObject())
        {
            if (field.Name.Equals("by", StringComparison.OrdinalIgnoreCase) || field.Name.EndsWith("By", StringComparison.Ordinal))
            {
                if (Person(field.Value) is { } person)
                {
                    return person;
                }
            }
        }

        return data.Text("name") is { } name ? name + (data.Text("role") is { } role ? $" ({PlainWords.Of(role)})" : "") : null;
    }

    private static string? Person(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
        JsonValueKind.Object when value.Text("name") is { } name =>
            name + ((value.Text("agency") ?? (value.Text("role") is { } role ? PlainWords.Of(role) : null)) is { } what ? $" ({what})" : ""),
        _ => null,
    };
}
