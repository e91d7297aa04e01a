package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Properties;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code sandyq} itself: its commands, and how a failure is told. Its own model is built in code,
 * as {@link CodedCommand}s' are, so that a command built so reads no annotation at all.
 */
public final class Main implements Runnable {
  /**
   * The client's commands, in the order {@code --help} lists them: annotated classes and
   * {@link CodedCommand}s. Not declared as picocli subcommands, because picocli would then build the
   * model of every one of them on each run (about half of a small command's start-up);
   * {@link #commandLine(Io, List, String...)} builds what a run needs.
   */
  static final List<Object> COMMANDS = List.of(KeygenCommand.class, PolicyCommand.class, SealCommand.class,
      SanitizeCommand.COMMAND, SubmitCommand.class, StatusCommand.class, FollowupCommand.class, InboxCommand.class,
      UnsealCommand.class, ReplyCommand.class, ExportCommand.class, HoldCommand.Hold.class, HoldCommand.Release.class,
      AuditCommand.class, TrustCommand.class, CompletionCommand.class);

  /** Exit status for a failure the user can act on (bad input, failed verification). */
  public static final int EXIT_FAILURE = 1;

  /** Exit status for a command line that does not parse: an unknown option, a missing one, a bad value. */
  public static final int EXIT_USAGE = 2;

  /** The exit codes, as every command's {@code --help} ends. */
  static final String EXIT_CODES = "Exit status: 0 done; 1 refused or failed (one line on stderr says why);"
      + " 2 usage error (an unknown or missing option, a bad value).";

  /** Set by the {@code ./sandyq} launcher to the name it was run as, so printed hints can be pasted. */
  public static final String LAUNCHER = "SANDYQ_LAUNCHER";

  private CommandSpec spec;

  private Main() {}

  /** The model of {@code sandyq} without its commands: what picocli's {@code mixinStandardHelpOptions} gives, and {@code --help} (added to every command). */
  private static CommandSpec spec() {
    Main main = new Main();
    main.spec = CommandSpec.wrapWithoutInspection(main).name("sandyq").versionProvider(new Version());
    main.spec.usageMessage().description("Anonymous tip line and k-of-n sealed evidence vault.");
    main.spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
        .description("Print version information and exit.").build());
    return main.spec;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed");
  }

  /** The version of the Maven project this was built from. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return new String[] {"sandyq " + version()};
    }

    static String version() throws IOException {
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        Properties p = new Properties();
        if (in != null) {
          p.load(in);
        }
        return p.getProperty("version", "unknown");
      }
    }
  }

  /** How the user ran sandyq ({@code ./sandyq} through the launcher), for hints meant to be pasted. */
  public static String launcher(Io io) {
    String launcher = io.env().get(LAUNCHER);
    return launcher == null || launcher.isBlank() ? "sandyq" : launcher;
  }

  public static void main(String[] args) {
    main(List.of(), args);
  }

  /**
   * Runs one command line in this JVM and exits with its status; {@code more} are commands beside
   * the client's own (the server's, in the {@code sandyq} launcher jar: see {@link #execute(Io, List, String...)}).
   */
  public static void main(List<?> more, String[] args) {
    // Tika logs through SLF4J, which has no provider here; without this it prints three warning
    // lines on every run that sanitizes, burying the one-line errors and results
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    System.exit(execute(Io.system(), more, args));
  }

  /** Runs one command line; the return value is the process exit status. */
  public static int execute(Io io, String... args) {
    return execute(io, List.of(), args);
  }

  /**
   * Runs one command line with {@code more} commands beside the client's own: picocli command
   * classes (or objects), made like the client's (a constructor taking an {@link Io} gets this
   * one). The client does not depend on the server; the {@code sandyq} launcher jar (the dist
   * module) adds the server's commands this way. They print where picocli's command line says, which
   * is {@code io}'s streams, and a failure they do not handle themselves is described as the
   * client's are.
   */
  public static int execute(Io io, List<?> more, String... args) {
    // whatever the command: a run killed with SIGKILL left its plaintext in its scratch directory,
    // and waiting for the next command that makes one (submit, seal, …) would leave it for days
    Scratch.sweepLeftovers(io);
    CommandLine cli = commandLine(io, more, args);
    int status = cli.execute(args);
    io.out().flush();
    io.err().flush();
    return status;
  }

  /** The whole command line, ready to execute: every command and subcommand, its help, its failures. */
  public static CommandLine commandLine(Io io, List<?> more) {
    return build(io, commands(more), true);
  }

  /**
   * The command line that {@code args} need: only the command they name when they start with one
   * (its subcommands, options and help are the same as in the whole tree, and it parses the same),
   * only {@code sandyq} itself for a bare {@code --version}, else the whole tree (the top usage
   * lists every command, {@code help} and {@code completion} walk it, and an unknown command is
   * told apart from a known one only with all of them there).
   */
  static CommandLine commandLine(Io io, List<?> more, String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return build(io, List.of(), false);
    }
    if (args.length > 0) {
      // the commands built in code first: their names are known without reading an annotation
      for (Object command : commands(more)) {
        if (command instanceof CodedCommand coded && coded.name().equals(args[0])) {
          return build(io, List.of(command), false);
        }
      }
      for (Object command : commands(more)) {
        if (command instanceof CodedCommand) {
          continue;
        }
        Class<?> type = command instanceof Class<?> c ? c : command.getClass();
        Command annotation = type.getAnnotation(Command.class);
        if (annotation != null && annotation.name().equals(args[0]) && type != CompletionCommand.class) {
          return build(io, List.of(command), false);
        }
      }
    }
    return build(io, commands(more), true);
  }

  /** The client's commands and then {@code more}, in the order {@code --help} lists them. */
  private static List<Object> commands(List<?> more) {
    List<Object> all = new java.util.ArrayList<>(COMMANDS);
    all.addAll(more);
    return all;
  }

  /** {@code sandyq} with {@code commands} (and {@code help} when {@code whole}), ready to execute. */
  private static CommandLine build(Io io, List<?> commands, boolean whole) {
    Factory factory = new Factory(io);
    CommandLine cli = new CommandLine(spec(), factory);
    for (Object command : commands) {
      if (command instanceof CodedCommand coded) {
        cli.addSubcommand(coded.name(), new CommandLine(coded.spec(io), factory));
      } else {
        cli.addSubcommand(command);
      }
    }
    if (whole) {
      cli.addSubcommand(new HelpCommand()); // last in the list of commands, as it always was
    }
    helpEverywhere(cli);
    cli.getCommandSpec().usageMessage().footer("",
        "Run `" + launcher(io) + " COMMAND --help` for a command's options.", EXIT_CODES);
    // the streams after every command is added: picocli hands them down to the commands it has
    cli.setOut(io.out());
    cli.setErr(io.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      Output output = mixin(cmd.getCommandSpec(), Output.class);
      return fail(io, parsed.originalArgs(), output == null ? null : output.partial(), Failure.code(e),
          describe(e, words(cmd)), EXIT_FAILURE);
    });
    cli.setParameterExceptionHandler((e, given) -> {
      List<String> unmatched = e.getCommandLine().getUnmatchedArguments();
      if (!(e instanceof CommandLine.UnmatchedArgumentException) && !unmatched.isEmpty()) {
        // picocli checks required options before unknown ones: a typo in an option's name would be
        // reported as that option missing, which sends the user looking in the wrong place
        e = new CommandLine.UnmatchedArgumentException(e.getCommandLine(), unmatched);
      }
      String command = e.getCommandLine().getCommandSpec().qualifiedName(" ");
      command = launcher(io) + command.substring(command.indexOf(' ') < 0 ? command.length() : command.indexOf(' '));
      Words words = words(e.getCommandLine());
      String said = words == null ? null : words.usage(List.of(given), e, command + " --help");
      return fail(io, List.of(given), null, Failure.USAGE.code(),
          said != null ? said : firstLine(e.getMessage()) + "; see `" + command + " --help`", EXIT_USAGE);
    });
    return cli;
  }

  /**
   * Prints a failure: its one line on stderr, and with {@code --json} among the arguments also one
   * object on stdout, {@code {"error": {"code", "message", "exit"}}}, for scripts.
   */
  private static int fail(Io io, List<String> args, ObjectNode found, String code, String message, int exit) {
    io.err().println("sandyq: " + message);
    io.err().flush();
    int end = args.indexOf("--");
    if ((end < 0 ? args : args.subList(0, end)).contains("--json")) {
      ObjectNode error = found == null ? Json.object() : found.deepCopy();
      error.putObject("error").put("code", code).put("message", message).put("exit", exit);
      io.out().print(Json.pretty(error));
      io.out().flush();
    }
    return exit;
  }

  /** A command's mixin of this type (also one inside another mixin), or null. */
  private static <T> T mixin(CommandSpec spec, Class<T> type) {
    for (CommandSpec mixin : spec.mixins().values()) {
      if (type.isInstance(mixin.userObject())) {
        return type.cast(mixin.userObject());
      }
      T inner = mixin(mixin, type);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  /** The {@code --lang} of a command that speaks to sources, if this is one. */
  private static Words words(CommandLine cmd) {
    return mixin(cmd.getCommandSpec(), Words.class);
  }

  /**
   * {@code -h}/{@code --help} on every command and subcommand (the command-line contract), not only on
   * {@code sandyq} itself; a command that defines its own help option keeps it.
   */
  private static void helpEverywhere(CommandLine command) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
      spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
          .description("Show this help message and exit.").build());
    }
    if (spec.usageMessage().footer().length == 0) {
      spec.usageMessage().footer("", EXIT_CODES);
    }
    command.getSubcommands().values().forEach(Main::helpEverywhere);
  }

  /** One line that says what went wrong, without a stack trace; in the source's language if it has a sentence. */
  static String describe(Throwable e, Words words) {
    if (words != null && e instanceof UserError u) {
      try {
        return firstLine(words.say(u));
      } catch (UserError unknownLanguage) {
        return unknownLanguage.getMessage();
      }
    }
    return describe(e);
  }

  /** One line that says what went wrong, without a stack trace. */
  static String describe(Throwable e) {
    if (e instanceof UncheckedIOException u) {
      e = u.getCause();
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof UserError || e instanceof MalformedJsonException || e instanceof GeneralSecurityException
        || e instanceof PolicyException) {
      return firstLine(message);
    }
    if (e instanceof NoSuchFileException) {
      return "no such file: " + message;
    }
    if (e instanceof FileAlreadyExistsException) {
      return "already exists: " + message;
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied: " + message;
    }
    if (e instanceof IOException) {
      return "input/output error: " + firstLine(message);
    }
    if (e instanceof IllegalArgumentException) {
      return firstLine(message);
    }
    return "unexpected " + e.getClass().getSimpleName() + ": " + firstLine(message)
        + " (please report this; nothing was written)";
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Gives every command, subcommand and mixin that wants one the {@link Io}. */
  private record Factory(Io io) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      for (Constructor<?> c : cls.getDeclaredConstructors()) {
        if (c.getParameterCount() == 1 && c.getParameterTypes()[0] == Io.class) {
          c.setAccessible(true);
          return cls.cast(c.newInstance(io));
        }
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
