package org.sandyq.server.intake.form;

/**
 * One file of a web form, held in memory only (the server writes no plaintext to disk).
 *
 * @param name the file name the browser sent (shown back to the source, never sealed: the
 *     sanitizer seals files under neutral names)
 * @param declaredType the part's Content-Type as the browser declared it; informative only, the
 *     sanitizer detects the type from the bytes
 * @param bytes the file's content; {@link FormIntake} zeroes it once the tip is sealed
 */
public record FormFile(String name, String declaredType, byte[] bytes) {
  public FormFile {
    java.util.Objects.requireNonNull(name, "name");
    java.util.Objects.requireNonNull(declaredType, "declaredType");
    java.util.Objects.requireNonNull(bytes, "bytes");
  }

  /** Overwrites the content with zeros (the JVM may still hold copies until they are collected). */
  public void wipe() {
    java.util.Arrays.fill(bytes, (byte) 0);
  }
}
