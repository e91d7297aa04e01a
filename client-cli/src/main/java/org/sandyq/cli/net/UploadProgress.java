package org.sandyq.cli.net;

/** Told how an upload advances, for a progress bar. */
public interface UploadProgress {
  UploadProgress NONE = new UploadProgress() {
    @Override
    public void advance(long sent, long total) {}

    @Override
    public void done() {}
  };

  /** {@code sent} of {@code total} bytes have been written to the connection. */
  void advance(long sent, long total);

  /**
   * Asked before the bytes up to {@code upTo} of {@code total} are written: false stops the upload
   * there (an interrupt decided that the vault cannot have it, and must stay right).
   */
  default boolean mayWrite(long upTo, long total) {
    return true;
  }

  /** The body is sent (or the upload gave up). */
  void done();
}
