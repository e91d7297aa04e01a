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
public enum Failure {
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
  BROKE_OFF,
  TIMEOUT,
  LOST,
  NO_SUCH_FILE,
  ALREADY_EXISTS,
  PERMISSION_DENIED,
  IO_ERROR,
  MALFORMED_JSON,
  INVALID_POLICY,
  VERIFICATION_FAILED,
  /**
   * The vault's answer is malformed, or is not about what was asked (another submission, request or
   * version): a broken or hostile server; nothing of it is kept.
   */
  BAD_ANSWER,
  /** A file given as an envelope is not one. */
  NOT_AN_ENVELOPE,
  /** An envelope sealed under a policy the vault no longer serves: seal it again. */
  STALE_ENVELOPE,
  /** An option's value is out of its range or form (exit 1: it parsed, but cannot be used). */
  INVALID_OPTION,
  /** A lawyer's or auditor's command was run without {@code --key}. */
  KEY_NEEDED,
  /** {@code --key} is not a private key file (a {@code .pub}, or not a Sandyq key at all). */
  NOT_A_PRIVATE_KEY,
  /** A roster member given as {@code --lawyer}/{@code --auditor}/{@code --witness} is not a {@code .pub}. */
  NOT_A_PUBLIC_IDENTITY,
  /** A submission or request id that is not 32 lowercase hex digits. */
  MALFORMED_ID,
  /** No passphrase: an empty file, no terminal to ask on. */
  PASSPHRASE_NEEDED,
  /** A new key's passphrase is too short. */
  WEAK_PASSPHRASE,
  /** A new key's passphrase, typed twice, differed. */
  PASSPHRASES_DIFFER,
  /**
   * The key is not on the vault's roster (not a lawyer, not an auditor): the client's own check,
   * named as the server names the same refusal.
   */
  NOT_ON_ROSTER,
  /** This lawyer already approved the request (the client's check, as the server's code). */
  ALREADY_APPROVED,
  /** This lawyer already declined the request (the client's check, as the server's code). */
  ALREADY_DECLINED,
  /** The request was already opened; an approval now would be a share nobody needs. */
  ALREADY_OPENED,
  /** Only the lawyer who made a request opens it (the client's check, as the server's code). */
  NOT_THE_REQUESTER,
  /** The request's ephemeral key is not in {@code --state}: not made here, or already used. */
  NO_REQUEST_KEY,
  /** The source kept no original files, so there is no {@code original} section to request. */
  NO_ORIGINAL,
  /** An export of a request that has not been opened yet. */
  NOT_OPENED,
  /** Approve or decline asks before signing and had no terminal to ask on (use {@code --yes}). */
  CONFIRMATION_NEEDED,
  /**
   * Asked before signing, the lawyer said no: nothing was signed or sent. Not {@code declined}: a
   * decline is an action of its own ({@code unseal decline}).
   */
  NOT_CONFIRMED,
  /** {@code --pin} differs from the fingerprint this client already trusts for the vault. */
  PIN_MISMATCH,
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
    if (e instanceof UserError u && u.failure() != null) {
      return u.failure().code();
    }
    if (e instanceof HttpProblem p) {
      return p.type().map(t -> t.slug().replace('-', '_')).orElse(REFUSED.code());
    }
    if (e instanceof UserError u && u.key() != null) {
      return switch (u.key()) {
        case "error.receipt-length", "error.receipt-characters", "error.receipt-typo" -> MALFORMED_RECEIPT.code();
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
        case "error.broke-off" -> BROKE_OFF.code();
        case "error.timeout" -> TIMEOUT.code();
        case "error.lost", "error.lost-followup" -> LOST.code();
        case "error.already-sent" -> code(u.getCause()); // the server's duplicate_submission
        default -> FAILED.code();
      };
    }
    if (e instanceof UserError u && u.getCause() != null && u.getCause() != u) {
      return code(u.getCause()); // what it wraps says what it is: an I/O failure, a server's refusal
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
