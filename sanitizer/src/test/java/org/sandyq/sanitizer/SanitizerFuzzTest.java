package org.sandyq.sanitizer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import org.sandyq.sanitizer.format.BadFileException;
import org.sandyq.sanitizer.format.Cleaner;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.Input;
import org.sandyq.sanitizer.format.Job;
import org.sandyq.sanitizer.format.Output;
import org.sandyq.sanitizer.format.Verify;

/**
 * Every file a source uploads is cleaned by the sanitizer before it is sealed, on the server for
 * the web form: hostile bytes give a cleaned file or a refusal ({@link UnsupportedFileTypeException},
 * {@link RefusedFileException}), never anything else, within the limits the web intake uses.
 *
 * <p>{@link #sanitize} goes through the public API (detection, then the format's cleaner, then the
 * check that the copy is clean); the other targets feed bytes straight to one format's cleaner,
 * which must refuse what is not its format with a {@link BadFileException}, so that the fuzzer
 * need not get past detection to reach it.
 */
class SanitizerFuzzTest {
  /** The web intake's limits (32 MiB forms), with a shorter time budget per file. */
  private static final Limits LIMITS = Limits.DEFAULT.withMaxInputBytes(32 << 20).withTimeout(Duration.ofSeconds(10));
  private static final Sanitizer SANITIZER = new Sanitizer(LIMITS);

  @FuzzTest
  void sanitize(byte[] input) throws IOException {
    try {
      SANITIZER.clean(input, "upload", 1);
    } catch (SanitizerRefusal e) {
      // refused: not a supported type, or damaged, hostile or over a limit
    }
  }

  /** One cleaner on any bytes, then the check of its copy, as {@link Sanitizer} runs them. */
  private static void clean(String type, byte[] input) throws IOException {
    clean(Formats.forType(type), input);
  }

  private static void clean(Cleaner cleaner, byte[] input) throws IOException {
    Job job = new Job(LIMITS);
    Output.InMemory out = new Output.InMemory();
    try {
      cleaner.clean(Input.of(input), out, job);
      Verify.check(cleaner, out.contents(), new Output.InMemory(), job);
    } catch (BadFileException e) {
      // refused
    } catch (StackOverflowError e) {
      // refused: Sanitizer turns this into "nested too deeply", on purpose
    } finally {
      out.discard();
    }
  }

  @FuzzTest
  void jpeg(byte[] input) throws IOException {
    clean("image/jpeg", input);
  }

  @FuzzTest
  void png(byte[] input) throws IOException {
    clean("image/png", input);
  }

  @FuzzTest
  void gif(byte[] input) throws IOException {
    clean("image/gif", input);
  }

  @FuzzTest
  void tiff(byte[] input) throws IOException {
    clean("image/tiff", input);
  }

  @FuzzTest
  void webp(byte[] input) throws IOException {
    clean("image/webp", input);
  }

  @FuzzTest
  void wav(byte[] input) throws IOException {
    clean("audio/vnd.wave", input);
  }

  @FuzzTest
  void xls(byte[] input) throws IOException {
    clean("application/vnd.ms-excel", input);
  }

  @FuzzTest
  void doc(byte[] input) throws IOException {
    clean("application/msword", input);
  }

  @FuzzTest
  void ppt(byte[] input) throws IOException {
    clean("application/vnd.ms-powerpoint", input);
  }

  @FuzzTest
  void mp3(byte[] input) throws IOException {
    clean("audio/mpeg", input);
  }

  @FuzzTest
  void flac(byte[] input) throws IOException {
    clean("audio/flac", input);
  }

  @FuzzTest
  void ogg(byte[] input) throws IOException {
    clean("audio/ogg", input);
  }

  @FuzzTest
  void mp4(byte[] input) throws IOException {
    clean("video/mp4", input);
  }

  @FuzzTest
  void heif(byte[] input) throws IOException {
    clean("image/heic", input);
  }

  @FuzzTest
  void pdf(byte[] input) throws IOException {
    clean("application/pdf", input);
  }

  @FuzzTest
  void ooxml(byte[] input) throws IOException {
    clean(Formats.DOCX, input);
  }

  @FuzzTest
  void odf(byte[] input) throws IOException {
    clean("application/vnd.oasis.opendocument.text", input);
  }

  @FuzzTest
  void matroska(byte[] input) throws IOException {
    clean("video/x-matroska", input);
  }

  @FuzzTest
  void vcard(byte[] input) throws IOException {
    clean("text/x-vcard", input);
  }

  @FuzzTest
  void html(byte[] input) throws IOException {
    clean("text/html", input);
  }

  @FuzzTest
  void telegram(byte[] input) throws IOException {
    clean(Formats.TELEGRAM_CHAT, input);
  }

  @FuzzTest
  void avi(byte[] input) throws IOException {
    clean("video/x-msvideo", input);
  }

  @FuzzTest
  void asf(byte[] input) throws IOException {
    clean("video/x-ms-wmv", input);
  }

  private static final byte[] DOCX = Corpus.docx();

  /**
   * A drawing inside an office document: the checks of metafiles and the pictures and metafiles
   * their EMF+ images hold (the seed is such a preview, with a picture split over two records and a
   * metafile inside), which only a document reaches.
   */
  @FuzzTest
  void emf(byte[] input) throws IOException {
    clean("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Views.reached(DOCX, "word/_rels/document.xml.rels", java.util.Map.of("word/media/drawing.emf", input)));
  }

  @FuzzTest
  void aiff(byte[] input) throws IOException {
    clean("audio/x-aiff", input);
  }

  @FuzzTest
  void pnm(byte[] input) throws IOException {
    clean("image/x-portable-pixmap", input);
  }

  @FuzzTest
  void bmp(byte[] input) throws IOException {
    clean("image/bmp", input);
  }

  @FuzzTest
  void rtf(byte[] input) throws IOException {
    clean("application/rtf", input);
  }

  @FuzzTest
  void amr(byte[] input) throws IOException {
    clean("audio/amr", input);
  }

  @FuzzTest
  void adts(byte[] input) throws IOException {
    clean("audio/aac", input);
  }

  /** A zip archive's own structure and names; the files inside go to their cleaners as they would on their own. */
  @FuzzTest
  void archive(byte[] input) throws IOException {
    clean(SANITIZER.archive(), input);
  }
}
