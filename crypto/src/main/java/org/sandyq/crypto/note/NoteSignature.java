package org.sandyq.crypto.note;

/**
 * One signature line of a note: {@code — <name> <base64(key ID || signature)>}.
 *
 * @param name the key name
 * @param keyId the 32-bit key ID, big-endian at the front of the decoded signature
 * @param base64 the whole base64 field, as written
 */
public record NoteSignature(String name, int keyId, String base64) {
  static final String PREFIX = "\u2014 "; // em dash, space

  String line() {
    return PREFIX + name + " " + base64 + "\n";
  }
}
