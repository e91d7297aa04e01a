package org.sandyq.cli;

import org.sandyq.audit.AuditFailure;

/**
 * A failure the user can act on; its message is printed as the one-line error. One a source is
 * likely to meet carries its sentence's key, so it is shown in the source's language ({@link Words}).
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Failure failure;
  private final String key;
  private final transient Object[] args;

  public UserError(String message) {
    this(message, (Throwable) null);
  }

  public UserError(String message, Throwable cause) {
    this(null, message, cause);
  }

  /** A refusal with its own {@code --json} code (docs/cli.md lists them), not {@code failed}. */
  public UserError(Failure failure, String message) {
    this(failure, message, null);
  }

  public UserError(Failure failure, String message, Throwable cause) {
    super(message, cause);
    this.failure = failure;
    this.key = null;
    this.args = new Object[0];
  }

  UserError(String english, Throwable cause, String key, Object... args) {
    super(english, cause);
    this.failure = null;
    this.key = key;
    this.args = args.clone();
  }

  /** An audit rule broken: its one sentence names the entry, and the reason stays with the cause. */
  public static UserError of(AuditFailure failure) {
    return new UserError(failure.getMessage(), failure);
  }

  Failure failure() {
    return failure;
  }

  String key() {
    return key;
  }

  Object[] args() {
    return args.clone();
  }
}
