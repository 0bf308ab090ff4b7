using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>The timestamp contract of the Admin API: RFC 3339, UTC with a Z, whole seconds.</summary>
public static partial class Rfc3339
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    public static partial Regex Pattern();

    public static void AssertTimestamp(string? value, string field)
    {
        Assert.True(value is not null && Pattern().IsMatch(value), $"{field} is '{value}', not RFC 3339 UTC whole seconds with a Z");
    }

    public static DateTimeOffset Parse(string value) =>
        DateTimeOffset.ParseExact(value, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static DateTimeOffset Of(JsonElement worker, string field) => Parse(worker.GetProperty(field).GetString()!);
}
