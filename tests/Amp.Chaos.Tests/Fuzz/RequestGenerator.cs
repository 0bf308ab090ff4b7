using System.Text;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>
/// Generates malformed and odd Admin API requests from a seed: odd IDs on every route, wrong methods, bad JSON
/// and JSON of the wrong shape, bodies over the limit, odd content types, headers and query strings, path
/// traversal and very long URLs. Mutating routes never name the live worker, so the fleet stays as it was.
/// </summary>
public sealed class RequestGenerator(int seed, string liveNodeId)
{
    /// <summary>Every route with the methods it serves (<c>/metrics</c> answers any method and is left out).</summary>
    private static readonly (string Template, string[] Methods)[] Routes =
    [
        ("/healthz", ["GET"]), ("/readyz", ["GET"]), ("/fleet", ["GET"]), ("/openapi.json", ["GET"]),
        ("/workers", ["GET"]), ("/workers/{n}", ["GET"]), ("/workers/{n}/incarnations", ["GET"]),
        ("/workers/{n}/safe-to-stop", ["GET"]), ("/workers/{n}/drain", ["POST"]), ("/workers/{n}/undrain", ["POST"]),
        ("/workers/{n}/retire", ["POST"]), ("/jobs", ["GET", "POST", "DELETE"]), ("/jobs/{j}", ["GET", "DELETE"]),
        ("/jobs/{j}/stop", ["PUT"]), ("/jobs/{j}/events", ["GET"]), ("/jobs/{j}/events/{e}", ["GET"]), ("/jobs/{j}/progress", ["GET"]),
    ];

    private static readonly string[] MainMethods = ["GET", "POST", "PUT", "DELETE", "PATCH"];
    private static readonly string[] OddMethods = ["HEAD", "OPTIONS", "TRACE", "FOO", "get", "Post", "PROPFIND", "M-SEARCH", "PATCH"];

    private static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "{\"kind\":", "{\"kind\":\"sleep\",}", "{'kind':'sleep','seconds':1}", "{kind:\"sleep\"}",
        "{\"kind\":\"sleep\",\"seconds\":1}{}", "{\"kind\":\"sleep\"/*c*/,\"seconds\":1}", "[1,2", "\"unterminated",
        "{\"kind\":\"sleep\",\"seconds\":01}", "{\"kind\":\"sleep\",\"seconds\":NaN}", "{\"kind\":\"sleep\",\"seconds\":-}",
        "{\"kind\":\"sl\\eep\"}", "{\"kind\":\"sleep\\u00\"}", "nul", "tru", "\u0000", "{\"a\"\u0000:1}", "\ufeff{\"kind\":\"sleep\",\"seconds\":0}",
        "kind=sleep&seconds=1", "<job kind=\"sleep\"/>",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00], [0x7B, 0x22, 0xC0, 0xAF, 0x22, 0x3A, 0x31, 0x7D], [0xED, 0xA0, 0x80],
        [0x7B, 0x22, 0x6B, 0x69, 0x6E, 0x64, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], [0x80, 0x81, 0x82], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly KeyValuePair<string, string>[] OddHeaders =
    [
        new("Accept", "application/xml"), new("Accept", "*/*;q=abc"), new("Accept-Encoding", "gzip, br, bogus;q=2"),
        new("Content-Encoding", "gzip"), new("X-Forwarded-For", "not-an-ip, 999.999.1.1"), new("X-Forwarded-Host", "evil.example"),
        new("Authorization", "Bearer " + new string('A', 3000)), new("Cookie", new string('c', 6000)), new("Range", "bytes=-1-2"),
        new("If-None-Match", "\"*\""), new("Expect", "100-continue"), new("X-HTTP-Method-Override", "DELETE"), new("Origin", "null"),
        new("Accept-Language", "zz-ZZ;q=0.1, *;q=-1"), new("X-Request-Id", "%00%0A"), new("Connection", "close"), new("Via", "1.1 ?"),
        new("X-Big", new string('x', 40_000)),
    ];

    private static readonly byte[] Huge = BuildHugeBody();

    public IReadOnlyList<FuzzRequest> Generate(int count)
    {
        var v = new FuzzValues(new Random(seed), liveNodeId);
        var list = new List<FuzzRequest>(count);
        // Every wrong method on every route once, then the random mix.
        foreach (var (template, allowed) in Routes)
        {
            foreach (var method in MainMethods.Except(allowed))
                list.Add(WrongMethod(list.Count, v, template, method));
        }
        // NUL and invalid UTF-8 in every query parameter of every route and in every path segment, once each.
        foreach (var request in UnstorableText(list.Count))
            list.Add(request);
        for (var i = list.Count; i < count; i++)
        {
            var r = v.Random.Next(100) switch
            {
                < 28 => Read(i, v),
                < 38 => WrongMethod(i, v),
                < 43 => OddMethod(i, v),
                < 73 => CreateJob(i, v),
                < 74 => HugeBody(i, v),
                < 84 => Mutation(i, v),
                < 93 => Query(i, v),
                _ => OddPath(i, v),
            };
            if (r.Expect == Expectation.No5xx && v.Chance(15))
                r = r with { Category = r.Category + "+headers", Headers = [.. Enumerable.Range(0, v.Random.Next(1, 4)).Select(_ => v.Pick(OddHeaders))] };
            list.Add(r);
        }
        return list;
    }

    private static string Fill(string template, FuzzValues v, bool mayBeLive) => template
        .Replace("{n}", v.NodeSegment(mayBeLive), StringComparison.Ordinal)
        .Replace("{j}", v.JobIdText(), StringComparison.Ordinal)
        .Replace("{e}", v.JobIdText(), StringComparison.Ordinal);

    private static FuzzRequest Read(int i, FuzzValues v)
    {
        var (template, _) = v.Pick(Routes.Where(r => r.Methods.Contains("GET")).ToArray());
        return new FuzzRequest(i, "read", "GET", Fill(template, v, mayBeLive: true));
    }

    private static FuzzRequest WrongMethod(int i, FuzzValues v)
    {
        var (template, allowed) = v.Pick(Routes);
        return WrongMethod(i, v, template, v.Pick(MainMethods.Except(allowed).ToArray()));
    }

    private static FuzzRequest WrongMethod(int i, FuzzValues v, string template, string method)
    {
        // Well-formed parameters, so only the method is wrong; never the live worker.
        var path = template.Replace("{n}", v.UnknownNodeId(), StringComparison.Ordinal)
            .Replace("{j}", v.Random.Next(1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{e}", "1", StringComparison.Ordinal);
        return new FuzzRequest(i, "wrong-method", method, path, Expect: Expectation.MethodNotAllowed);
    }

    private static FuzzRequest OddMethod(int i, FuzzValues v)
    {
        var (template, _) = v.Pick(Routes);
        var body = v.Chance(30) ? Encoding.UTF8.GetBytes("{\"kind\":\"sleep\",\"seconds\":0}") : null;
        return new FuzzRequest(i, "odd-method", v.Pick(OddMethods), Fill(template, v, mayBeLive: false), body, body is null ? null : "application/json");
    }

    /// <summary>A JSON body over the 1 MiB limit, with or without a length, with or without waiting for 100-continue.</summary>
    private static FuzzRequest HugeBody(int i, FuzzValues v) =>
        new(i, "huge-body", "POST", "/jobs", Huge, v.Pick(["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"]),
            Headers: v.Chance(50) ? [new("Expect", "100-continue")] : null, Chunked: v.Chance(40), Expect: Expectation.PayloadTooLarge);

    private static FuzzRequest Mutation(int i, FuzzValues v)
    {
        var (method, template) = v.Pick<(string, string)>(
        [
            ("POST", "/workers/{n}/drain"), ("POST", "/workers/{n}/undrain"), ("POST", "/workers/{n}/retire"),
            ("PUT", "/jobs/{j}/stop"), ("DELETE", "/jobs/{j}"), ("DELETE", "/jobs?status=" + v.QueryValue()),
        ]);
        var body = v.Chance(20) ? Encoding.UTF8.GetBytes(v.AnyJson()) : null;
        return new FuzzRequest(i, "mutation", method, Fill(template, v, mayBeLive: false), body, body is null ? null : v.ContentType());
    }

    /// <summary>Every query parameter the API reads, by route (GET unless stated).</summary>
    private static readonly (string Method, string Path, string[] Parameters)[] Parameters =
    [
        ("GET", "/workers", ["status", "version", "include_retired", "limit", "cursor"]),
        ("GET", "/workers/fuzz-none/incarnations", ["limit", "cursor", "duplicate_starts_cursor"]),
        ("GET", "/jobs", ["status", "limit", "last_job_id"]),
        ("DELETE", "/jobs", ["status"]),
        ("GET", "/jobs/1/events", ["limit", "last_event_id"]),
        ("GET", "/fleet", ["x"]),
    ];

    private static readonly string[] UnstorableValues = ["%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "v%F8%88%80%80%80"];

    private static IEnumerable<FuzzRequest> UnstorableText(int first)
    {
        var i = first;
        foreach (var (method, path, names) in Parameters)
            foreach (var name in names)
                foreach (var value in UnstorableValues)
                    yield return new FuzzRequest(i++, "unstorable-query", method, $"{path}?{name}={value}", Expect: Expectation.UnstorableText);
        foreach (var (template, methods) in Routes.Where(r => r.Template.Contains('{', StringComparison.Ordinal)))
            foreach (var value in UnstorableValues)
                yield return new FuzzRequest(i++, "unstorable-path", methods[0], template.Replace("{n}", value, StringComparison.Ordinal).Replace("{j}", value, StringComparison.Ordinal).Replace("{e}", value, StringComparison.Ordinal),
                    Expect: Expectation.UnstorableText);
    }

    private static FuzzRequest Query(int i, FuzzValues v)
    {
        var path = v.Pick(["/workers", "/jobs", "/fleet", "/workers/" + Uri.EscapeDataString(v.UnknownNodeId()), "/jobs/1/events"]);
        string[] names = ["status", "limit", "last_job_id", "version", "include_retired", "status", "limit", "x", "", "%00", "st%61tus", "LIMIT", "a[b]", "__proto__"];
        var parts = Enumerable.Range(0, v.Chance(5) ? v.Random.Next(100, 600) : v.Random.Next(1, 6))
            .Select(_ => v.Chance(10) ? v.Pick(names) : $"{v.Pick(names)}={v.QueryValue()}");
        var query = string.Join(v.Chance(10) ? ";" : "&", parts);
        return new FuzzRequest(i, "query", "GET", $"{path}?{query}{(v.Chance(5) ? "#frag" : "")}");
    }

    private static FuzzRequest OddPath(int i, FuzzValues v) => v.Random.Next(6) switch
    {
        0 => new(i, "long-url", "GET", "/workers/" + new string('a', v.Random.Next(5_000, 30_000))),
        1 => new(i, "long-url", "GET", "/jobs?status=" + new string('x', v.Random.Next(5_000, 30_000))),
        2 => new(i, "traversal", "GET", v.Pick(["/jobs/..%2F..%2Fetc%2Fpasswd", "/workers/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/workers/..%5c..%5cwindows", "/jobs/1/events/..%2F..%2F..%2Fworkers", "/workers/.%2E/fleet"])),
        3 => new(i, "unknown-route", v.Pick(MainMethods), "/" + Uri.EscapeDataString(v.RandomUnicode(v.Random.Next(1, 30)))),
        4 => new(i, "unknown-route", "GET", v.Pick(["/", "//workers", "/workers/", "/workers//incarnations", "/jobs/1/", "/jobs//stop", "/api/workers", "/WORKERS", "/workers/a/b/c/d", "/jobs/1/events/1/2", "/healthz/", "/metrics/x"])),
        _ => new(i, "unknown-route", "GET", "/" + string.Join('/', Enumerable.Range(0, v.Random.Next(50, 400)).Select(_ => "x"))),
    };

    private static FuzzRequest CreateJob(int i, FuzzValues v)
    {
        var contentType = v.Chance(75) ? "application/json" : v.Chance(50) ? null : v.ContentType();
        byte[] body;
        string what;
        switch (v.Random.Next(20))
        {
            case < 8:
                (what, body) = ("odd-field", Encoding.UTF8.GetBytes(OddField(v)));
                break;
            case < 11:
                (what, body) = ("wrong-shape", Encoding.UTF8.GetBytes(v.AnyJson()));
                break;
            case < 14:
                (what, body) = ("malformed", Encoding.UTF8.GetBytes(v.Pick(MalformedJson)));
                break;
            case 14:
                (what, body) = ("invalid-utf8", v.Pick(InvalidUtf8));
                break;
            case 15:
            {
                var n = v.Random.Next(65, 100_000);
                var nested = v.Chance(50) ? new string('[', n) + new string(']', n) : string.Concat(Enumerable.Repeat("{\"a\":", n)) + "1" + new string('}', n);
                (what, body) = ("deep-nesting", Encoding.UTF8.GetBytes(nested));
                break;
            }
            case 16:
                (what, body) = ("big-under-limit", Encoding.UTF8.GetBytes($"{{\"kind\":\"sleep\",\"seconds\":0,\"pad\":\"{new string('p', v.Random.Next(100_000, 1_000_000))}\"}}"));
                break;
            case 17:
                (what, body) = ("huge-number", Encoding.UTF8.GetBytes($"{{\"kind\":\"sleep\",\"seconds\":{new string('9', v.Random.Next(300, 50_000))}}}"));
                break;
            default:
                (what, body) = ("valid", Encoding.UTF8.GetBytes(ValidJob(v)));
                break;
        }
        return new FuzzRequest(i, "create-job:" + what, "POST", "/jobs", body, contentType, Chunked: v.Chance(10));
    }

    /// <summary>A sleep job that is right in every field but one.</summary>
    private static string OddField(FuzzValues v)
    {
        var fields = new Dictionary<string, string> { ["\"kind\""] = "\"sleep\"", ["\"seconds\""] = "0" };
        switch (v.Random.Next(8))
        {
            case 0: fields["\"seconds\""] = v.OddNumber(); break;
            case 1: fields["\"kind\""] = v.Chance(50) ? v.OddString() : v.AnyJson(); break;
            case 2: fields["\"fail\""] = v.Chance(50) ? v.Pick(["\"ERROR\"", "\"\"", "1", "null", "\"crash\""]) : v.AnyJson(); break;
            case 3: fields["\"worker_id\""] = v.Chance(70) ? v.OddString() : v.AnyJson(); break;
            case 4: fields["\"idempotency_key\""] = v.Chance(70) ? v.OddString() : v.AnyJson(); break;
            case 5: fields["\"max_attempts\""] = v.Chance(70) ? v.OddNumber() : v.Pick(["0", "1001", "1.5", "\"3\"", "1e10", "-1", "2147483648"]); break;
            case 6: fields[v.OddString()] = v.AnyJson(); break;
            default: return "{\"kind\":\"sleep\",\"seconds\":0,\"seconds\":" + v.OddNumber() + (v.Chance(50) ? ",\"kind\":\"sleep\"" : "") + "}";
        }
        return "{" + string.Join(',', fields.Select(f => $"{f.Key}:{f.Value}")) + "}";
    }

    /// <summary>A job the controller accepts (or refuses for capacity): short sleeps on the live worker or by prefix.</summary>
    private static string ValidJob(FuzzValues v)
    {
        var extra = v.Random.Next(6) switch
        {
            0 => $",\"worker_id\":\"{v.LiveNodeId}\"",
            1 => $",\"worker_id\":\"{v.LiveNodeId[..2]}*\"",
            2 => ",\"worker_id\":\"zz-nobody*\"",
            3 => $",\"idempotency_key\":\"fuzz-{v.Random.Next(20)}\"",
            4 => ",\"fail\":\"error\",\"max_attempts\":1",
            _ => "",
        };
        return $"{{\"kind\":\"sleep\",\"seconds\":{v.Random.Next(2)}{extra}}}";
    }

    private static byte[] BuildHugeBody()
    {
        var sb = new StringBuilder("{\"kind\":\"sleep\",\"seconds\":0,\"pad\":\"");
        sb.Append('p', (int)(1.5 * 1024 * 1024));
        return Encoding.UTF8.GetBytes(sb.Append("\"}").ToString());
    }
}
