namespace Callaro.Storage.Tests;

public sealed class ConnectionStringTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void DevelopmentStorageMeansAzuriteOnItsDefaultPortsWithTheWellKnownAccount()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(Key, parsed.AccountKey);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Null(parsed.SharedAccessSignature);
    }

    public static TheoryData<string, string, string, string> AccountStrings() => new()
    {
        {
            $"DefaultEndpointsProtocol=https;AccountName=callaro;AccountKey={Key};EndpointSuffix=core.windows.net",
            "callaro", "https://callaro.table.core.windows.net/", "https://callaro.blob.core.windows.net/"
        },
        {
            $"AccountName=callaro;AccountKey={Key}",
            "callaro", "https://callaro.table.core.windows.net/", "https://callaro.blob.core.windows.net/"
        },
        {
            $"DefaultEndpointsProtocol=http;AccountName=callaro;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn;",
            "callaro", "http://callaro.table.core.chinacloudapi.cn/", "http://callaro.blob.core.chinacloudapi.cn/"
        },
        {
            $" accountname = devstoreaccount1 ; ACCOUNTKEY={Key}; TableEndpoint=http://127.0.0.1:21102/devstoreaccount1;BlobEndpoint=http://127.0.0.1:21100/devstoreaccount1 ",
            "devstoreaccount1", "http://127.0.0.1:21102/devstoreaccount1", "http://127.0.0.1:21100/devstoreaccount1"
        },
    };

    [Theory]
    [MemberData(nameof(AccountStrings))]
    public void AccountKeyStringsGiveTheAccountAndBothEndpoints(string connectionString, string account, string table, string blob)
    {
        var parsed = StorageConnectionString.Parse(connectionString);

        Assert.Equal(account, parsed.AccountName);
        Assert.Equal(Key, parsed.AccountKey);
        Assert.Equal(new Uri(table), parsed.TableEndpoint);
        Assert.Equal(new Uri(blob), parsed.BlobEndpoint);
    }

    [Fact]
    public void ASasStringTakesTheAccountFromTheEndpointAndDropsTheQuestionMark()
    {
        var parsed = StorageConnectionString.Parse("TableEndpoint=https://callaro.table.core.windows.net/;SharedAccessSignature=?sv=2020-12-06&ss=t&sig=abc%3D");

        Assert.Equal("callaro", parsed.AccountName);
        Assert.Equal("sv=2020-12-06&ss=t&sig=abc%3D", parsed.SharedAccessSignature);
        Assert.Null(parsed.AccountKey);
        Assert.Null(parsed.BlobEndpoint);
    }

    [Fact]
    public void AnAzuriteSasStringTakesTheAccountFromThePath()
    {
        var parsed = StorageConnectionString.Parse("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=2021-12-02&sig=x");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
    }

    public static TheoryData<string, string> MalformedStrings() => new()
    {
        { "", "empty" },
        { "   ", "empty" },
        { "UseDevelopmentStorage=yes", "'UseDevelopmentStorage'" },
        { $"UseDevelopmentStorage=true;AccountKey={Key}", "'AccountKey'" },
        { $"AccountName=callaro;AccountKey={Key};Nonsense=1", "'Nonsense'" },
        { $"AccountName=callaro;AccountKey={Key};JustAWord", "part 3" },
        { "AccountName=callaro;AccountKey=not*base64!", "'AccountKey' is not valid base64" },
        { $"AccountName=callaro;AccountKey={Key};AccountName=other", "'AccountName' appears more than once" },
        { $"AccountName=;AccountKey={Key}", "'AccountName' is empty" },
        { $"AccountName=Has_Upper;AccountKey={Key}", "'AccountName'" },
        { "AccountName=callaro", "needs 'AccountKey' or 'SharedAccessSignature'" },
        { $"AccountKey={Key}", "no 'AccountName'" },
        { $"DefaultEndpointsProtocol=ftp;AccountName=callaro;AccountKey={Key}", "'DefaultEndpointsProtocol'" },
        { $"AccountName=callaro;AccountKey={Key};TableEndpoint=not a url", "'TableEndpoint'" },
        { $"AccountName=callaro;AccountKey={Key};BlobEndpoint=ftp://x/", "'BlobEndpoint'" },
        { $"AccountName=callaro;AccountKey={Key};EndpointSuffix=://", "'EndpointSuffix'" },
        { "SharedAccessSignature=sv=1&sig=2", "'TableEndpoint'/'BlobEndpoint'" },
        { $"AccountName=callaro;AccountKey={Key};SharedAccessSignature=sig=2", "both" },
    };

    [Theory]
    [MemberData(nameof(MalformedStrings))]
    public void AMalformedStringFailsNamingTheBadPartButNeverTheKey(string connectionString, string named)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(named, error.Message);
        Assert.DoesNotContain(Key, error.Message);
        Assert.DoesNotContain("not*base64", error.Message);
        Assert.False(StorageConnectionString.TryParse(connectionString, out _));
    }

    [Fact]
    public void ClientsRefuseAMalformedStringAtConstruction()
    {
        Assert.Throws<FormatException>(() => new Tables.TableServiceClient("AccountName=callaro"));
        Assert.Throws<FormatException>(() => new Blobs.BlobServiceClient("UseDevelopmentStorage=maybe"));
    }
}
