using Cers.Dispatch.CardLookup.Common;
using Cers.Dispatch.ServiceDefaults.Privacy;
using Marten;

namespace Cers.Dispatch.CardLookup.Carers;

public static class CarerKeys
{
    /// <summary>The carer's key for recording more about them; refused once their data was erased.</summary>
    /// <exception cref="DomainRuleViolated">The carer was erased.</exception>
    public static async Task<SubjectKey> ForWritingAsync(Carer carer, PersonalDataVault vault, IDocumentSession session, CancellationToken cancellationToken)
    {
        if (carer.Erased)
        {
            throw ErasedCarer();
        }

        try
        {
            return await vault.KeyForWritingAsync(session, OpenedCarer.KeySubject(carer.Id), cancellationToken);
        }
        catch (SubjectShreddedException)
        {
            throw ErasedCarer();
        }
    }

    /// <summary>The refusal for anything more recorded about a carer whose data was erased.</summary>
    public static DomainRuleViolated ErasedCarer() =>
        new("The carer's personal data was erased; nothing more is recorded for them. Register them again if they come back.");
}
