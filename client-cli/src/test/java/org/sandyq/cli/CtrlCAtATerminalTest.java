package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: Ctrl-C pressed while a progress bar is drawn says what happened in one line of its
 * own. Before, the line was glued after the half-drawn bar and the terminal's {@code ^C}, and a bar
 * redrawn while the clean-up ran could land under it. A real terminal: the command line runs inside
 * script(1) on a pseudo-terminal, and Ctrl-C is typed at it (the terminal sends the SIGINT).
 */
class CtrlCAtATerminalTest {
  @TempDir Path dir;

  @Test
  void ctrlCOverASealingBarLeavesOneLineSayingWhatHappened() throws Exception {
    Roster roster = Roster.ofThree(new Cli(), dir);
    Path policy = roster.signedPolicy(dir);
    Path big = Evidence.random(dir.resolve("evidence.bin"), 400);
    Path outDir = Files.createDirectories(dir.resolve("out"));
    ChildProcesses.Person source = new ChildProcesses.Person(dir.resolve("source-home"));

    Process seal = source.startAtTerminal("seal", "--policy", policy.toString(), "--category", "other", "--file",
        big.toString(), "--allow-unsanitized", "--out", outDir.resolve("tip.envelope").toString());
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Thread reader = Thread.ofVirtual().start(() -> copy(seal.getInputStream(), screen));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!shown(screen).contains("Sealing [#") && seal.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(shown(screen).contains("Sealing [#"), "a bar with some progress drawn: " + shown(screen));
      OutputStream keyboard = seal.getOutputStream();
      keyboard.write(0x03); // Ctrl-C
      keyboard.flush();
      assertTrue(seal.waitFor(60, TimeUnit.SECONDS), "stopped by Ctrl-C");
      reader.join(TimeUnit.SECONDS.toMillis(10));
    } finally {
      seal.destroyForcibly();
    }
    assertNotEquals(0, seal.exitValue());

    List<String> lines = render(shown(screen));
    assertEquals("interrupted: not sealed; nothing left on disk", lines.getLast(),
        "the last line on the screen, alone: " + lines);
    assertFalse(lines.stream().anyMatch(l -> l.contains("Sealing [") && l.contains("interrupted")),
        "never glued to a bar: " + lines);
    try (Stream<Path> left = Files.list(outDir)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /** What a terminal shows for this output: carriage return, line feed and Erase in Line applied. */
  static List<String> render(String output) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int col = 0;
    for (int i = 0; i < output.length(); i++) {
      char c = output.charAt(i);
      if (c == '\r') {
        col = 0;
      } else if (c == '\n') {
        lines.add(line.toString());
        line.setLength(0);
        col = 0;
      } else if (output.startsWith("\u001b[K", i)) {
        line.setLength(col);
        i += 2;
      } else {
        if (col < line.length()) {
          line.setCharAt(col, c);
        } else {
          line.append(c);
        }
        col++;
      }
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    lines.removeIf(String::isBlank);
    return lines;
  }

  @Test
  void theRendererAppliesWhatATerminalDoes() {
    assertEquals(List.of("b"), render("aaa\r\u001b[Kb"));
    assertEquals(List.of("xyc", "d"), render("abc\rxy\r\nd"));
    assertEquals(List.of("bar 40%^C", "done"), render("bar 10%\rbar 40%^C\r\ndone\r\n"));
  }

  private static String shown(ByteArrayOutputStream screen) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream to) {
    byte[] buf = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (to) {
          to.write(buf, 0, n);
        }
      }
    } catch (java.io.IOException closed) {
      // the process ended
    }
  }
}
