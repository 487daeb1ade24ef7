using System.Text.Json.Serialization;

namespace Cers.Dispatch.Contracts.CrisisIntake;

/// <summary>The messages crisis intake's news (<see cref="News{TMessage}"/>) carries.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(ActivationOpened), nameof(ActivationOpened))]
[JsonDerivedType(typeof(ActivationCardVerified), nameof(ActivationCardVerified))]
[JsonDerivedType(typeof(ActivationCardNotIdentified), nameof(ActivationCardNotIdentified))]
[JsonDerivedType(typeof(CardRecognised), nameof(CardRecognised))]
[JsonDerivedType(typeof(CoverEndedEarly), nameof(CoverEndedEarly))]
[JsonDerivedType(typeof(ActivationClosed), nameof(ActivationClosed))]
[JsonDerivedType(typeof(ActivationPersonalDataShredded), nameof(ActivationPersonalDataShredded))]
[JsonDerivedType(typeof(HandoverPackPrepared), nameof(HandoverPackPrepared))]
[JsonDerivedType(typeof(HandoverPackSent), nameof(HandoverPackSent))]
public interface IIntakeNews
{
}
