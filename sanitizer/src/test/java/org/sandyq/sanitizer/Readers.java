package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Independent readers for the cleaned files: Info-ZIP's {@code unzip} and {@code qpdf}, tools the
 * sanitizer does not use, so a mistake shared by the cleaner and the library it reads with does
 * not hide itself. {@code .ci/run} installs both.
 */
final class Readers {
  private Readers() {}

  static boolean has(String tool, String versionFlag) {
    try {
      Process p = new ProcessBuilder(tool, versionFlag).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * LibreOffice, headless with its profile under {@code scratch}, converts {@code source} with
   * {@code filter} ("doc", "fodp", "txt:Text") into {@code outDir}; the file it wrote.
   */
  static Path libreOffice(Path scratch, String filter, Path outDir, Path source) throws IOException, InterruptedException {
    run(List.of("soffice", "-env:UserInstallation=" + scratch.resolve("profile").toUri(), "--headless",
        "--convert-to", filter, "--outdir", outDir.toString(), source.toString()));
    String name = source.getFileName().toString();
    return outDir.resolve(name.substring(0, name.lastIndexOf('.') + 1) + filter.replaceAll(":.*", ""));
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " took too long");
    }
    String text = new String(out, StandardCharsets.ISO_8859_1);
    assertEquals(0, p.exitValue(), command + " failed: " + text);
    return text;
  }

  /** Every member, as {@code unzip} extracts it (Latin-1, so any byte is visible), by name. */
  static Map<String, String> unzip(Path zip, Path scratch) throws Exception {
    Path dir = Files.createDirectories(scratch.resolve("unzipped-" + zip.getFileName()));
    run(List.of("unzip", "-qq", "-o", zip.toString(), "-d", dir.toString()));
    Map<String, String> members = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        members.put(dir.relativize(p).toString().replace('\\', '/'), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return members;
  }

  /** The PDF as qpdf's QDF form: every object uncompressed, no object streams, one text to scan. */
  static String qdf(Path pdf, Path scratch) throws Exception {
    Path out = scratch.resolve("qdf-" + pdf.getFileName());
    run(List.of("qpdf", "--qdf", "--object-streams=disable", pdf.toString(), out.toString()));
    return new String(Files.readAllBytes(out), StandardCharsets.ISO_8859_1);
  }
}
