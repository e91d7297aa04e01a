package org.sandyq.crypto.note;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.InvalidProofException;
import org.sandyq.crypto.tlog.Tlog;

/**
 * An offline proof that an entry is in the log (c2sp.org/tlog-proof):
 *
 * <pre>
 * c2sp.org/tlog-proof@v1
 * extra &lt;base64&gt;            (optional, unauthenticated)
 * index &lt;decimal&gt;
 * &lt;base64 hash&gt;              (the RFC 6962 inclusion proof, leaf side first, zero or more lines)
 *
 * &lt;the signed checkpoint note, verbatim&gt;
 * </pre>
 *
 * @param extra opaque extra data, never trusted, or empty
 * @param index the entry's zero-based index
 * @param proof the inclusion proof in the checkpoint's tree
 * @param checkpoint the signed checkpoint note text
 */
public record TlogProof(Optional<byte[]> extra, long index, List<Hash> proof, String checkpoint) {
  public static final String HEADER = "c2sp.org/tlog-proof@v1";
  /** A tree of fewer than 2^63 entries never needs more. */
  static final int MAX_PROOF_HASHES = 63;
  static final int MAX_LENGTH = 2 * Note.MAX_NOTE_BYTES;

  public TlogProof {
    extra = extra.map(byte[]::clone);
    proof = List.copyOf(proof);
    if (index < 0 || proof.size() > MAX_PROOF_HASHES || checkpoint == null) {
      throw new IllegalArgumentException("a tlog-proof has an index ≥ 0, at most 63 hashes and a checkpoint");
    }
  }

  public TlogProof(long index, List<Hash> proof, String checkpoint) {
    this(Optional.empty(), index, proof, checkpoint);
  }

  /** The text form. */
  public String format() {
    StringBuilder b = new StringBuilder(HEADER).append('\n');
    extra.ifPresent(e -> b.append("extra ").append(Base64.getEncoder().encodeToString(e)).append('\n'));
    b.append("index ").append(index).append('\n');
    proof.forEach(h -> b.append(h.base64()).append('\n'));
    return b.append('\n').append(checkpoint).toString();
  }

  /** Parses the text form strictly (the checkpoint is kept verbatim, verified by {@link #verify}). */
  public static TlogProof parse(String text) throws InvalidNoteException {
    if (text == null || text.length() > MAX_LENGTH) {
      throw new InvalidNoteException("tlog-proof is missing or larger than " + MAX_LENGTH + " characters");
    }
    int pos = 0;
    String line = lineAt(text, pos);
    if (!line.equals(HEADER)) {
      throw new InvalidNoteException("not a tlog-proof: the first line must be " + HEADER);
    }
    pos += line.length() + 1;
    Optional<byte[]> extra = Optional.empty();
    line = lineAt(text, pos);
    if (line.startsWith("extra ")) {
      String b64 = line.substring("extra ".length());
      byte[] raw = decode(b64);
      if (raw == null) {
        throw new InvalidNoteException("malformed tlog-proof: extra is standard base64");
      }
      extra = Optional.of(raw);
      pos += line.length() + 1;
      line = lineAt(text, pos);
    }
    if (!line.matches("index (0|[1-9][0-9]{0,18})")) {
      throw new InvalidNoteException("malformed tlog-proof: expected \"index <decimal without leading zeros>\"");
    }
    long index;
    try {
      index = Long.parseLong(line.substring("index ".length()));
    } catch (NumberFormatException e) {
      throw new InvalidNoteException("malformed tlog-proof: index too large");
    }
    pos += line.length() + 1;
    List<Hash> proof = new ArrayList<>();
    while (!(line = lineAt(text, pos)).isEmpty()) {
      if (proof.size() == MAX_PROOF_HASHES) {
        throw new InvalidNoteException("malformed tlog-proof: more than " + MAX_PROOF_HASHES + " proof hashes");
      }
      try {
        proof.add(Hash.parse(line));
      } catch (IllegalArgumentException e) {
        throw new InvalidNoteException("malformed tlog-proof: proof line " + (proof.size() + 1) + ": " + e.getMessage());
      }
      pos += line.length() + 1;
    }
    pos += 1; // the empty line
    if (pos > text.length() || text.substring(pos).isEmpty()) {
      throw new InvalidNoteException("malformed tlog-proof: no checkpoint after the empty line");
    }
    return new TlogProof(extra, index, proof, text.substring(pos));
  }

  /** The line starting at {@code pos}, without its newline; every line must end in one. */
  private static String lineAt(String text, int pos) throws InvalidNoteException {
    int nl = pos <= text.length() ? text.indexOf('\n', pos) : -1;
    if (nl < 0) {
      throw new InvalidNoteException("malformed tlog-proof: truncated");
    }
    return text.substring(pos, nl);
  }

  private static byte[] decode(String b64) {
    try {
      byte[] raw = Base64.getDecoder().decode(b64);
      return Base64.getEncoder().encodeToString(raw).equals(b64) ? raw : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Checks that {@code entry} is in the log: the checkpoint carries a valid signature by
   * {@code logKey} for {@code origin}, and the proof leads from {@code SHA-256(0x00 || entry)} at
   * {@link #index} to its root. Returns the verified checkpoint.
   */
  public Checkpoint verify(byte[] entry, NoteVerifierKey logKey, String origin)
      throws InvalidNoteException, InvalidProofException {
    Checkpoint c = Checkpoint.open(checkpoint, logKey, origin);
    Tlog.checkRecord(proof, c.size(), c.root(), index, Hash.ofRecord(entry));
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlogProof other && other.format().equals(format());
  }

  @Override
  public int hashCode() {
    return format().hashCode();
  }

  @Override
  public String toString() {
    return format();
  }
}
