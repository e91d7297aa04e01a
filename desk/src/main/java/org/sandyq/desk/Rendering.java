package org.sandyq.desk;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.sandyq.sanitizer.Sanitizer;
import org.sandyq.sanitizer.SanitizerRefusal;
import org.sandyq.sanitizer.format.DocumentText;

/**
 * Evidence turned into what a browser may safely be given: pixels. A picture is decoded here (ImageIO)
 * and drawn into a fresh RGB image, which is encoded as a new PNG; a PDF's pages are rendered here by
 * PDFBox into such images, and its text extracted. Nothing of the original file reaches the browser
 * as a resource it could interpret: no metadata, no script, no embedded file. All of it in memory
 * (no cache files), bounded in bytes, pixels, pages and time.
 *
 * <p>What it does not defend against: a bug in ImageIO or PDFBox exploited by a crafted file runs
 * in the desk process, which holds the unlocked key (threat-model.md, TB9).
 */
final class Rendering implements AutoCloseable {
  /** What the desk does with a file: its kind decides. */
  enum Kind { PICTURE, PDF, DOCUMENT, MEDIA, OTHER }

  /**
   * Audio and video types the browser may play, after a warning, as the manifest names them (the
   * sanitizer's detected type; each of these played in Chromium served as named, with nosniff: an
   * iPhone's MOV, a Vorbis or FLAC recording, a phone's AAC or 3GP): the desk sends the file with exactly this Content-Type, never one it
   * guessed, and any other type only as a download.
   */
  static final java.util.Set<String> PLAYABLE = java.util.Set.of("audio/ogg", "audio/opus", "audio/vorbis", "audio/webm",
      "audio/mpeg", "audio/mp4", "audio/wav", "audio/vnd.wave", "audio/x-flac", "audio/flac", "audio/x-aac", "audio/aac",
      "audio/3gpp", "audio/x-matroska", "video/webm", "video/mp4", "video/ogg", "video/quicktime", "video/3gpp",
      "video/x-matroska");

  /** A refusal to render: too large, too slow, or not decodable. The lawyer may still save the file. */
  static final class Unrenderable extends Exception {
    private static final long serialVersionUID = 1L;

    Unrenderable(String message) {
      super(message, null, false, false);
    }
  }

  static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
  static final long MAX_PIXELS = 40_000_000L;
  /** The longest side of a picture as shown; larger ones are scaled down. */
  static final int MAX_SIDE = 2000;
  static final int MAX_PAGES = 20;
  static final int DPI = 96;
  static final Duration TIME = Duration.ofSeconds(20);
  static final int MAX_TEXT_CHARS = 200_000;

  static {
    ImageIO.setUseCache(false); // no temporary files: nothing of the evidence written outside its folder
  }

  private final ExecutorService worker = Executors.newVirtualThreadPerTaskExecutor();

  static Kind kind(String mediaType) {
    String t = mediaType.toLowerCase(Locale.ROOT);
    if (t.equals("image/jpeg") || t.equals("image/png") || t.equals("image/gif") || t.equals("image/bmp")) {
      return Kind.PICTURE;
    }
    if (t.equals("application/pdf")) {
      return Kind.PDF;
    }
    if (DocumentText.reads(mediaType)) {
      return Kind.DOCUMENT;
    }
    if (PLAYABLE.contains(mediaType)) { // exactly as listed: a type with parameters or odd case is not played
      return Kind.MEDIA;
    }
    return Kind.OTHER;
  }

  /** A picture decoded and re-encoded as a fresh PNG. */
  byte[] picture(Path file) throws Unrenderable {
    return bounded(() -> {
      checkSize(file);
      try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
        Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
        if (readers == null || !readers.hasNext()) {
          throw new Unrenderable("not a picture the desk can decode");
        }
        ImageReader reader = readers.next();
        try {
          reader.setInput(in, true, true); // metadata ignored: never read, never shown
          long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
          if (pixels <= 0 || pixels > MAX_PIXELS) {
            throw new Unrenderable("the picture is " + reader.getWidth(0) + "×" + reader.getHeight(0)
                + " pixels, more than the desk decodes (" + MAX_PIXELS / 1_000_000 + " million)");
          }
          return png(redraw(reader.read(0)));
        } finally {
          reader.dispose();
        }
      }
    });
  }

  /** A PDF: the number of pages the desk shows (at most {@link #MAX_PAGES}) and its total. */
  record Pdf(int shown, int total, String text) {}

  Pdf pdf(Path file) throws Unrenderable {
    return bounded(() -> {
      try (PDDocument doc = load(file)) {
        int total = doc.getNumberOfPages();
        PDFTextStripper stripper = new PDFTextStripper();
        stripper.setEndPage(MAX_PAGES);
        String text = stripper.getText(doc);
        if (text.length() > MAX_TEXT_CHARS) {
          text = text.substring(0, MAX_TEXT_CHARS) + "\n[… cut: more than " + MAX_TEXT_CHARS + " characters]";
        }
        return new Pdf(Math.min(total, MAX_PAGES), total, text);
      }
    });
  }

  /** Page {@code page} (0-based) of a PDF rendered as a PNG. */
  byte[] pdfPage(Path file, int page) throws Unrenderable {
    return bounded(() -> {
      try (PDDocument doc = load(file)) {
        if (page < 0 || page >= Math.min(doc.getNumberOfPages(), MAX_PAGES)) {
          throw new Unrenderable("no such page");
        }
        PDRectangle box = doc.getPage(page).getCropBox();
        float scale = DPI / 72f;
        double pixels = (double) box.getWidth() * scale * box.getHeight() * scale;
        if (pixels > MAX_PIXELS) {
          scale *= (float) Math.sqrt(MAX_PIXELS / pixels); // a huge page is drawn smaller, not refused
        }
        PDFRenderer renderer = new PDFRenderer(doc);
        renderer.setSubsamplingAllowed(true);
        return png(redraw(renderer.renderImage(page, scale, ImageType.RGB)));
      }
    });
  }

  private static PDDocument load(Path file) throws IOException, Unrenderable {
    checkSize(file);
    // in memory only: PDFBox's default scratch file would put evidence outside its folder
    return Loader.loadPDF(new RandomAccessReadBufferedFile(file.toFile()), "", null, null,
        IOUtils.createMemoryOnlyStreamCache());
  }

  /**
   * An office document's words, read by the sanitizer's own hardened reader ({@link DocumentText}):
   * no office suite opens it, and nothing in it (fields, links, macros, pictures) is followed.
   */
  String document(Path file) throws Unrenderable {
    return bounded(() -> {
      checkSize(file);
      try {
        return SANITIZER.text(file, MAX_TEXT_CHARS);
      } catch (SanitizerRefusal r) {
        throw new Unrenderable("its text cannot be read: " + r.getMessage());
      }
    });
  }

  private static final Sanitizer SANITIZER = new Sanitizer();

  private static void checkSize(Path file) throws IOException, Unrenderable {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new Unrenderable("the file is larger than the desk renders (" + MAX_FILE_BYTES / (1024 * 1024) + " MiB)");
    }
  }

  /** Drawn afresh into a plain RGB image, scaled to at most {@link #MAX_SIDE}: only pixels carry over. */
  private static BufferedImage redraw(BufferedImage decoded) throws Unrenderable {
    if (decoded == null) {
      throw new Unrenderable("not a picture the desk can decode");
    }
    double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(decoded.getWidth(), decoded.getHeight()));
    int w = Math.max(1, (int) Math.round(decoded.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(decoded.getHeight() * scale));
    BufferedImage fresh = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = fresh.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(decoded, 0, 0, w, h, java.awt.Color.WHITE, null);
    } finally {
      g.dispose();
    }
    return fresh;
  }

  private static byte[] png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work} with the time limit. A decoder that overruns is interrupted and its answer
   * dropped; it may go on using a core until it notices, which is the price of decoding in-process.
   */
  private <T> T bounded(Work<T> work) throws Unrenderable {
    Future<T> f = worker.submit(work::run);
    try {
      return f.get(TIME.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new Unrenderable("rendering took longer than " + TIME.toSeconds() + " seconds and was stopped");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new Unrenderable("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Unrenderable u) {
        throw u;
      }
      if (cause instanceof OutOfMemoryError) {
        throw new Unrenderable("the file needs more memory to render than the desk has");
      }
      throw new Unrenderable("the desk could not decode it: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
  }

  /** Stops any rendering still running (the desk is locking). */
  @Override
  public void close() {
    worker.shutdownNow();
  }
}
