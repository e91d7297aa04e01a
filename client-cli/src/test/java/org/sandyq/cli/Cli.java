package org.sandyq.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/** Runs the real command line in-process with its own streams and environment (public for browser-tests). */
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

  Cli() {
    this(Clock.systemUTC());
  }

  private Cli(Clock clock) {
    this.clock = clock;
    env.put(PassphraseOptions.ENV, PASSPHRASE);
  }

  /** The same command line, living {@code days} days from now (for a server whose clock is moved as well). */
  Cli later(long days) {
    return new Cli(Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(days)));
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
    Io io = new Io(new PrintWriter(out, true), new PrintWriter(err, true), Map.copyOf(env), question -> null, false,
        clock);
    int status = Main.execute(io, args);
    return new Result(status, out.toString(), err.toString());
  }
}
