package org.sandyq.cli.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an upload sends: a file that is complete, or one still being written that the upload
 * follows ({@code submit} sealing while it sends). The length is the {@code Content-Length}, known
 * before the first byte goes out.
 */
public interface UploadBody {
  /** The body's length in bytes. */
  long length() throws IOException;

  /** The body from its first byte; a read may wait for the writer. */
  InputStream open() throws IOException;

  /** Whether the source itself failed, so that sending again (the rest, after a break) would fail again. */
  default boolean broken() {
    return false;
  }

  /** What is named in messages. */
  String name();

  /** A complete file. */
  static UploadBody of(Path file) {
    return new UploadBody() {
      @Override
      public long length() throws IOException {
        return Files.size(file);
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }

      @Override
      public String name() {
        return file.toString();
      }
    };
  }
}
