package org.sandyq.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Where a command reads and writes: standard streams, the environment and the terminal. Passed
 * in, never taken from statics, so tests run commands in-process with their own streams.
 */
public record Io(PrintWriter out, PrintWriter err, Map<String, String> env, Prompt prompt) {

  /** Reads a secret from the user's terminal; {@code null} when there is no terminal. */
  @FunctionalInterface
  public interface Prompt {
    char[] readSecret(String question);
  }

  public static Io system() {
    Console console = System.console();
    Prompt prompt = console == null ? question -> null : question -> console.readPassword("%s", question);
    return new Io(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv(), prompt);
  }
}
