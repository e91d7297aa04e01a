package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The in-memory entry point the server's web intake uses: no file is created anywhere while it
 * runs (the libraries' scratch files would land in {@code java.io.tmpdir}, which the build points
 * at {@code target/}), whatever the format, refused or not.
 */
class InMemoryTest {
  private final Sanitizer sanitizer = new Sanitizer();

  @Test
  void cleaningInMemoryCreatesNoFile() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<String> before = listing(tmp);
    int cleaned = 0;
    for (Corpus.Sample s : Corpus.all()) {
      Sanitizer.Cleaned c = sanitizer.clean(s.bytes(), s.name(), 1);
      assertEquals(Set.of(), Views.markers(c.bytes()), s.name());
      cleaned++;
    }
    byte[] damagedPdf = Bin.ascii("%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\n");
    assertThrows(RefusedFileException.class, () -> sanitizer.clean(damagedPdf, "x.pdf", 1));
    assertThrows(UnsupportedFileTypeException.class, () -> sanitizer.clean(new byte[] {0, 1, 2, 3}, "x.bin", 1));
    assertTrue(cleaned >= 10, "the corpus covers every format");
    assertEquals(before, listing(tmp), "cleaning in memory must not create a file");
  }

  private static Set<String> listing(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir, 1)) {
      return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
    }
  }
}
