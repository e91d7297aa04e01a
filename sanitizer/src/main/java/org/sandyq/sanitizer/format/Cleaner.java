package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Rewrites one format, keeping only what an allowlist says the format needs. Implementations
 * record in the {@link Job} what they removed and kept, and throw {@link BadFileException} for
 * anything they cannot rewrite safely.
 */
public interface Cleaner {
  /** The extension of the cleaned copy's neutral name. */
  String extension();

  /** Writes the cleaned copy of {@code in} to the new file {@code out}. */
  void clean(Path in, Path out, Job job) throws IOException;

  /** Warnings for this kind of content that metadata removal cannot address. */
  default java.util.List<String> contentWarnings() {
    return Warnings.GENERIC;
  }
}
