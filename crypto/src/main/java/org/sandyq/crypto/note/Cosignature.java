package org.sandyq.crypto.note;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * A witness's cosignature on a checkpoint (c2sp.org/tlog-cosignature, {@code cosignature/v1}): an
 * Ed25519 signature, at a time the witness states, over
 *
 * <pre>
 * cosignature/v1\n
 * time &lt;decimal seconds since the Unix epoch&gt;\n
 * &lt;the checkpoint's note text: origin, size and root hash lines&gt;
 * </pre>
 *
 * written as a note signature line {@code — <witness name> base64(key ID || time || signature)},
 * the key ID of algorithm 0x04 ({@link CosignerKey}), the time 8 bytes big-endian. A cosignature
 * says only "this witness saw this checkpoint, consistent with every earlier one it cosigned,
 * at that time"; it is verified against a {@link CosignerKey}, never trusted by its name.
 *
 * @param name the witness's key name
 * @param keyId the witness key's 32-bit ID
 * @param time seconds since the Unix epoch, as the witness wrote it
 * @param signature the 64-byte Ed25519 signature
 */
public record Cosignature(String name, int keyId, long time, byte[] signature) {
  /** The first line of every signed cosignature message. */
  public static final String HEADER = "cosignature/v1";
  static final int SIGNATURE_LENGTH = 64;
  /** Key ID, time, signature. */
  static final int FIELD_LENGTH = 4 + 8 + SIGNATURE_LENGTH;

  public Cosignature {
    NoteVerifierKey.checkName(name);
    if (time < 0) {
      throw new IllegalArgumentException("a cosignature time is not negative");
    }
    if (signature == null || signature.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("an Ed25519 signature is 64 bytes");
    }
    signature = signature.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The bytes a witness signs for {@code checkpoint} at {@code time}. Checkpoints with extension
   * lines are refused: Sandyq writes none, and a witness should not vouch for lines it cannot check.
   */
  public static byte[] message(Checkpoint checkpoint, long time) {
    if (!checkpoint.extensions().isEmpty()) {
      throw new IllegalArgumentException("a checkpoint with extension lines is not cosigned");
    }
    if (time < 0) {
      throw new IllegalArgumentException("a cosignature time is not negative");
    }
    return (HEADER + "\ntime " + time + "\n" + checkpoint.text()).getBytes(StandardCharsets.UTF_8);
  }

  /** The note signature line, with its final newline. */
  public String line() {
    byte[] field = ByteBuffer.allocate(FIELD_LENGTH).putInt(keyId).putLong(time).put(signature).array();
    return new NoteSignature(name, keyId, Base64.getEncoder().encodeToString(field)).line();
  }

  /**
   * Reads a note signature as a cosignature: its field must be exactly key ID, time and signature
   * (76 bytes). Whether the key is a witness's is the caller's to know, by name and key ID.
   */
  public static Cosignature of(NoteSignature sig) throws InvalidNoteException {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(sig.base64());
    } catch (IllegalArgumentException e) {
      throw new InvalidNoteException("malformed cosignature: not base64");
    }
    if (raw.length != FIELD_LENGTH) {
      throw new InvalidNoteException("malformed cosignature: " + raw.length + " bytes, not " + FIELD_LENGTH);
    }
    ByteBuffer b = ByteBuffer.wrap(raw);
    int keyId = b.getInt();
    long time = b.getLong();
    if (time < 0) {
      throw new InvalidNoteException("malformed cosignature: time beyond 2^63");
    }
    return new Cosignature(sig.name(), keyId, time, Arrays.copyOfRange(raw, 12, raw.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cosignature c && c.name.equals(name) && c.keyId == keyId && c.time == time
        && Arrays.equals(c.signature, signature);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "cosignature by " + name + "+" + String.format("%08x", keyId) + " at " + time;
  }
}
