package org.sandyq.sanitizer;

import java.io.IOException;

/**
 * Cleans a file held in memory: {@link Sanitizer} in this process (the command line), or
 * {@link IsolatedSanitizer} in a resource-capped child process (the server's web intake), with
 * the same result for the same bytes.
 */
public interface InMemoryCleaner {
  /** See {@link Sanitizer#clean(byte[], String, int)}. */
  Sanitizer.Cleaned clean(byte[] input, String name, int number) throws IOException, SanitizerRefusal;

  /** See {@link Sanitizer#passThrough(byte[], String, int)}. */
  Sanitizer.Cleaned passThrough(byte[] input, String name, int number) throws IOException;
}
