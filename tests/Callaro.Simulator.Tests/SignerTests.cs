using System.Text;
using Callaro.Simulator.Providers;

namespace Callaro.Simulator.Tests;

/// <summary>
/// Expected values were computed outside .NET with openssl, e.g.
/// <c>printf '%s' '1700000000.{...}' | openssl dgst -sha256 -hmac whsec_test_secret</c>.
/// </summary>
public sealed class SignerTests
{
    [Fact]
    public void CallaroSignatureMatchesAnOpensslVector()
    {
        var body = Encoding.UTF8.GetBytes("""{"id":"evt_1","type":"call.ringing"}""");

        var header = CallaroSigner.Sign("whsec_test_secret", 1700000000, body);

        Assert.Equal("t=1700000000,v1=b14f939ccc6f1f79a9d69aafe5968be16ad219d1aa99ea28cf2558a443a763e0", header);
    }

    [Fact]
    public void TwilioSignatureMatchesAnOpensslVectorWithParametersSortedOrdinally()
    {
        // openssl over: url + CallSid.. Caller.. Digits.. From.. To.. (sorted), HMAC-SHA1, base64.
        var parameters = new Dictionary<string, string>
        {
            ["To"] = "+18005551212", ["From"] = "+14158675310", ["Digits"] = "1234", ["CallSid"] = "CA1234567890ABCDE", ["Caller"] = "+14158675310",
        };

        var signature = TwilioSigner.Sign("12345", "https://example.com/myapp.php?foo=1&bar=2", parameters);

        Assert.Equal("L/OH5YylLD5NRKLltdqwSvS0BnU=", signature);
    }

    [Fact]
    public void TwilioFormEncodingKeepsThePlusOfE164Numbers()
    {
        var body = TwilioSigner.FormEncode([new("From", "+14158675310"), new("Timestamp", "Fri, 14 Mar 2025 09:00:00 +0000")]);

        Assert.Equal("From=%2B14158675310&Timestamp=Fri%2C%2014%20Mar%202025%2009%3A00%3A00%20%2B0000", body);
    }

    [Fact]
    public void VonageTokenMatchesAnOpensslVector()
    {
        var body = Encoding.UTF8.GetBytes("""{"uuid":"u1","status":"ringing"}""");

        var token = VonageSigner.CreateToken("vonage_secret", 1700000000, "jti-1", "key1", "app-1", body);

        Assert.Equal(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." +
            "eyJhcGlfa2V5Ijoia2V5MSIsImFwcGxpY2F0aW9uX2lkIjoiYXBwLTEiLCJpYXQiOjE3MDAwMDAwMDAsImlzcyI6IlZvbmFnZSIsImp0aSI6Imp0aS0xIiwicGF5bG9hZF9oYXNoIjoiZTRlMDZiOTIwZDIwNmEwYTYxYTczMjRmOGNkMTAyOGI5NmIxMmI5Zjc2YWY0MWIxMDEyMjVmZTQ5NzkyOWQyOSJ9." +
            "d3ZBkNGR-bOF8OcKSH0WCvJD0NhHhdva5bNovSXn4To",
            token);
    }
}
