package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command built in code ({@link CodedCommand}) starts without reading any annotation, so the JDK
 * generates no annotation proxy class, which no AOT cache holds (about 80 ms of a cold start). Seen
 * from outside, in the JVM's own log of the classes it loads; an annotated command shows what the
 * log would say otherwise. Its help and parsing are checked against the annotated commands' by
 * {@link HelpTest} and the generated {@code docs/cli.md}.
 */
class CodedCommandTest {
  @Test
  void sanitizingAPhotoReadsNoAnnotationWhereAnAnnotatedCommandDoes(@TempDir Path dir) throws Exception {
    Path photo = Evidence.photo(dir.resolve("photo.png"));
    Path out = dir.resolve("cleaned");

    List<String> sanitize = proxiesLoaded(dir, "sanitize.log", "sanitize", photo.toString(), "--out", out.toString());
    assertEquals(List.of(), sanitize, "sanitize read an annotation");
    assertTrue(Files.exists(out.resolve("file-1.png")), "the photo was cleaned");

    List<String> keygen = proxiesLoaded(dir, "keygen.log", "keygen", "--help");
    assertFalse(keygen.isEmpty(), "an annotated command's proxies are seen in the log");
  }

  /** Runs {@code args} in a child JVM and returns the annotation proxy classes it loaded. */
  private static List<String> proxiesLoaded(Path dir, String log, String... args) throws Exception {
    Path classes = dir.resolve(log);
    ChildProcesses.Person person = new ChildProcesses.Person(dir.resolve("home"));
    ChildProcesses.Running run = person.start(List.of("-Xlog:class+load=info:file=" + classes), args);
    if (!run.process().waitFor(120, TimeUnit.SECONDS)) {
      run.process().destroyForcibly();
      throw new AssertionError("sandyq " + String.join(" ", args) + " did not finish in 120 s");
    }
    run.result().assertOk();
    try (var lines = Files.lines(classes)) {
      return lines.filter(line -> line.contains("__dynamic_proxy__")).toList();
    }
  }
}
