package org.sandyq.tip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a file that must be cleaned on disk (too large to clean in memory) is cleaned: a new,
 * empty directory readable only by its owner, which the sealer deletes when it is done. The
 * command line gives one under its own private scratch directory, which it also deletes on Ctrl-C
 * and clears after a killed run.
 */
@FunctionalInterface
public interface ScratchSpace {
  /** The JVM's temporary directory ({@code Files.createTempDirectory} makes it mode 0700). */
  ScratchSpace SYSTEM_TEMP = () -> Files.createTempDirectory("sandyq-seal-");

  /** A new empty directory, owner-only. */
  Path newDirectory() throws IOException;
}
