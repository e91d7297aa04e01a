package org.sandyq.cli;

import java.io.Console;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * Where a command reads and writes: standard streams, the environment and the terminal. Passed
 * in, never taken from statics, so tests run commands in-process with their own streams.
 *
 * @param terminal true when a person is watching a terminal (progress bars are drawn only then)
 * @param clock what time it is (UTC): request signatures and the days documents are dated with
 */
public record Io(PrintWriter out, PrintWriter err, Map<String, String> env, Prompt prompt, boolean terminal,
    Clock clock) {

  /** Reads a secret from the user's terminal; {@code null} when there is no terminal. */
  @FunctionalInterface
  public interface Prompt {
    char[] readSecret(String question);

    /** A line the user typed on the terminal (a yes or no); {@code null} when there is no terminal. */
    default String readLine(String question) {
      return null;
    }

    /** Whether there is a terminal to ask on (else a question cannot be answered, and is not shown). */
    default boolean canAsk() {
      return false;
    }
  }

  /** The terminal's prompts, through {@link Console}. */
  private record ConsolePrompt(Console console) implements Prompt {
    @Override
    public char[] readSecret(String question) {
      return console.readPassword("%s", question);
    }

    @Override
    public String readLine(String question) {
      return console.readLine("%s", question);
    }

    @Override
    public boolean canAsk() {
      return true;
    }
  }

  /** Streams that are not a terminal. */
  public Io(PrintWriter out, PrintWriter err, Map<String, String> env, Prompt prompt) {
    this(out, err, env, prompt, false);
  }

  public Io(PrintWriter out, PrintWriter err, Map<String, String> env, Prompt prompt, boolean terminal) {
    this(out, err, env, prompt, terminal, Clock.systemUTC());
  }

  /** The UTC day: what every document of the lawyer protocol is dated with. */
  public LocalDate today() {
    return LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
  }

  public static Io system() {
    Console console = System.console();
    Prompt prompt = console == null ? question -> null : new ConsolePrompt(console);
    // the launcher says whether standard error, where bars are drawn, is a terminal; Java alone
    // can only tell of standard input and output
    String stderr = System.getProperty("sandyq.stderr");
    boolean terminal = (stderr != null ? stderr.equals("terminal") : isTerminal(console))
        && !"dumb".equals(System.getenv("TERM"));
    return new Io(writer(System.out), writer(System.err), System.getenv(), prompt, terminal);
  }

  /**
   * The stream in its console's charset, except plain ASCII: that is what Java falls back to when the
   * locale (say ru_RU.UTF-8) is not installed, and it would print five of the six languages as
   * question marks. UTF-8 is then the better guess, and ASCII text is the same bytes in it.
   */
  private static PrintWriter writer(PrintStream stream) {
    Charset charset = stream.charset().equals(StandardCharsets.US_ASCII) ? StandardCharsets.UTF_8 : stream.charset();
    return new PrintWriter(new OutputStreamWriter(stream, charset), true);
  }

  /** From JDK 22 a console may exist without a terminal; {@code Console.isTerminal()} tells. */
  private static boolean isTerminal(Console console) {
    if (console == null) {
      return false;
    }
    try {
      Method m = Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (ReflectiveOperationException olderJdk) {
      return true; // before JDK 22, System.console() is null unless stdin and stdout are a terminal
    }
  }
}
