using System.CommandLine;
using Amp.AdminClient;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary>The shape every dataset, manifest and provider command shares: common options, one request, one answer.</summary>
internal static class Leaf
{
    /// <summary>A command with the common options whose action runs <paramref name="run"/> with a ready client.</summary>
    public static Command Create(CliHost host, string name, string? alias, string description, Symbol[] symbols, Func<CommandContext, Task<int>> run)
    {
        var common = new CommonOptions(host);
        var command = new Command(name, description);
        if (alias is not null)
            command.Aliases.Add(alias);
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument)
                command.Arguments.Add(argument);
            else if (symbol is Option option)
                command.Options.Add(option);
        }
        common.AddTo(command);
        common.SetClientAction(command, run);
        return command;
    }

    /// <summary>The API's JSON under <c>--json</c>, else <paramref name="text"/> of the value; an error is one line and exit 1.</summary>
    public static int Show<T>(CommandContext ctx, AdminResult<T> result, Func<T, string> text)
        where T : class
    {
        if (!result.IsSuccess)
            return ctx.Fail(result.Error);
        if (ctx.Json)
            ctx.Output.WriteJson(result.RawJson);
        else
            ctx.Output.WriteText(text(result.Value));
        return ExitCodes.Ok;
    }

    /// <summary>For answers without a body: <c>{"key":"value"}</c> under <c>--json</c>, else <c>✓ text</c>.</summary>
    public static int Done<T>(CommandContext ctx, AdminResult<T> result, string key, string value, string text)
        where T : class
    {
        if (!result.IsSuccess)
            return ctx.Fail(result.Error);
        if (ctx.Json)
            ctx.Output.WriteJson(JsonText.Write(w => { w.WriteStartObject(); w.WriteString(key, value); w.WriteEndObject(); }));
        else
            ctx.Output.WriteText($"{Marks.Ok(ctx.Output.UseColour)} {text}\n");
        return ExitCodes.Ok;
    }
}
