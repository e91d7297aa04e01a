package org.sandyq.cli.net;

import java.util.Optional;
import org.sandyq.api.ProblemType;
import org.sandyq.cli.UserError;

/**
 * The server refused a request. Its message is one line built from the RFC 9457 problem's
 * {@code detail}; {@link #slug()} is the last part of the problem {@code type}
 * ({@code urn:sandyq:problem:<slug>}), empty when the answer was not a problem document;
 * {@link #type()} is that slug as a {@link ProblemType}, which is what callers compare.
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

  /** The problem's type; empty for a plain error answer or a slug this client does not know. */
  public Optional<ProblemType> type() {
    return ProblemType.of(slug);
  }

  /** Whether the server answered with this problem type (its slug, with its status). */
  public boolean is(ProblemType t) {
    return status == t.status() && type().orElse(null) == t;
  }
}
