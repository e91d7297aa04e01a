package org.sandyq.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.sandyq.cli.trust.TrustStore;

/**
 * Runs the real command line (with the server's commands, {@link WithServer}) in-process with its
 * own streams and environment (public for browser-tests and the dist module's tests).
 */
public final class Cli {
  public static final String PASSPHRASE = "correct horse battery staple";

  public record Result(int status, String out, String err) {
    public Result assertOk() {
      if (status != 0) {
        throw new AssertionError("exit " + status + "\nstdout: " + out + "\nstderr: " + err);
      }
      return this;
    }

    public Result assertFails() {
      if (status == 0) {
        throw new AssertionError("expected a failure\nstdout: " + out);
      }
      if (err.strip().lines().count() != 1 || !err.startsWith("sandyq: ")) {
        throw new AssertionError("a failure prints exactly one line starting with 'sandyq: ', got:\n" + err);
      }
      return this;
    }
  }

  private final Map<String, String> env = new HashMap<>();
  private final Clock clock;
  private String answer;

  public Cli() {
    this(Clock.systemUTC());
  }

  private Cli(Clock clock) {
    this.clock = clock;
    env.put(PassphraseOptions.ENV, PASSPHRASE);
    try {
      // a trust store of its own: never the developer's ~/.sandyq, never another test's
      env.put(TrustStore.HOME, Files.createTempDirectory(Homes.ROOT, "home-").toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where the test JVM's trust stores live: one directory, removed when the JVM ends (a test run
   * makes about a thousand, which would otherwise stay in the temporary directory).
   */
  private static final class Homes {
    static final Path ROOT = create();

    private static Path create() {
      try {
        Path root = Files.createTempDirectory("sandyq-test-homes-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root)));
        return root;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void deleteTree(Path root) {
      try (var paths = Files.walk(root)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException | UncheckedIOException e) {
        // best effort at exit: what is left is in the temporary directory
      }
    }
  }

  /**
   * The same command line (same environment, so the same trust store), living {@code days} days from
   * now (for a server whose clock is moved as well).
   */
  Cli later(long days) {
    Cli later = new Cli(Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(days)));
    later.env.putAll(env);
    return later;
  }

  /**
   * The same command line at a terminal where the person answers {@code answer} to every question
   * (the questions asked are kept in {@link #questions}).
   */
  Cli answering(String answer) {
    Cli at = new Cli(clock);
    at.env.putAll(env);
    at.answer = answer;
    return at;
  }

  /** The questions asked at the terminal, in order. */
  final java.util.List<String> questions = new java.util.ArrayList<>();

  private Io.Prompt prompt() {
    if (answer == null) {
      return question -> null;
    }
    return new Io.Prompt() {
      @Override
      public char[] readSecret(String question) {
        return null;
      }

      @Override
      public String readLine(String question) {
        questions.add(question);
        return answer;
      }

      @Override
      public boolean canAsk() {
        return true;
      }
    };
  }

  /** Its trust store and state directory ($SANDYQ_HOME). */
  public Path home() {
    return Path.of(env.get(TrustStore.HOME));
  }

  Cli with(String variable, String value) {
    env.put(variable, value);
    return this;
  }

  Cli without(String variable) {
    env.remove(variable);
    return this;
  }

  public Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env), prompt(), answer != null,
        clock);
    int status = WithServer.execute(io, args);
    return new Result(status, out.toString(), err.toString());
  }
}
