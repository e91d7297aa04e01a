package org.sandyq.sanitizer;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * For bench/sanitize.sh: what each tool left behind in the corpus and whether the content
 * survived. Arguments: the corpus folder, Sandyq's output folder (file-N.ext in the order of the
 * sorted corpus names), mat2's folder (NAME.cleaned.EXT beside copies of the inputs), and the
 * corpus scale; then, optionally, the same three folders for the active-content fixtures.
 */
final class BenchReport {
  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    Path sandyq = Path.of(args[1]);
    Path mat2 = Path.of(args[2]);
    Corpus.scale = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<Corpus.Sample> samples = java.util.stream.Stream.concat(Corpus.all().stream(), Corpus.benchOnly().stream())
        .filter(s -> Files.exists(corpus.resolve(s.name())))
        .sorted(java.util.Comparator.comparing(Corpus.Sample::name)).toList();
    boolean oracle = Oracle.available();
    String fmt = "%-12s | %-7s %-5s %-24s | %-7s %-5s %-24s%n";
    System.out.printf(fmt, "file", "markers", "tags", "content (sandyq)", "markers", "tags", "content (mat2)");
    System.out.printf(fmt, "-".repeat(12), "-".repeat(7), "-".repeat(5), "-".repeat(24), "-".repeat(7), "-".repeat(5), "-".repeat(24));
    int[] totals = new int[4];
    int[][] counts = new int[2][4]; // per tool: cleaned, refused (no output), metadata left, content changed
    int n = 1;
    for (Corpus.Sample s : samples) {
      Path in = corpus.resolve(s.name());
      Path sq = findSandyq(sandyq, n++);
      String ext = s.name().substring(s.name().lastIndexOf('.'));
      Path m2 = mat2.resolve(s.name().substring(0, s.name().lastIndexOf('.')) + ".cleaned" + ext);
      String[] a = judge(s, in, sq, oracle);
      String[] b = judge(s, in, m2, oracle);
      totals[0] += a[0].equals("0") ? 0 : 1;
      totals[1] += b[0].equals("0") || b[0].equals("-") ? 0 : 1;
      totals[2] += a[2].startsWith("kept") || a[2].startsWith("identical") ? 1 : 0;
      totals[3] += b[2].startsWith("kept") || b[2].startsWith("identical") ? 1 : 0;
      System.out.printf(fmt, s.name(), a[0], a[1], a[2], b[0], b[1], b[2]);
      count(counts[0], a);
      count(counts[1], b);
    }
    for (int t = 0; t < 2; t++) {
      System.out.printf("%-7s cleaned %d, refused or failed %d, left with metadata %d, content changed %d (of %d)%n",
          t == 0 ? "sandyq" : "mat2", counts[t][0], counts[t][1], counts[t][2], counts[t][3], samples.size());
    }
    System.out.printf("files with markers left: sandyq %d, mat2 %d; content kept: sandyq %d/%d, mat2 %d/%d%n",
        totals[0], totals[1], totals[2], samples.size(), totals[3], samples.size());
    if (!oracle) {
      System.out.println("(exiftool not installed: tag counts not available)");
    }
    if (args.length > 6) {
      active(Path.of(args[4]), Path.of(args[5]), Path.of(args[6]));
    }
  }

  /** Outside addresses and parts that load or run, in an Office or OpenDocument member (ActiveContentTest's scan). */
  private static final java.util.regex.Pattern RUNS_OR_LOADS = java.util.regex.Pattern.compile(
      ActiveFixtures.EVIL.replace(".", "\\.") + "|INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|vbaProject|activeX|customUI|oleObject"
          + "|macrosheet|externalLink|connections|OLEObject|event-listener|vnd\\.sun\\.star\\.script"
          + "|dde-connection|draw:applet|object-ole|^Basic/", java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.MULTILINE);

  /**
   * "Active content kept": for each active-content fixture, the distinct classes (outside
   * addresses, field kinds, macro parts, PDF actions and scripts) each tool's output still carries,
   * found in every zip member (names and text) or in qpdf's uncompressed QDF form of a PDF.
   */
  private static void active(Path in, Path sandyq, Path mat2) throws Exception {
    System.out.println();
    System.out.println("Active content kept (distinct classes still found in the cleaned copy; '-' no output):");
    String fmt = "%-12s | %-30s | %-30s%n";
    System.out.printf(fmt, "file", "sandyq", "mat2");
    List<Corpus.Sample> fixtures = Corpus.active().stream().sorted(java.util.Comparator.comparing(Corpus.Sample::name)).toList();
    int[] files = new int[2];
    int[] refused = new int[2];
    int n = 1;
    for (Corpus.Sample s : fixtures) {
      String ext = s.name().substring(s.name().lastIndexOf('.'));
      Path[] outs = {findSandyq(sandyq, n++), mat2.resolve(s.name().substring(0, s.name().lastIndexOf('.')) + ".cleaned" + ext)};
      java.util.Set<String> original = traces(in.resolve(s.name()));
      String[] cells = new String[2];
      for (int t = 0; t < 2; t++) {
        if (outs[t] == null || !Files.exists(outs[t])) {
          refused[t]++;
          cells[t] = "-";
          continue;
        }
        java.util.Set<String> left = traces(outs[t]);
        files[t] += left.isEmpty() ? 0 : 1;
        cells[t] = left.size() + "/" + original.size() + (left.isEmpty() ? "" : " " + String.join(",", left));
        cells[t] = cells[t].length() > 30 ? cells[t].substring(0, 27) + "..." : cells[t];
      }
      System.out.printf(fmt, s.name(), cells[0], cells[1]);
    }
    for (int t = 0; t < 2; t++) {
      System.out.printf("%-7s active content kept in %d of %d files, refused or failed %d%n", t == 0 ? "sandyq" : "mat2",
          files[t], fixtures.size(), refused[t]);
    }
  }

  /** The distinct active-content classes in {@code file}. */
  private static java.util.Set<String> traces(Path file) throws Exception {
    java.util.Set<String> found = new java.util.TreeSet<>();
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > 4 && bytes[0] == '%' && bytes[1] == 'P') {
      Path qdf = Files.createTempFile("sandyq-bench", ".qdf");
      // qpdf exits 3 when it repaired a damaged file (mat2's output can be): the QDF is still written
      Process p = new ProcessBuilder("qpdf", "--qdf", "--object-streams=disable", file.toString(), qdf.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0 && p.exitValue() != 3) {
        p.destroyForcibly();
        found.add("unreadable");
      }
      String text = new String(Files.readAllBytes(qdf), StandardCharsets.ISO_8859_1);
      Files.delete(qdf);
      for (String s : ActiveFixtures.pdfNeverAfterCleaning()) {
        if (text.contains(s)) {
          found.add(s.replace("/", ""));
        }
      }
      return found;
    }
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.getName().equals("[Content_Types].xml")) {
          continue; // default types name kinds of parts (oleObject for .bin), not parts present
        }
        String text = e.getName() + "\n" + new String(z.readAllBytes(), StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = RUNS_OR_LOADS.matcher(text);
        while (m.find()) {
          found.add(m.group().toLowerCase(java.util.Locale.ROOT));
        }
        if (java.util.regex.Pattern.compile("<w:instrText[^>]*>[^<]*(INCLUDE|DDE)").matcher(text).find()) {
          found.add("field instruction");
        }
      }
    }
    return found;
  }

  /** Adds one file's verdict {markers, tags, content} to a tool's counts. */
  private static void count(int[] c, String[] v) {
    if (v[0].equals("-")) {
      c[1]++;
      return;
    }
    c[0]++;
    c[2] += !v[0].equals("0") || !(v[1].equals("0") || v[1].equals("?")) ? 1 : 0;
    c[3] += v[2].startsWith("kept") || v[2].startsWith("identical") ? 0 : 1;
  }

  private static Path findSandyq(Path dir, int n) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("file-" + n + ".")).findFirst().orElse(null);
    }
  }

  /** {markers left, non-structural exiftool tags, content verdict}. */
  private static String[] judge(Corpus.Sample s, Path in, Path out, boolean oracle) throws Exception {
    if (out == null || !Files.exists(out)) {
      return new String[] {"-", "-", "failed (no output)"};
    }
    byte[] o = Files.readAllBytes(out);
    int markers = Views.markers(o).size();
    String tags = oracle ? String.valueOf(s.bytes() == null ? revealing(out) : Oracle.unexpected(s.type(), out).size()) : "?";
    String content = s.type().startsWith("video/x-matroska") || s.type().equals("video/webm")
        ? (MediaTest.frames(in).equals(MediaTest.frames(out)) ? "identical frames" : "changed")
        // Motion-JPEG frames keep their coded data but lose their comments: compared decoded
        : s.type().equals("video/x-msvideo") || s.type().equals("video/x-ms-wmv") ? (MediaTest.decoded(in).equals(MediaTest.decoded(out)) ? "identical decoded frames" : "changed")
        : content(s, Files.readAllBytes(in), o);
    return new String[] {String.valueOf(markers), tags, content};
  }

  /**
   * For the benchmark-only formats (no structural allowlist): exiftool tags that name a person, a
   * program, a place or a time, or hold a planted marker ({@link Oracle#reveals}).
   */
  private static int revealing(Path file) throws Exception {
    com.fasterxml.jackson.databind.JsonNode tags = Oracle.tags(file);
    int n = 0;
    for (var it = tags.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      String v = tags.get(k).asText();
      if (Oracle.reveals(k, v)) {
        n++;
      }
    }
    return n;
  }

  static String content(Corpus.Sample s, byte[] in, byte[] out) {
    try {
      switch (s.type()) {
        case "image/jpeg", "image/png", "image/gif", "image/tiff", "image/bmp" -> {
          BufferedImage a = CorpusTest.read(in, 0);
          BufferedImage b = CorpusTest.read(out, 0);
          boolean same = a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight()
              && java.util.Arrays.equals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                  b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
          return same ? "identical pixels" : "re-encoded (pixels differ)";
        }
        case "application/pdf" -> {
          try (PDDocument d = Loader.loadPDF(out)) {
            return new PDFTextStripper().getText(d).contains(Corpus.PDF_TEXT) ? "kept (text extractable)" : "text lost (rasterised)";
          }
        }
        case "image/webp" -> {
          byte[] vp8l = java.util.Arrays.copyOfRange(Corpus.webpBase(), 12, Corpus.webpBase().length);
          return Bin.indexOf(out, vp8l, 0) >= 0 ? "identical bitstream" : "changed";
        }
        case "audio/vnd.wave" -> {
          return Bin.indexOf(out, Corpus.pcm(Corpus.samples()), 0) >= 0 ? "identical samples" : "changed";
        }
        case "audio/mpeg" -> {
          return Bin.indexOf(out, Corpus.mpegFrames(Corpus.mpegFrameCount()), 0) >= 0 ? "identical frames" : "changed";
        }
        case "audio/x-flac" -> {
          return Bin.indexOf(out, Corpus.flacFrames(), 0) >= 0 ? "identical frames" : "changed";
        }
        case "audio/vorbis", "audio/opus" -> {
          for (byte[] p : Corpus.oggAudio()) {
            if (Bin.indexOf(out, p, 0) < 0) {
              return "changed";
            }
          }
          return "identical packets";
        }
        case org.sandyq.sanitizer.format.Formats.VCARD -> {
          return new String(out, StandardCharsets.UTF_8).contains("FN:" + Corpus.VCARD_NAME) ? "kept (contact present)" : "changed";
        }
        case "text/html" -> {
          return new String(out, StandardCharsets.UTF_8).contains(Corpus.HTML_TEXT) ? "kept (text present)" : "text lost";
        }
        case "video/mp4", "video/quicktime" -> {
          return Bin.indexOf(out, Corpus.mdatPayload(Corpus.mdatSize()), 0) >= 0 ? "identical media data" : "changed";
        }
        default -> {
          String want = switch (s.name()) {
            case "letter.docx" -> Corpus.DOCX_TEXT;
            case "sheet.xlsx" -> Corpus.XLSX_TEXT;
            case "slides.pptx" -> Corpus.PPTX_TEXT;
            case "export.zip" -> Corpus.CHAT_TEXT;
            default -> Corpus.ODT_TEXT;
          };
          try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out))) {
            while (z.getNextEntry() != null) {
              if (new String(z.readAllBytes(), StandardCharsets.UTF_8).contains(want)) {
                return "kept (text present)";
              }
            }
          }
          return "text lost";
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unreadable output";
    }
  }
}
