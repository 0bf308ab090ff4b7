using System.CommandLine;
using System.Diagnostics.CodeAnalysis;
using Amp.AdminClient;
using Ampctl.Output;

namespace Ampctl.Commands;

/// <summary>
/// The options every leaf command takes: <c>--admin-url</c> (env <c>AMP_ADMIN_URL</c>), <c>--auth-token</c>
/// (env <c>AMP_AUTH_TOKEN</c>, sent as a bearer token), <c>--json</c> and <c>-o json|wide|text</c> (kubectl's habit;
/// <c>-o json</c> is <c>--json</c>). Create one instance per command. They may also come before the command
/// (<c>ampctl --admin-url URL worker list</c>): <see cref="Cli"/> moves them behind it.
/// </summary>
internal sealed class CommonOptions
{
    public const string AdminUrlEnv = "AMP_ADMIN_URL";
    public const string AuthTokenEnv = "AMP_AUTH_TOKEN";

    private readonly CliHost _host;

    /// <summary>Options that may be written before the command, with and without a value.</summary>
    public static readonly IReadOnlySet<string> GlobalWithValue = new HashSet<string>(StringComparer.Ordinal) { "--admin-url", "--auth-token", "--output", "-o" };
    public static readonly IReadOnlySet<string> GlobalFlags = new HashSet<string>(StringComparer.Ordinal) { "--json" };

    /// <param name="jsonDescription">Help for <c>--json</c> when the command prints something other than the API's answer.</param>
    /// <param name="outputFormat">False for a command whose own <c>--output</c>/<c>-o</c> means something else (a file).</param>
    public CommonOptions(CliHost host, string? jsonDescription = null, bool outputFormat = true)
    {
        _host = host;
        AdminUrl = new Option<string>("--admin-url")
        {
            Description = $"Admin API URL [env: {AdminUrlEnv}]",
            HelpName = "URL",
            DefaultValueFactory = _ => host.GetEnvNonEmpty(AdminUrlEnv) ?? AdminApiClient.DefaultBaseUrl,
        };
        // No DefaultValueFactory: help would print the token from the environment.
        AuthToken = new Option<string?>("--auth-token")
        {
            Description = $"Bearer token for a gateway in front of the Admin API [env: {AuthTokenEnv}]",
            HelpName = "TOKEN",
        };
        Json = new Option<bool>("--json")
        {
            Description = jsonDescription ?? "Print the Admin API's JSON response on one line instead of text",
        };
        if (outputFormat)
        {
            Format = new Option<string?>("--output", "-o")
            {
                Description = "Output format: text (default), wide (more columns where the command has them), or json (same as --json)",
                HelpName = "FORMAT",
            };
            Format.AcceptOnlyFromAmong("text", "wide", "json");
        }
    }

    public Option<string?>? Format { get; }

    public Option<string> AdminUrl { get; }

    public Option<string?> AuthToken { get; }

    public Option<bool> Json { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(AdminUrl);
        command.Options.Add(AuthToken);
        command.Options.Add(Json);
        if (Format is not null)
            command.Options.Add(Format);
    }

    /// <summary>
    /// Sets the command's action: build the client from the options (an unusable URL is a usage error, exit 2,
    /// before any request), run <paramref name="run"/> with it, dispose it.
    /// </summary>
    public void SetClientAction(Command command, Func<CommandContext, Task<int>> run)
    {
        command.SetAction(async (ParseResult parsed, CancellationToken ct) =>
        {
            var output = new CliOutput(_host);
            if (!TryCreateClient(parsed, out var client, out var usage))
            {
                output.Errors.Write(usage);
                return ExitCodes.Usage;
            }
            using (client)
            {
                var format = Format is null ? null : parsed.GetValue(Format);
                return await run(new CommandContext(parsed, client, output, parsed.GetValue(Json) || format == "json", ct) { Wide = format == "wide" }).ConfigureAwait(false);
            }
        });
    }

    /// <summary>
    /// Builds the Admin API client from the parsed options, or explains (as a usage error) why the URL is unusable.
    /// </summary>
    public bool TryCreateClient(ParseResult parsed, [NotNullWhen(true)] out AdminApiClient? client, [NotNullWhen(false)] out string? error)
    {
        client = null;
        var raw = parsed.GetValue(AdminUrl) ?? AdminApiClient.DefaultBaseUrl;
        if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var url) || !AdminApiClient.IsHttpUrl(url))
        {
            var source = parsed.GetResult(AdminUrl) is { Implicit: false } ? "--admin-url" : AdminUrlEnv;
            error = $"invalid {source} '{raw}': must be an absolute http:// or https:// URL, e.g. {AdminApiClient.DefaultBaseUrl}";
            return false;
        }
        var token = parsed.GetValue(AuthToken) is { Length: > 0 } t ? t : _host.GetEnvNonEmpty(AuthTokenEnv);
        client = new AdminApiClient(url, token);
        error = null;
        return true;
    }
}
