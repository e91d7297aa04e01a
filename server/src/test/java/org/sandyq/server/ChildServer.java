package org.sandyq.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link ServerMain} in a child JVM on the test's class path, its standard output and error
 * appended to files (so tests can read everything it ever printed), killable with SIGKILL.
 */
final class ChildServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("\\{\"event\":\"listening\",\"host\":\"[^\"]*\",\"port\":(\\d+)}");

  final Process process;
  final int port;
  final TestClient client;
  private final Path stderr;
  private final long stderrFrom;
  private boolean logsChecked;

  private ChildServer(Process process, int port, Path stderr, long stderrFrom) {
    this.process = process;
    this.port = port;
    this.client = new TestClient(port);
    this.stderr = stderr;
    this.stderrFrom = stderrFrom;
  }

  static ChildServer start(Path data, Path stdout, Path stderr, String... extra) throws Exception {
    return start(data, stdout, stderr, List.of("-Xmx256m"), extra);
  }

  /** With these JVM options (a heap, a GC log) instead of the default {@code -Xmx256m}. */
  static ChildServer start(Path data, Path stdout, Path stderr, List<String> jvm, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvm);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
        ServerMain.class.getName(), "--data", data.toString(), "--port", "0"));
    cmd.addAll(List.of(extra));
    long already = Files.exists(stdout) ? Files.size(stdout) : 0;
    long errFrom = Files.exists(stderr) ? Files.size(stderr) : 0;
    Process p = new ProcessBuilder(cmd)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
        .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      String out = new String(Files.readAllBytes(stdout), StandardCharsets.UTF_8).substring((int) already);
      Matcher m = LISTENING.matcher(out);
      if (m.find()) {
        return new ChildServer(p, Integer.parseInt(m.group(1)), stderr, errFrom);
      }
      if (!p.isAlive()) {
        throw new IOException("the server exited with " + p.exitValue() + ": " + Files.readString(stderr));
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new IOException("the server did not start: " + Files.readString(stderr));
  }

  /** SIGKILL: no shutdown hook, no flush, no clean close. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    checkLogs();
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: the clean shutdown path
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    checkLogs();
  }

  /** What the child logged is held to the server's logging rule, as this JVM's records are. */
  private void checkLogs() {
    if (logsChecked) {
      return;
    }
    logsChecked = true;
    try {
      byte[] all = Files.readAllBytes(stderr);
      String mine = new String(all, (int) Math.min(stderrFrom, all.length), (int) Math.max(0, all.length - stderrFrom),
          StandardCharsets.UTF_8);
      LogRuleExtension.printed(mine.lines().toList());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
