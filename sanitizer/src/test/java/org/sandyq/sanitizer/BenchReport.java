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
 * corpus scale.
 */
final class BenchReport {
  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]);
    Path sandyq = Path.of(args[1]);
    Path mat2 = Path.of(args[2]);
    Corpus.scale = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    List<Corpus.Sample> samples = Corpus.all().stream()
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
    String tags = oracle ? String.valueOf(Oracle.unexpected(s.type(), out).size()) : "?";
    return new String[] {String.valueOf(markers), tags, content(s, Files.readAllBytes(in), o)};
  }

  static String content(Corpus.Sample s, byte[] in, byte[] out) {
    try {
      switch (s.type()) {
        case "image/jpeg", "image/png", "image/gif", "image/tiff" -> {
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
        case "video/mp4", "video/quicktime" -> {
          return Bin.indexOf(out, Corpus.mdatPayload(Corpus.mdatSize()), 0) >= 0 ? "identical media data" : "changed";
        }
        default -> {
          String want = switch (s.name()) {
            case "letter.docx" -> Corpus.DOCX_TEXT;
            case "sheet.xlsx" -> Corpus.XLSX_TEXT;
            case "slides.pptx" -> Corpus.PPTX_TEXT;
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
