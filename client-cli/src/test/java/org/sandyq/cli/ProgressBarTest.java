package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sandyq.cli.net.UploadProgress;
import picocli.CommandLine;

class ProgressBarTest {
  @Test
  void drawsOneLineInPlaceAndEndsIt() {
    StringWriter err = new StringWriter();
    AtomicLong now = new AtomicLong();
    ProgressBar bar = new ProgressBar(new PrintWriter(err), "Sending", now::get);
    long total = 10L * 1024 * 1024;
    for (long sent = 0; sent <= total; sent += 64 * 1024) {
      now.addAndGet(1_000_000); // 1 ms per chunk: most redraws are skipped
      bar.advance(sent, total);
    }
    bar.done();
    String drawn = err.toString();
    assertTrue(drawn.startsWith("\rSending ["), drawn);
    assertTrue(drawn.endsWith("] 100%  10.0 MiB of 10.0 MiB\n"), drawn);
    assertEquals(1, drawn.chars().filter(c -> c == '\n').count(), "redrawn in place, one line");
    assertTrue(drawn.chars().filter(c -> c == '\r').count() <= 102, "at most one redraw per percent");
    assertEquals("Sending [###############               ]  50%  512 B of 1.0 KiB", ProgressBar.line("Sending", 512, 1024));
  }

  @Test
  void silentWithJsonOrWithoutATerminal() {
    PrintWriter w = new PrintWriter(new StringWriter());
    Output plain = new Output();
    Output json = new Output();
    new CommandLine(new Object() {
      @CommandLine.Mixin Output o = json;
    }).parseArgs("--json");
    Io terminal = new Io(w, w, Map.of(), q -> null, true);
    Io pipe = new Io(w, w, Map.of(), q -> null);
    assertTrue(ProgressBar.forUpload(terminal, plain, "x") instanceof ProgressBar);
    assertSame(UploadProgress.NONE, ProgressBar.forUpload(terminal, json, "x"));
    assertSame(UploadProgress.NONE, ProgressBar.forUpload(pipe, plain, "x"));
  }
}
