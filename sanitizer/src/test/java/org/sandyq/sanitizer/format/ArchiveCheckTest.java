package org.sandyq.sanitizer.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.FileReport;
import org.sandyq.sanitizer.Limits;
import org.sandyq.sanitizer.RefusedFileException.Kind;
import org.sandyq.sanitizer.Sanitizer;

/**
 * An archive's check cleans each file inside once more and tells it so: the file was checked when
 * the archive was cleaned, and that pass, which must remove nothing, is its check again. What the
 * pass finds still refuses the archive.
 */
class ArchiveCheckTest {
  private static byte[] zip(String... names) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      for (String n : names) {
        z.putNextEntry(new ZipEntry(n));
        z.write(("the text of " + n).getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }

  /** Files inside "cleaned" as they are, each call noted; a file named in {@code dirtyWhenChecked} is found unclean when checked. */
  private static Archive.Inside noting(List<String> calls, String dirtyWhenChecked) {
    return (file, name, limits, depth, checking) -> {
      calls.add(name + (checking ? " checking" : ""));
      List<String> removed = checking && name.equals(dirtyWhenChecked) ? List.of("a comment") : List.of();
      return new Sanitizer.Cleaned(new FileReport(name, name, "text/plain", true, removed, List.of(), List.of()),
          file.clone());
    };
  }

  @Test
  void theChecksPassCleansEachFileOnceMoreAsItsCheck() throws Exception {
    List<String> calls = new ArrayList<>();
    Archive archive = new Archive(noting(calls, null), 0);
    Job job = new Job(Limits.DEFAULT);
    Output.InMemory copy = new Output.InMemory();
    archive.clean(Input.of(zip("a.txt", "b.txt")), copy, job);
    assertEquals(List.of("a.txt", "b.txt"), calls, "cleaned, each checked as a file on its own");
    Verify.check(archive, copy.contents(), new Output.InMemory(), job);
    assertEquals(List.of("a.txt", "b.txt", "a.txt checking", "b.txt checking"), calls);
  }

  @Test
  void whatTheChecksPassFindsInsideRefusesTheArchive() throws Exception {
    List<String> calls = new ArrayList<>();
    Archive archive = new Archive(noting(calls, "b.txt"), 0);
    Job job = new Job(Limits.DEFAULT);
    Output.InMemory copy = new Output.InMemory();
    archive.clean(Input.of(zip("a.txt", "b.txt")), copy, job);
    BadFileException e = assertThrows(BadFileException.class,
        () -> Verify.check(archive, copy.contents(), new Output.InMemory(), job));
    assertEquals(Kind.NOT_CLEAN, e.kind());
  }
}
