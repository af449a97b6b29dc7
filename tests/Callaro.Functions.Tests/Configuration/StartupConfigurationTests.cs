using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Callaro.Functions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Callaro.Functions.Tests.Configuration;

public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Callaro:Webhooks:SigningSecret", "Callaro__Webhooks__SigningSecret")]
    [InlineData("Callaro:Twilio:AuthToken", "Callaro__Twilio__AuthToken")]
    [InlineData("Callaro:Vonage:SignatureSecret", "Callaro__Vonage__SignatureSecret")]
    [InlineData("Callaro:PublicBaseUrl", "Callaro__PublicBaseUrl")]
    public void MissingSecretStopsTheAppAtStartNamingTheSetting(string key, string appSetting)
    {
        using var app = new CallaroApplication().WithSetting(key, "");

        var failure = StartupFailure(app);

        Assert.Contains($"The app setting {appSetting} is missing or empty", failure);
    }

    [Theory]
    [InlineData("AccountKey=%%%not-base64%%%", "AccountKey")]
    [InlineData("TableEndpoint=not a url", "TableEndpoint")]
    public void MalformedConnectionStringStopsTheAppAtStartNamingTheBadPart(string badPart, string named)
    {
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Azurite.DevelopmentAccountKey};" +
                               $"BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;{badPart}";
        using var app = new CallaroApplication().WithSetting("Callaro:Storage:ConnectionString", connectionString);

        var failure = StartupFailure(app);

        Assert.Contains("Callaro__Storage__ConnectionString is invalid", failure);
        Assert.Contains(named, failure);
    }

    [Fact]
    public void AMalformedConnectionStringIsReportedWithoutItsKey()
    {
        const string key = "c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=";
        using var app = new CallaroApplication().WithSetting("Callaro:Storage:ConnectionString", $"AccountName=acct;AccountKey={key};Bogus=1");

        var failure = StartupFailure(app);

        Assert.Contains("Callaro__Storage__ConnectionString is invalid: 'Bogus'", failure);
        Assert.DoesNotContain(key, failure);
    }

    [Fact]
    public void IdentityBasedStorageNeedsBothServiceUris()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", null)
            .WithSetting("Callaro:Storage:tableServiceUri", "https://acct.table.core.windows.net");

        var failure = StartupFailure(app);

        Assert.Contains("The app setting Callaro__Storage__blobServiceUri is missing or empty", failure);
    }

    [Fact]
    public void AConnectionStringAndServiceUrisTogetherStopTheApp()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:tableServiceUri", "https://acct.table.core.windows.net")
            .WithSetting("Callaro:Storage:blobServiceUri", "https://acct.blob.core.windows.net");

        var failure = StartupFailure(app);

        Assert.Contains("Callaro__Storage__ConnectionString is invalid: set either it or Callaro__Storage__tableServiceUri and Callaro__Storage__blobServiceUri", failure);
    }

    [Fact]
    public void WithServiceUrisTheClientsUseThemWithATokenCredential()
    {
        using var app = new CallaroApplication()
            .WithSetting("Callaro:Storage:ConnectionString", null)
            .WithSetting("Callaro:Storage:tableServiceUri", "https://acct.table.core.windows.net")
            .WithSetting("Callaro:Storage:blobServiceUri", "https://acct.blob.core.windows.net")
            .WithoutProvisioning();

        app.Start();

        var tables = app.Services.GetRequiredService<TableServiceClient>();
        var blobs = app.Services.GetRequiredService<BlobServiceClient>();
        Assert.Equal("https://acct.table.core.windows.net/", tables.Uri.ToString());
        Assert.Equal("https://acct.blob.core.windows.net/", blobs.Uri.ToString());
        // Only a key signs a service SAS; with an identity, recording links are user delegation SAS.
        Assert.False(blobs.CanGenerateAccountSasUri);
    }

    [Fact]
    public void ABlobTriggerContainerSettingThatIgnoresTheNamePrefixStopsTheApp()
    {
        using var app = new CallaroApplication().WithSetting("CallaroRecordingsContainer", "recordings");

        var failure = StartupFailure(app);

        Assert.Contains($"The app setting CallaroRecordingsContainer is invalid: 'recordings' is not '{app.Prefix}recordings'", failure);
    }

    [Fact]
    public void TheBlobTriggerContainerSettingsAreRequired()
    {
        using var app = new CallaroApplication().WithSetting("CallaroTranscriptsContainer", null);

        var failure = StartupFailure(app);

        Assert.Contains($"The app setting CallaroTranscriptsContainer is missing or empty", failure);
        Assert.Contains($"set it to '{app.Prefix}transcripts'", failure);
    }

    [Fact]
    public void AccessKeyConfiguredInPlainTextInsteadOfAHashStopsTheApp()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Access:Keys:0:Sha256", "my-plain-key");

        var failure = StartupFailure(app);

        Assert.Contains("Callaro__Access__Keys__0__Sha256 is invalid", failure);
        Assert.Contains("sha256sum", failure);
        Assert.DoesNotContain("my-plain-key", failure);
    }

    [Fact]
    public void UnknownRoleStopsTheAppNamingTheKnownRoles()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Access:Keys:0:Roles:0", "superuser");

        var failure = StartupFailure(app);

        Assert.Contains("unknown role 'superuser'; the roles are telephony, admin", failure);
    }

    [Fact]
    public void UnusableNamePrefixStopsTheApp()
    {
        using var app = new CallaroApplication().WithSetting("Callaro:Storage:NamePrefix", "Bad-Prefix");

        var failure = StartupFailure(app);

        Assert.True(failure.Contains("Callaro__Storage__NamePrefix is invalid"), failure);
    }

    private static string StartupFailure(CallaroApplication app)
    {
        var exception = Record.Exception(() => app.Start());
        Assert.NotNull(exception);
        return Describe(exception);
    }

    private static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException e => string.Join("\n", e.Failures),
        AggregateException e => string.Join("\n", e.InnerExceptions.Select(Describe)),
        _ => exception.Message + (exception.InnerException is null ? "" : "\n" + Describe(exception.InnerException)),
    };
}
