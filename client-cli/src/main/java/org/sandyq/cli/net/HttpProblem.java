package org.sandyq.cli.net;

import org.sandyq.cli.UserError;

/**
 * The server refused a request. Its message is one line built from the RFC 9457 problem's
 * {@code detail}; {@link #slug()} is the last part of the problem {@code type}
 * ({@code urn:sandyq:problem:<slug>}), empty when the answer was not a problem document.
 */
public final class HttpProblem extends UserError {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;

  HttpProblem(int status, String slug, String message) {
    super(message);
    this.status = status;
    this.slug = slug;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }
}
