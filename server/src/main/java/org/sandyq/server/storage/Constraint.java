package org.sandyq.server.storage;

import java.util.Optional;
import org.sqlite.SQLiteException;

/**
 * The schema rule an SQLite write broke: its kind, from the driver's extended result code, and the
 * name SQLite gives it ({@code submissions.lookup_hash}; {@code approvals.request, approvals.approver}
 * for a key of several columns; empty for a foreign key, which SQLite does not name).
 *
 * <p>Only the one uniqueness rule a caller expects ({@link #isDuplicate}) may become a refusal
 * such as 409; any other broken rule (a NOT NULL, a foreign key, another unique column) is a
 * server bug and must reach the client as a fault, not as "already stored".
 */
public record Constraint(Kind kind, String name) {
  /** The constraint kinds SQLite reports with an extended result code. */
  public enum Kind { PRIMARY_KEY, UNIQUE, NOT_NULL, FOREIGN_KEY, CHECK, OTHER }

  /** SQLite's own text before the constraint's name, e.g. "UNIQUE constraint failed: t.c". */
  private static final String NAMED = " constraint failed: ";

  /**
   * The rule {@code failure} broke, if it is an SQLite constraint failure.
   *
   * <p>The kind comes from {@link SQLiteException#getResultCode()}: sqlite-jdbc turns SQLite's
   * extended result codes on for every connection it opens (there is no setting for it), and
   * ConstraintTest pins that. The driver gives the constraint's name no field of its own: it
   * is only in the text SQLite wrote after the code ("... (UNIQUE constraint failed: t.c)"), so
   * it is read from there once the code has said which kind of rule broke. A name SQLite ever
   * worded otherwise would read as another constraint, and so be a fault, never a duplicate.
   */
  public static Optional<Constraint> of(Throwable failure) {
    if (!(failure instanceof SQLiteException e)) {
      return Optional.empty();
    }
    Kind kind = switch (e.getResultCode()) {
      case SQLITE_CONSTRAINT_PRIMARYKEY -> Kind.PRIMARY_KEY;
      case SQLITE_CONSTRAINT_UNIQUE -> Kind.UNIQUE;
      case SQLITE_CONSTRAINT_NOTNULL -> Kind.NOT_NULL;
      case SQLITE_CONSTRAINT_FOREIGNKEY -> Kind.FOREIGN_KEY;
      case SQLITE_CONSTRAINT_CHECK -> Kind.CHECK;
      case SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_COMMITHOOK, SQLITE_CONSTRAINT_DATATYPE, SQLITE_CONSTRAINT_FUNCTION,
          SQLITE_CONSTRAINT_PINNED, SQLITE_CONSTRAINT_ROWID, SQLITE_CONSTRAINT_TRIGGER, SQLITE_CONSTRAINT_VTAB ->
          Kind.OTHER;
      default -> null; // not a constraint failure at all
    };
    return kind == null ? Optional.empty() : Optional.of(new Constraint(kind, name(e.getMessage())));
  }

  /**
   * Whether {@code failure} broke exactly the uniqueness of {@code key}, named as SQLite names it
   * ({@code "submissions.id"}, {@code "nonces.key_id, nonces.nonce"}), and nothing else.
   */
  public static boolean isDuplicate(Throwable failure, String key) {
    return of(failure).filter(c -> c.unique() && c.name.equals(key)).isPresent();
  }

  /** A primary key or unique column: a row like this one is already stored. */
  public boolean unique() {
    return switch (kind) {
      case PRIMARY_KEY, UNIQUE -> true;
      case NOT_NULL, FOREIGN_KEY, CHECK, OTHER -> false;
    };
  }

  /** What follows SQLite's "constraint failed: ", without the driver's closing parenthesis. */
  private static String name(String message) {
    if (message == null) {
      return "";
    }
    int at = message.lastIndexOf(NAMED);
    if (at < 0) {
      return "";
    }
    String name = message.substring(at + NAMED.length());
    return name.endsWith(")") ? name.substring(0, name.length() - 1) : name;
  }
}
