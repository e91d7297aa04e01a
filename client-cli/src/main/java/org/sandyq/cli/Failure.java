package org.sandyq.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.util.Locale;
import org.sandyq.cli.net.HttpProblem;
import org.sandyq.crypto.json.MalformedJsonException;
import org.sandyq.policy.PolicyException;

/**
 * The stable code of a failure, for {@code --json}'s {@code {"error": {"code": …}}}: scripts compare
 * codes, never messages (which change and are translated). Snake case throughout; docs/cli.md lists
 * them.
 */
enum Failure {
  /** The command line does not parse (exit 2). */
  USAGE,
  /** The receipt given is not one (a digit wrong, too short). */
  MALFORMED_RECEIPT,
  /** First contact with a server and no {@code --pin}. */
  FIRST_CONTACT,
  NO_TIP,
  EXPIRED,
  NOTHING_TO_SEAL,
  CATEGORY_NEEDED,
  UNKNOWN_CATEGORY,
  NOT_A_FILE,
  SERVER_NEEDED,
  UNSUPPORTED_FILE,
  REFUSED_FILE,
  UNREACHABLE,
  TIMEOUT,
  LOST,
  NO_SUCH_FILE,
  ALREADY_EXISTS,
  PERMISSION_DENIED,
  IO_ERROR,
  MALFORMED_JSON,
  INVALID_POLICY,
  VERIFICATION_FAILED,
  /** The server refused with an answer that names no problem type this client knows. */
  REFUSED,
  /** Anything else. */
  FAILED;

  String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The code of {@code e}: a server's refusal by its problem type's slug ({@code already-opened} →
   * {@code already_opened}); one of the client's own by what it is.
   */
  static String code(Throwable e) {
    if (e instanceof UncheckedIOException u && u.getCause() != null) {
      e = u.getCause();
    }
    if (e instanceof HttpProblem p) {
      return p.type().map(t -> t.slug().replace('-', '_')).orElse(REFUSED.code());
    }
    if (e instanceof UserError u && u.key() != null) {
      return switch (u.key()) {
        case "error.receipt" -> MALFORMED_RECEIPT.code();
        case "error.first-contact" -> FIRST_CONTACT.code();
        case "error.no-tip" -> NO_TIP.code();
        case "error.expired" -> EXPIRED.code();
        case "error.nothing-to-seal" -> NOTHING_TO_SEAL.code();
        case "error.category-needed" -> CATEGORY_NEEDED.code();
        case "error.unknown-category" -> UNKNOWN_CATEGORY.code();
        case "error.not-a-file" -> NOT_A_FILE.code();
        case "error.server-needed" -> SERVER_NEEDED.code();
        case "error.unsupported-file" -> UNSUPPORTED_FILE.code();
        case "error.refused-file" -> REFUSED_FILE.code();
        case "error.unreachable" -> UNREACHABLE.code();
        case "error.timeout" -> TIMEOUT.code();
        case "error.lost" -> LOST.code();
        case "error.already-sent" -> code(u.getCause()); // the server's duplicate_submission
        default -> FAILED.code();
      };
    }
    if (e instanceof UserError u && u.getCause() instanceof UserError cause && cause != u) {
      return code(cause);
    }
    if (e instanceof NoSuchFileException) {
      return NO_SUCH_FILE.code();
    }
    if (e instanceof FileAlreadyExistsException) {
      return ALREADY_EXISTS.code();
    }
    if (e instanceof AccessDeniedException) {
      return PERMISSION_DENIED.code();
    }
    if (e instanceof MalformedJsonException) {
      return MALFORMED_JSON.code();
    }
    if (e instanceof IOException) {
      return IO_ERROR.code();
    }
    if (e instanceof PolicyException) {
      return INVALID_POLICY.code();
    }
    if (e instanceof GeneralSecurityException) {
      return VERIFICATION_FAILED.code();
    }
    return FAILED.code();
  }
}
