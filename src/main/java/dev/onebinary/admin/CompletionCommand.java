package dev.onebinary.admin;

import dev.onebinary.platform.ExitCode;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code app completion bash|zsh}: the shell completion script of this release's commands and options (picocli's). */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = "Print a shell completion script: source <(app completion bash) (zsh: the same, in .zshrc).")
public class CompletionCommand extends BeforeBootCommand {

    /** The shells the script is for; zsh runs bash completion scripts through bashcompinit. */
    enum Shell {
        bash,
        zsh
    }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    protected int run() {
        String script = AutoComplete.bash("app", Cli.model());
        if (shell == Shell.zsh) {
            out().println("autoload -U +X compinit && compinit");
            out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        out().print(script);
        out().flush();
        return ExitCode.OK;
    }
}
