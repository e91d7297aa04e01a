package org.sandyq.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line and the server as separate JVMs on the test's class path: what people and
 * operators run, with their own environment ($SANDYQ_HOME, one per person's machine) and nothing
 * shared in memory with the test.
 */
final class ChildProcesses {
  private static final Pattern LISTENING = Pattern.compile("\"event\":\"listening\",\"host\":\"[^\"]*\",\"port\":(\\d+)");

  private ChildProcesses() {}

  private static List<String> java(String... args) {
    return java(List.of(), args);
  }

  private static List<String> java(List<String> jvmOptions, String... args) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--enable-native-access=ALL-UNNAMED", "-Xmx256m"));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), WithServer.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** One person's machine: the command line with its own $SANDYQ_HOME. */
  static final class Person {
    final Path home;

    Person(Path home) throws IOException {
      this.home = Files.createDirectories(home);
    }

    Cli.Result run(String... args) throws Exception {
      Running p = start(List.of(), args);
      if (!p.process.waitFor(180, TimeUnit.SECONDS)) {
        p.process.destroyForcibly();
        throw new AssertionError("sandyq " + String.join(" ", args) + " did not finish in 180 s");
      }
      return p.result();
    }

    /**
     * Starts the command line with these JVM options and returns at once, for a test that signals
     * it. Through {@code env --default-signal}: a JVM whose parent ignores SIGINT (a build tool run
     * in the background) would ignore it too, where a person's terminal delivers it.
     */
    Running start(List<String> jvmOptions, String... args) throws IOException {
      ProcessBuilder pb = builder(jvmOptions, args);
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process p = pb.start();
      return new Running(p, drain(p.getInputStream()), drain(p.getErrorStream()));
    }

    /**
     * Starts the command line at a terminal of its own, as a person runs it: inside script(1), which
     * gives it a pseudo-terminal for its standard streams. What is written to the returned process's
     * input is typed at that terminal (0x03 is Ctrl-C, turned into SIGINT by the terminal itself);
     * its output is what the terminal was sent, both streams merged, as the person would see them.
     */
    Process startAtTerminal(String... args) throws IOException {
      ProcessBuilder inner = builder(List.of(), args);
      StringBuilder line = new StringBuilder();
      for (String word : inner.command()) {
        line.append(line.isEmpty() ? "" : " ").append('\'').append(word.replace("'", "'\\''")).append('\'');
      }
      ProcessBuilder pb = new ProcessBuilder("script", "--quiet", "--return", "--flush", "--command", line.toString(),
          "/dev/null");
      pb.environment().clear();
      pb.environment().putAll(inner.environment());
      pb.environment().put("TERM", "xterm");
      pb.environment().put("SHELL", "/bin/sh");
      pb.redirectErrorStream(true);
      return pb.start();
    }

    private ProcessBuilder builder(List<String> jvmOptions, String... args) {
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/env"))) {
        cmd.addAll(List.of("/usr/bin/env", "--default-signal=INT,TERM"));
      }
      cmd.addAll(java(jvmOptions, args));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      Map<String, String> env = pb.environment();
      env.put("SANDYQ_HOME", home.toString());
      env.put(PassphraseOptions.ENV, Cli.PASSPHRASE);
      env.remove("LANG");
      env.remove("LC_ALL");
      env.remove("LC_MESSAGES");
      return pb;
    }
  }

  /** A command line running in a child JVM (started through {@code env}, which execs Java: one pid). */
  record Running(Process process, CompletableFuture<String> out, CompletableFuture<String> err) {
    /** Its exit status and output, once it has exited. */
    Cli.Result result() throws Exception {
      return new Cli.Result(process.waitFor(), out.get(), err.get());
    }

    /** Sends {@code signal} (INT, TERM, KILL) as a person's terminal or system would. */
    void signal(String signal) throws Exception {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }
  }

  /** `sandyq server run --json` in a child JVM, stopped with SIGTERM. */
  static final class Server implements AutoCloseable {
    final Process process;
    final String url;

    Server(Path data, int port) throws Exception {
      ProcessBuilder pb = new ProcessBuilder(java("server", "run", "--data", data.toString(), "--host", "127.0.0.1",
          "--port", Integer.toString(port), "--pow-bits", "0", "--json"));
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      process = pb.start();
      var lines = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      String found = null;
      while (found == null && System.nanoTime() < deadline) {
        String line = lines.readLine();
        if (line == null) {
          throw new IOException("the server exited with " + process.waitFor() + " before listening");
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          found = m.group(1);
        }
      }
      if (found == null) {
        process.destroyForcibly();
        throw new IOException("the server did not start in 90 s");
      }
      drain(process.getInputStream());
      url = "http://127.0.0.1:" + found + "/";
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /** A thread per stream: the common pool has one thread on two cores, and a server's output never ends. */
  private static final java.util.concurrent.Executor READERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, READERS);
  }

  /** A port free right now, for a server that must come back at the same address. */
  static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
