package org.sandyq.server.intake.form;

import java.io.InputStream;

/** A strict, bounded {@code multipart/form-data} reader (RFC 7578) for the source web form. */
public final class FormParser {
  private FormParser() {}

  /**
   * Reads a whole form from {@code body}, whose media type is {@code contentType} (with its
   * boundary), within {@code limits}.
   *
   * @throws FormRefused {@code malformed} (bad boundary, truncated body, bad part headers, unknown
   *     or repeated fields, invalid UTF-8), {@code too-large} (over a limit)
   */
  public static TipForm parse(String contentType, InputStream body, FormLimits limits) throws FormRefused {
    throw new UnsupportedOperationException("FormParser.parse: coming next");
  }
}
