using System.CommandLine;

namespace Ampctl.Commands;

/// <summary>
/// <c>ampctl completion bash|zsh|fish</c>: prints a shell completion script. The script asks ampctl itself for the
/// candidates (System.CommandLine's <c>[suggest]</c> directive), so completion always matches the installed version.
/// Install with <c>source &lt;(ampctl completion bash)</c>, <c>ampctl completion zsh &gt; "${fpath[1]}/_ampctl"</c>, or
/// <c>ampctl completion fish &gt; ~/.config/fish/completions/ampctl.fish</c>.
/// </summary>
internal static class CompletionCommand
{
    public const string Bash = """
        # ampctl completion for bash: source <(ampctl completion bash)
        _ampctl_complete() {
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(ampctl "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _ampctl_complete ampctl

        """;

    public const string Zsh = """
        #compdef ampctl
        # ampctl completion for zsh: ampctl completion zsh > "${fpath[1]}/_ampctl"
        _ampctl() {
            local -a candidates
            candidates=("${(@f)$(ampctl "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _ampctl ampctl

        """;

    public const string Fish = """
        # ampctl completion for fish: ampctl completion fish > ~/.config/fish/completions/ampctl.fish
        function __ampctl_complete
            set -l line (commandline -cp)
            ampctl "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null
        end
        complete -c ampctl -f -a '(__ampctl_complete)'

        """;

    public static Command Create(CliHost host)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish" };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = new Command("completion", "Print a shell completion script (bash, zsh or fish)") { shell };
        command.SetAction(parsed =>
        {
            host.Stdout.Write(parsed.GetValue(shell) switch
            {
                "zsh" => Zsh,
                "fish" => Fish,
                _ => Bash,
            });
            return ExitCodes.Ok;
        });
        return command;
    }
}
