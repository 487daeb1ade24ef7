using Cers.Dispatch.ServiceDefaults;
using MassTransit;

namespace Cers.Dispatch.CrisisIntake.Activations.Recording;

/// <summary>
/// The timeline's endpoint hears rostering's and escalation's steps that are news in their news only. An arrival, which
/// escalation acts on, is published on its own as well, and bound here it was a delivery an activation taken in and left.
/// The bindings older versions made for them are removed (<see cref="RetiredBindings"/>); a step already queued on its
/// own is still taken (<see cref="RecordOnTimeline"/>).
/// </summary>
public sealed class RecordOnTimelineDefinition : GroupCommitConsumerDefinition<RecordOnTimeline>
{
    public static IReadOnlyList<Type> HeardInTheNewsOnly { get; } = [.. typeof(RecordOnTimeline).GetInterfaces()
        .Where(consumed => consumed.IsGenericType && consumed.GetGenericTypeDefinition() == typeof(IConsumer<>))
        .Select(consumed => consumed.GetGenericArguments()[0])
        .Where(RecordOnTimeline.IsNews)];

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<RecordOnTimeline> consumerConfigurator, IRegistrationContext context)
    {
        base.ConfigureConsumer(endpointConfigurator, consumerConfigurator, context);
        foreach (var message in HeardInTheNewsOnly)
        {
            endpointConfigurator.ConfigureMessageTopology(message, false);
        }

        context.GetRequiredService<RetiredBindings>().Retire(endpointConfigurator.InputAddress, HeardInTheNewsOnly);
    }
}
