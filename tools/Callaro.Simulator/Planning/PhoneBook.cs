using System.Globalization;
using System.Text;

namespace Callaro.Simulator.Planning;

/// <summary>
/// Realistic parties for one simulated workspace: its own lines, a pool of customers that call more than
/// once (so a number filter finds several calls), internal extensions, operators, campaigns and deals.
/// </summary>
internal sealed class PhoneBook
{
    // Numbers in ranges reserved for fiction (US 555-01xx, UK 020 7946 0xxx): realistic yet nobody's.
    private static readonly string[] CompanyLines = ["+14155550123", "+14155550187", "+442079460321", "+442079460958"];

    private static readonly string[] UsAreaCodes = ["212", "305", "312", "415", "512", "617", "646", "720", "773", "917"];
    private static readonly string[] GermanMobilePrefixes = ["151", "152", "157", "160", "170", "171", "172", "175", "176", "177", "179"];

    public static readonly string[] Operators =
        ["op_anna", "op_ben", "op_carla", "op_dmitri", "op_elif", "op_farah", "op_goran", "op_hana", "op_ivan", "op_julia"];

    public static readonly string[] OutboundCampaigns = ["camp_q3_renewals", "camp_winback", "camp_webinar_followup"];
    public const string InboundCampaign = "camp_inbound_support";

    private readonly Random _random;
    private readonly string[] _customers;
    private readonly string[] _extensions;
    private readonly string[] _deals;

    public PhoneBook(Random random, int calls)
    {
        _random = random;
        _customers = Enumerable.Range(0, Math.Max(20, calls / 3)).Select(_ => CustomerNumber()).Distinct().ToArray();
        _extensions = Enumerable.Range(101, 40).Select(e => e.ToString(CultureInfo.InvariantCulture)).ToArray();
        _deals = Enumerable.Range(0, Math.Max(5, calls / 4))
            .Select(_ => "deal_" + random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)).Distinct().ToArray();
    }

    public string CompanyLine() => CompanyLines[_random.Next(CompanyLines.Length)];
    public string Customer() => _customers[_random.Next(_customers.Length)];
    public string Deal() => _deals[_random.Next(_deals.Length)];
    public string Operator() => Operators[_random.Next(Operators.Length)];

    /// <summary>Two distinct extensions: caller first.</summary>
    public (string Caller, string Callee) ExtensionPair()
    {
        var caller = _random.Next(_extensions.Length);
        var callee = (caller + 1 + _random.Next(_extensions.Length - 1)) % _extensions.Length;
        return (_extensions[caller], _extensions[callee]);
    }

    private string CustomerNumber() => Allocation.Weighted(_random, new (Func<string>, double)[]
    {
        (() => "+1" + UsAreaCodes[_random.Next(UsAreaCodes.Length)] + _random.Next(2, 10) + Digits(6), 50),
        (() => "+447" + _random.Next(4, 10) + Digits(8), 25),
        (() => "+49" + GermanMobilePrefixes[_random.Next(GermanMobilePrefixes.Length)] + Digits(_random.Next(7, 9)), 15),
        (() => "+33" + _random.Next(6, 8) + Digits(8), 10),
    })();

    private string Digits(int count)
    {
        var text = new StringBuilder(count);
        for (var i = 0; i < count; i++) text.Append((char)('0' + _random.Next(10)));
        return text.ToString();
    }

    /// <summary>Lower-case hex from the seeded source, so ids are reproducible for a seed.</summary>
    public static string Hex(Random random, int length)
    {
        var bytes = new byte[(length + 1) / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes)[..length];
    }

    /// <summary>A version-4 style UUID from the seeded source (Vonage call ids look like this).</summary>
    public static string Uuid(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
