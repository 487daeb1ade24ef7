using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cers.Dispatch.ServiceDefaults.Privacy;

public static class PrivacyRegistration
{
    /// <summary>
    /// The master key (validated at start-up: a missing or malformed key stops the service outside Development and
    /// Testing), the vault of data keys and the blind index. The service also calls <see cref="AddPersonalDataKeys"/>
    /// on its Marten options.
    /// </summary>
    public static IHostApplicationBuilder AddPersonalDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PrivacyOptions>().Bind(builder.Configuration.GetSection(PrivacyOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PrivacyOptions>, PrivacyOptionsValidation>();
        builder.Services.AddSingleton<MasterKey>();
        builder.Services.AddSingleton<PersonalDataVault>();
        builder.Services.AddSingleton<BlindIndex>();
        builder.Services.AddSingleton<OpeningForTheRelay>();
        return builder;
    }

    /// <summary>The data keys' own table (<c>mt_doc_data_key</c>), one key per subject, and the shredded subjects.</summary>
    public static StoreOptions AddPersonalDataKeys(this StoreOptions options)
    {
        options.Schema.For<DataKey>().DocumentAlias("data_key").UniqueIndex(k => k.Subject);
        options.Schema.For<ShreddedSubject>().DocumentAlias("shredded_subject");
        return options;
    }
}
