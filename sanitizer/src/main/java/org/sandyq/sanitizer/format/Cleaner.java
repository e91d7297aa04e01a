package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.util.List;

/**
 * Rewrites one format, keeping only what an allowlist says the format needs. Implementations
 * record in the {@link Job} what they removed and kept, and throw {@link BadFileException} for
 * anything they cannot rewrite safely.
 */
public abstract class Cleaner {
  /** A document's persistent id (PDF's {@code /ID}, Word's {@code w15:docId}): it links copies and versions of one file. */
  static final String DOCUMENT_ID = "document id (links versions of the same file)";
  private final String extension;
  private final List<String> warnings;

  Cleaner(String extension, List<String> warnings) {
    this.extension = extension;
    this.warnings = warnings;
  }

  /** The extension of the cleaned copy's neutral name. */
  public final String extension() {
    return extension;
  }

  /** Warnings for this kind of content that metadata removal cannot address. */
  public final List<String> contentWarnings() {
    return warnings;
  }

  /**
   * Whether cleaning a cleaned copy gives the same bytes, which the check after cleaning then
   * requires: for formats whose readers disagree on how to split a file (a contact card, a web
   * page), a copy that changes when read again is one a reader could take differently.
   */
  boolean idempotent() {
    return false;
  }

  /** Writes the cleaned copy of {@code in} to {@code out} (a new file or an array in memory). */
  public abstract void clean(Input in, Output out, Job job) throws IOException;

  /**
   * Cleans a file embedded in another (a picture in a PDF or an office document, a document in a
   * document), in memory; the intermediate copy is zeroed.
   */
  final byte[] clean(byte[] embedded, Job job) throws IOException {
    Output.InMemory out = new Output.InMemory();
    try {
      clean(Input.of(embedded), out, job);
      return out.contents().toByteArray();
    } finally {
      out.discard();
    }
  }
}
