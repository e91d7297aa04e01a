package org.sandyq.crypto.note;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.crypto.tlog.Hash;

/**
 * A transparency-log checkpoint (c2sp.org/tlog-checkpoint): the note text
 * {@code <origin>\n<size>\n<base64 root>\n} and optional non-empty extension lines, signed as a
 * note by the log's key (whose name is the origin).
 *
 * @param origin the log's origin (Sandyq: the policy's {@code origin})
 * @param size the number of entries, decimal without leading zeros
 * @param root the RFC 6962 root hash of the first {@code size} entries
 * @param extensions extension lines (Sandyq writes none)
 */
public record Checkpoint(String origin, long size, Hash root, List<String> extensions) {
  public Checkpoint {
    if (origin == null || origin.isEmpty() || origin.length() > 255 || origin.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      throw new IllegalArgumentException("a checkpoint origin is 1 to 255 characters without control characters");
    }
    if (size < 0) {
      throw new IllegalArgumentException("a tree size is not negative");
    }
    if (root == null) {
      throw new IllegalArgumentException("a checkpoint has a root hash");
    }
    extensions = List.copyOf(extensions);
    for (String e : extensions) {
      if (e.isEmpty() || e.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        throw new IllegalArgumentException("an extension line is non-empty, without control characters");
      }
    }
  }

  public Checkpoint(String origin, long size, Hash root) {
    this(origin, size, root, List.of());
  }

  /** The note text. */
  public String text() {
    StringBuilder b = new StringBuilder().append(origin).append('\n').append(size).append('\n')
        .append(root.base64()).append('\n');
    extensions.forEach(e -> b.append(e).append('\n'));
    return b.toString();
  }

  /** The signed checkpoint note. */
  public String sign(NoteSigner signer) throws GeneralSecurityException {
    return signer.sign(text());
  }

  /** Parses a checkpoint note text (already verified as a note). */
  public static Checkpoint parseText(String text) throws InvalidNoteException {
    if (text == null || !text.endsWith("\n")) {
      throw new InvalidNoteException("malformed checkpoint: the text ends with a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new InvalidNoteException("malformed checkpoint: origin, size and root hash lines are required");
    }
    for (String line : lines) {
      if (line.isEmpty()) {
        throw new InvalidNoteException("malformed checkpoint: empty line");
      }
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new InvalidNoteException("malformed checkpoint: the size is a decimal without leading zeros");
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new InvalidNoteException("malformed checkpoint: the size is too large");
    }
    Hash root;
    try {
      root = Hash.parse(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new InvalidNoteException("malformed checkpoint: " + e.getMessage());
    }
    List<String> extensions = new ArrayList<>(List.of(lines).subList(3, lines.length));
    try {
      return new Checkpoint(lines[0], size, root, extensions);
    } catch (IllegalArgumentException e) {
      throw new InvalidNoteException("malformed checkpoint: " + e.getMessage());
    }
  }

  /**
   * Verifies a signed checkpoint note: a valid signature by {@code logKey}, and the expected origin
   * (a checkpoint of another log is refused, whatever its signature).
   */
  public static Checkpoint open(String signedNote, NoteVerifierKey logKey, String origin) throws InvalidNoteException {
    Note note = Note.open(signedNote.getBytes(StandardCharsets.UTF_8), List.of(logKey));
    Checkpoint c = parseText(note.text());
    if (!c.origin().equals(origin)) {
      throw new InvalidNoteException("checkpoint is for origin \"" + c.origin() + "\", not \"" + origin + "\"");
    }
    return c;
  }
}
