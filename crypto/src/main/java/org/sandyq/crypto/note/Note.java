package org.sandyq.crypto.note;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A verified signed note (c2sp.org/signed-note): a text ending in '\n', a blank line, and signature
 * lines. {@link #open} follows the spec and Go's note.Open: signatures from unknown keys are kept
 * but ignored; a signature from a known key that fails makes the whole note invalid; a note with
 * no valid signature from a known key is refused.
 */
public final class Note {
  /** Largest note read: a checkpoint with many cosignatures is a few kilobytes. */
  public static final int MAX_NOTE_BYTES = 64 * 1024;
  /** Most signature lines read (the spec asks verifiers to accept at least 16). */
  public static final int MAX_SIGNATURES = 100;

  private final String text;
  private final List<NoteSignature> verified;
  private final List<NoteSignature> unverified;

  private Note(String text, List<NoteSignature> verified, List<NoteSignature> unverified) {
    this.text = text;
    this.verified = List.copyOf(verified);
    this.unverified = List.copyOf(unverified);
  }

  /** Parses and verifies a signed note against the known keys (no two with the same name and ID). */
  public static Note open(byte[] message, List<NoteVerifierKey> known) throws InvalidNoteException {
    if (message.length > MAX_NOTE_BYTES) {
      throw new InvalidNoteException("note is larger than " + MAX_NOTE_BYTES + " bytes");
    }
    String msg = utf8(message);
    checkCharacters(msg);
    int split = msg.lastIndexOf("\n\n");
    if (split < 0) {
      throw new InvalidNoteException("malformed note: no blank line before the signatures");
    }
    String text = msg.substring(0, split + 1);
    String sigs = msg.substring(split + 2);
    if (sigs.isEmpty() || !sigs.endsWith("\n")) {
      throw new InvalidNoteException("malformed note: signature lines must follow the blank line, each ending in a newline");
    }
    byte[] signed = text.getBytes(StandardCharsets.UTF_8);
    List<NoteSignature> verified = new ArrayList<>();
    List<NoteSignature> unverified = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String[] lines = sigs.substring(0, sigs.length() - 1).split("\n", -1);
    if (lines.length > MAX_SIGNATURES) {
      throw new InvalidNoteException("note has more than " + MAX_SIGNATURES + " signatures");
    }
    for (String line : lines) {
      NoteSignature sig = parseSignature(line);
      NoteVerifierKey key = find(sig, known);
      if (!seen.add(key != null ? sig.name() + "+" + sig.keyId() : "unknown " + line)) {
        continue; // as Go's note.Open: one signature per known key, identical unknown lines once
      }
      if (key == null) {
        unverified.add(sig);
        continue;
      }
      byte[] raw = Base64.getDecoder().decode(sig.base64());
      if (!key.verify(signed, Arrays.copyOfRange(raw, 4, raw.length))) {
        throw new InvalidNoteException("invalid signature for key " + key.name() + "+" + String.format("%08x", key.keyId()));
      }
      verified.add(sig);
    }
    if (verified.isEmpty()) {
      throw new InvalidNoteException("note has no valid signature from the expected key"
          + (known.size() == 1 ? " " + known.get(0).name() + "+" + String.format("%08x", known.get(0).keyId()) : ""));
    }
    return new Note(text, verified, unverified);
  }

  private static NoteVerifierKey find(NoteSignature sig, List<NoteVerifierKey> known) throws InvalidNoteException {
    NoteVerifierKey found = null;
    for (NoteVerifierKey k : known) {
      if (k.name().equals(sig.name()) && k.keyId() == sig.keyId()) {
        if (found != null && !found.equals(k)) {
          throw new InvalidNoteException("ambiguous key " + k.name() + "+" + String.format("%08x", k.keyId()));
        }
        found = k;
      }
    }
    return found;
  }

  private static NoteSignature parseSignature(String line) throws InvalidNoteException {
    if (!line.startsWith(NoteSignature.PREFIX)) {
      throw new InvalidNoteException("malformed note: a signature line starts with an em dash and a space");
    }
    String rest = line.substring(NoteSignature.PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new InvalidNoteException("malformed note: a signature line is \u2014 <name> <base64>");
    }
    String name = rest.substring(0, space);
    String b64 = rest.substring(space + 1);
    try {
      NoteVerifierKey.checkName(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidNoteException("malformed note: " + e.getMessage());
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      raw = new byte[0];
    }
    if (raw.length < 5 || !Base64.getEncoder().encodeToString(raw).equals(b64)) {
      throw new InvalidNoteException("malformed note: a signature is base64 of a 4-byte key ID and a signature");
    }
    return new NoteSignature(name, ByteBuffer.wrap(raw, 0, 4).getInt(), b64);
  }

  private static String utf8(byte[] bytes) throws InvalidNoteException {
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new InvalidNoteException("malformed note: not valid UTF-8");
    }
  }

  private static void checkCharacters(String s) throws InvalidNoteException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new InvalidNoteException("malformed note: control character U+" + String.format("%04X", (int) c));
      }
    }
  }

  /** A note text a signer accepts: ends in '\n', valid, no control characters but '\n'. */
  static void checkText(String text) throws InvalidNoteException {
    if (text == null || text.isEmpty() || !text.endsWith("\n")) {
      throw new InvalidNoteException("a note text ends with a newline");
    }
    if (text.length() > MAX_NOTE_BYTES / 4) {
      throw new InvalidNoteException("note text is too large");
    }
    try {
      StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new InvalidNoteException("a note text is valid Unicode (no unpaired surrogates)");
    }
    checkCharacters(text);
  }

  /** The signed text, final newline included. Use it only after {@link #open} succeeded. */
  public String text() {
    return text;
  }

  public List<NoteSignature> verifiedSignatures() {
    return verified;
  }

  /** Signatures by keys the caller did not list (witness cosignatures, say): kept, not trusted. */
  public List<NoteSignature> unverifiedSignatures() {
    return unverified;
  }
}
