using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Callaro.Functions.Tests.Infrastructure;
using Callaro.Functions.Webhooks;
using Callaro.Functions.Webhooks.Signatures;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Callaro.Functions.Tests.Webhooks;

/// <summary>
/// Signed mutations of valid deliveries for every provider, through the webhook pipeline into Azurite: types,
/// nulls, huge and unusual strings, extreme dates and numbers, arrays for objects, duplicated keys. A signed
/// delivery is trusted, so only its content can be wrong: no answer may be a 5xx (the sender would retry it
/// forever) and a rejected delivery must store nothing.
/// </summary>
public class WebhookFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20261130;
    private const int CasesPerEndpoint = 500;

    // Placeholders swapped for raw bytes after serialising, since a JSON writer would never produce them.
    private const string LoneSurrogate = "@@lone-surrogate@@";
    private const string InvalidUtf8 = "@@invalid-utf8@@";

    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static string Iso(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    private static string Rfc(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private static readonly string[] OddStrings =
    [
        "", " ", "*", "' OR 1=1 --", "a/b", "x#y?z", "\u200Bdefault", "\u0000", "\t\r\n", "😀📞", "\u202Eevil", "default",
        new string('9', 40), new string('w', 256), new string('w', 257), new string('\u0378', 300), LoneSurrogate, InvalidUtf8,
        "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "9999-12-31T23:59:59-14:00", "2026-02-30T10:00:00Z", "1999-12-31T23:59:59Z",
        "Mon, 01 Jan 0001 00:00:00 +0000", "Fri, 31 Dec 9999 23:59:59 +0000", "Fri, 31 Dec 9999 23:59:59 -1400", "NaN", "-1", "1e400",
        "2147483648", "-2147483649", "99999999999999999999", "0x10", "%ZZ", "%ED%A0%80", "%C3%28",
    ];

    private static readonly string[] OddNumbers = ["0", "-1", "1.5", "-0.0", "2147483647", "2147483648", "9223372036854775808", "1e308", "1e400", "-1e400", "1e-400"];

    [Fact]
    public async Task SignedMutationsOfValidDeliveriesAreNever5xxAndRejectedOnesStoreNothing()
    {
        await using var host = await PipelineHost.StartAsync();
        var random = new Random(Seed);
        var statuses = new Dictionary<int, int>();
        var serverErrors = new List<string>();
        var cases = 0;
        var started = System.Diagnostics.Stopwatch.StartNew();

        // Cases are drawn in order from the seed, then sent 16 at a time as concurrent deliveries arrive.
        var deliveries = new[] { WebhookEndpointNames.Callaro, WebhookEndpointNames.Vonage, WebhookEndpointNames.Twilio, WebhookEndpointNames.TwilioRecording }
            .SelectMany(endpoint => Enumerable.Range(0, CasesPerEndpoint).Select(i => (Endpoint: endpoint, Case: Mutated(endpoint, random, $"fz{i}"))))
            .ToList();
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (delivery, _) =>
        {
            var ingested = PipelineHost.RecordingIngestor.CountThisDelivery();
            var (status, body) = await host.SendAsync(delivery.Endpoint, delivery.Case.Request);
            lock (statuses)
            {
                cases++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                if (status >= 500)
                {
                    serverErrors.Add($"{delivery.Endpoint} {delivery.Case.Description} -> {status} {body}");
                }
                else if (status is >= 400 and not 422 && ingested.Value > 0)
                {
                    // Rejected before storage: the ingestor must never have been handed anything.
                    serverErrors.Add($"{delivery.Endpoint} {delivery.Case.Description} was rejected ({status}) after reaching the ingestor");
                }
            }
        });

        // Storage holds only calls of accepted deliveries.
        var index = host.Services.GetRequiredService<TableServiceClient>().GetTableClient(host.Names.CallIdsTable);
        await foreach (var entity in index.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            Assert.Contains((entity.RowKey, entity.PartitionKey), host.Ingestor.Handed);
        }

        output.WriteLine($"{cases} signed mutations (seed {Seed}) in {started.Elapsed.TotalSeconds:0.0} s; answers: " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} x{s.Value}")) + $"; 5xx: {serverErrors.Count}");
        Assert.True(statuses.GetValueOrDefault(200) > cases / 10, "Too few mutations were valid: the base deliveries are broken.");
        Assert.True(serverErrors.Count == 0, string.Join("\n", serverErrors.Take(20)));
    }

    private static (Microsoft.AspNetCore.Http.HttpRequest Request, string Description) Mutated(string endpoint, Random random, string tag) => endpoint switch
    {
        WebhookEndpointNames.Callaro => CallaroCase(random, tag),
        WebhookEndpointNames.Vonage => VonageCase(random, tag),
        WebhookEndpointNames.Twilio => TwilioCase(random, tag, "/api/webhooks/twilio", TwilioStatus(tag)),
        _ => TwilioCase(random, tag, "/api/webhooks/twilio/recording", TwilioRecording(tag)),
    };

    private static JsonObject CallaroEvent(string tag, Random random) => random.Next(4) switch
    {
        0 => new JsonObject
        {
            ["id"] = $"{tag}-log", ["type"] = "call.logged", ["occurredAt"] = Iso(Now.AddMinutes(-5)), ["callId"] = $"call-{tag}",
            ["outcome"] = "sale", ["summary"] = "Agreed terms", ["fields"] = new JsonObject { ["budget"] = 5000, ["stage"] = "won", ["due"] = Iso(Now) },
        },
        1 => new JsonObject
        {
            ["id"] = $"{tag}-crm", ["type"] = "crm.activity", ["occurredAt"] = Iso(Now.AddMinutes(-4)), ["callId"] = $"call-{tag}",
            ["crm"] = new JsonObject { ["system"] = "hubspot", ["recordId"] = "r1", ["kind"] = "note", ["status"] = "succeeded", ["sent"] = new JsonObject { ["note"] = "hi" } },
        },
        _ => new JsonObject
        {
            ["id"] = $"{tag}-done", ["type"] = "call.completed", ["occurredAt"] = Iso(Now.AddMinutes(-3)), ["callId"] = $"call-{tag}",
            ["workspaceId"] = "default", ["campaignId"] = "spring", ["direction"] = "incoming", ["caller"] = "+4930111", ["callee"] = "+4930222",
            ["startedAt"] = Iso(Now.AddMinutes(-10)), ["answeredAt"] = Iso(Now.AddMinutes(-9)), ["endedAt"] = Iso(Now.AddMinutes(-3)), ["durationSeconds"] = 360,
        },
    };

    private static (Microsoft.AspNetCore.Http.HttpRequest, string) CallaroCase(Random random, string tag)
    {
        JsonNode root = CallaroEvent(tag, random);
        var description = MutateJson(root, random);
        if (random.Next(6) == 0)
        {
            root = new JsonArray(root, CallaroEvent(tag + "b", random));
            description += " in a batch";
        }

        var body = Raw(root.ToJsonString(), random, ref description);
        var header = CallaroSignatureVerifier.CreateHeader(PipelineHost.SigningSecret, DateTimeOffset.UtcNow, body);
        return (PipelineHost.Request("/api/webhooks/callaro", "application/json", body, new Dictionary<string, string> { [CallaroSignatureVerifier.HeaderName] = header }), description);
    }

    private static (Microsoft.AspNetCore.Http.HttpRequest, string) VonageCase(Random random, string tag)
    {
        JsonNode root = new JsonObject
        {
            ["uuid"] = $"uuid-{tag}", ["conversation_uuid"] = $"CON-{tag}", ["status"] = random.Next(2) == 0 ? "completed" : "started",
            ["direction"] = "inbound", ["from"] = "447700900000", ["to"] = "447700900001", ["timestamp"] = Iso(Now.AddMinutes(-1)),
            ["start_time"] = Iso(Now.AddMinutes(-8)), ["end_time"] = Iso(Now.AddMinutes(-1)), ["duration"] = "420", ["detail"] = "ok",
        };
        var description = MutateJson(root, random);
        var body = Raw(root.ToJsonString(), random, ref description);

        // The token's claims are mutated too: it is still signed with the right secret.
        var claims = new JsonObject
        {
            ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["jti"] = Guid.NewGuid().ToString(), ["iss"] = "Vonage",
            ["payload_hash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body)), ["application_id"] = "app-1",
        };
        if (random.Next(3) == 0)
        {
            var claim = new[] { "iat", "payload_hash", "application_id" }[random.Next(3)];
            claims[claim] = OddValue(random, out var what);
            description += $"; claim {claim} = {what}";
        }

        var token = SignedJwt(claims, random, ref description);
        return (PipelineHost.Request("/api/webhooks/vonage", "application/json", body, new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }), description);
    }

    private static List<KeyValuePair<string, string>> TwilioStatus(string tag) =>
    [
        new("CallSid", $"CA{tag}"), new("AccountSid", "AC1"), new("CallStatus", "completed"), new("Direction", "inbound"), new("From", "+4930111"),
        new("To", "+4930222"), new("Timestamp", Rfc(Now.AddMinutes(-2))), new("SequenceNumber", "3"), new("CallDuration", "95"),
    ];

    private static List<KeyValuePair<string, string>> TwilioRecording(string tag) =>
    [
        new("CallSid", $"CA{tag}"), new("AccountSid", "AC1"), new("RecordingSid", $"RE{tag}"), new("RecordingStatus", "completed"),
        new("RecordingDuration", "60"), new("RecordingChannels", "1"), new("RecordingStartTime", Rfc(Now.AddMinutes(-3))), new("RecordingUrl", "https://api.twilio.com/rec"),
    ];

    private static (Microsoft.AspNetCore.Http.HttpRequest, string) TwilioCase(Random random, string tag, string path, List<KeyValuePair<string, string>> form)
    {
        var child = random.Next(5) == 0;
        if (child && path.EndsWith("/twilio", StringComparison.Ordinal))
        {
            form.Add(new("ParentCallSid", $"CAparent{tag}"));
        }

        string description;
        var which = random.Next(form.Count);
        var name = form[which].Key;
        switch (random.Next(4))
        {
            case 0:
                var odd = OddStrings[random.Next(OddStrings.Length)];
                form[which] = new(name, odd);
                description = $"{name} = {Show(odd)}";
                break;
            case 1:
                form.Add(new(name, random.Next(2) == 0 ? form[which].Value : "other"));
                description = $"{name} repeated";
                break;
            case 2:
                form.RemoveAt(which);
                description = $"{name} removed";
                break;
            default:
                form[which] = new(name, new string('x', random.Next(1_000, 300_000)));
                description = $"{name} huge";
                break;
        }

        // Encoded as Twilio would, except that odd percent sequences are sent raw; signed over what the server will read.
        var encoded = string.Join('&', form.Select(p => Uri.EscapeDataString(p.Key) + "=" + (p.Value.StartsWith('%') ? p.Value : Uri.EscapeDataString(p.Value))));
        var body = Encoding.UTF8.GetBytes(encoded.Replace(Uri.EscapeDataString(LoneSurrogate), "%ED%A0%80").Replace(Uri.EscapeDataString(InvalidUtf8), "%C3%28"));
        var read = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));
        var signature = TwilioSignatureVerifier.Sign(PipelineHost.TwilioToken, PipelineHost.PublicBaseUrl + path, read);
        return (PipelineHost.Request(path, "application/x-www-form-urlencoded", body, new Dictionary<string, string> { [TwilioSignatureVerifier.HeaderName] = signature }), description);
    }

    /// <summary>Replaces, removes or duplicates one member somewhere in the tree; says what it did.</summary>
    private static string MutateJson(JsonNode root, Random random)
    {
        var objects = new List<JsonObject>();
        void Collect(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                objects.Add(o);
                foreach (var (_, child) in o.ToList())
                {
                    Collect(child);
                }
            }
        }

        Collect(root);
        var target = objects[random.Next(objects.Count)];
        var names = target.Select(p => p.Key).ToList();
        var name = names[random.Next(names.Count)];
        switch (random.Next(3))
        {
            case 0:
                target.Remove(name);
                return $"{name} removed";
            default:
                target[name] = OddValue(random, out var what);
                return $"{name} = {what}";
        }
    }

    private static JsonNode? OddValue(Random random, out string what)
    {
        switch (random.Next(8))
        {
            case 0:
                what = "null";
                return null;
            case 1:
                var number = OddNumbers[random.Next(OddNumbers.Length)];
                what = number;
                return JsonNode.Parse(number);
            case 2:
                what = "true";
                return true;
            case 3:
                what = "an array";
                return new JsonArray(1, "two", null);
            case 4:
                what = "an object";
                return new JsonObject { ["nested"] = new JsonObject { ["deeper"] = "x" } };
            case 5:
                var length = random.Next(1_000, 200_000);
                what = $"{length} characters";
                return new string((char)random.Next(0x20, 0x3000), length);
            default:
                var odd = OddStrings[random.Next(OddStrings.Length)];
                what = Show(odd);
                return odd;
        }
    }

    /// <summary>Serialises, sometimes with a key written twice, and swaps the placeholders for raw bytes.</summary>
    private static byte[] Raw(string json, Random random, ref string description)
    {
        if (random.Next(8) == 0 && json.StartsWith('{'))
        {
            json = "{\"callId\":\"dup\"," + json[1..];
            description += "; callId written twice";
        }

        json = json.Replace(LoneSurrogate, "\\ud800", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(json);
        var marker = Encoding.UTF8.GetBytes(InvalidUtf8);
        var at = bytes.AsSpan().IndexOf(marker);
        return at < 0 ? bytes : [.. bytes[..at], 0xC3, 0x28, .. bytes[(at + marker.Length)..]];
    }

    private static string SignedJwt(JsonObject claims, Random random, ref string description)
    {
        var header = System.Buffers.Text.Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var claimBytes = Raw(claims.ToJsonString(), random, ref description);
        var payload = System.Buffers.Text.Base64Url.EncodeToString(claimBytes);
        var signature = System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(PipelineHost.VonageSecret), Encoding.ASCII.GetBytes(header + "." + payload));
        return header + "." + payload + "." + System.Buffers.Text.Base64Url.EncodeToString(signature);
    }

    private static string Show(string value) => value.Length > 24 ? $"'{value[..24]}…' ({value.Length} chars)" : $"'{value}'";
}
