package org.sandyq.witness;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.sandyq.crypto.note.Checkpoint;
import org.sandyq.crypto.note.InvalidNoteException;
import org.sandyq.crypto.note.Note;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.witness.WitnessRefusal.Reason;

/**
 * The body of {@code POST <prefix>/add-checkpoint} (c2sp.org/tlog-witness):
 *
 * <pre>
 * old &lt;size of the witness's latest checkpoint, decimal&gt;\n
 * &lt;base64 consistency proof hash&gt;\n      (0 to 63 lines)
 * \n
 * &lt;the signed checkpoint note&gt;
 * </pre>
 *
 * Parsed strictly: canonical decimals and base64, nothing but these lines. The note is kept
 * verbatim; {@link #claimed} is its text read as a checkpoint, not yet verified.
 *
 * @param old the size the log believes the witness holds
 * @param proof the consistency proof from {@code old} to the checkpoint's size
 * @param note the signed checkpoint note, verbatim
 * @param claimed the note's checkpoint, before any signature is checked
 */
public record AddCheckpoint(long old, List<Hash> proof, String note, Checkpoint claimed) {
  /** A tree of fewer than 2^63 entries never needs more (c2sp.org/tlog-witness). */
  public static final int MAX_PROOF_HASHES = 63;
  /** "old" and a 19-digit size, the proof lines, the blank line and the largest note read. */
  public static final int MAX_BODY_BYTES = 32 + MAX_PROOF_HASHES * 45 + 1 + Note.MAX_NOTE_BYTES;

  public AddCheckpoint {
    proof = List.copyOf(proof);
  }

  public static AddCheckpoint parse(byte[] body) throws WitnessRefusal {
    if (body.length > MAX_BODY_BYTES) {
      throw new WitnessRefusal(Reason.TOO_LARGE, "an add-checkpoint request is at most " + MAX_BODY_BYTES + " bytes");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw malformed("the body is not UTF-8");
    }
    int pos = 0;
    String line = lineAt(text, pos);
    if (!line.matches("old (0|[1-9][0-9]{0,18})")) {
      throw malformed("the first line is \"old <size>\", a decimal without leading zeros");
    }
    long old;
    try {
      old = Long.parseLong(line.substring(4));
    } catch (NumberFormatException e) {
      throw malformed("the old size is too large");
    }
    pos += line.length() + 1;
    List<Hash> proof = new ArrayList<>();
    while (!(line = lineAt(text, pos)).isEmpty()) {
      if (proof.size() == MAX_PROOF_HASHES) {
        throw malformed("more than " + MAX_PROOF_HASHES + " consistency proof lines");
      }
      try {
        proof.add(Hash.parse(line));
      } catch (IllegalArgumentException e) {
        throw malformed("proof line " + (proof.size() + 1) + ": " + e.getMessage());
      }
      pos += line.length() + 1;
    }
    String note = text.substring(pos + 1);
    int split = note.lastIndexOf("\n\n");
    if (note.isEmpty() || split < 0) {
      throw malformed("no signed checkpoint note after the blank line");
    }
    Checkpoint claimed;
    try {
      claimed = Checkpoint.parseText(note.substring(0, split + 1));
    } catch (InvalidNoteException e) {
      throw malformed(e.getMessage());
    }
    return new AddCheckpoint(old, proof, note, claimed);
  }

  /** The line starting at {@code pos}, without its newline; every line before the note ends in one. */
  private static String lineAt(String text, int pos) throws WitnessRefusal {
    int nl = text.indexOf('\n', pos);
    if (nl < 0) {
      throw malformed("truncated: expected \"old <size>\", proof lines and a blank line before the checkpoint");
    }
    return text.substring(pos, nl);
  }

  private static WitnessRefusal malformed(String why) {
    return new WitnessRefusal(Reason.MALFORMED, "malformed add-checkpoint request: " + why);
  }

  /** The request body for these values (what a log sends). */
  public static byte[] format(long old, List<Hash> proof, String note) {
    StringBuilder b = new StringBuilder("old ").append(old).append('\n');
    proof.forEach(h -> b.append(h.base64()).append('\n'));
    return b.append('\n').append(note).toString().getBytes(StandardCharsets.UTF_8);
  }
}
