package org.sandyq.crypto.envelope;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * File names come from the source and are hostile input to the lawyer's machine. A name is one
 * plain path component that is safe on Linux, macOS and Windows to create inside a fresh
 * directory: no separators, no {@code .} or {@code ..}, no control, format (bidi override) or
 * line/paragraph-separator characters (Unicode Cc, Cf, Zl, Zp, lone surrogates), no colon (NTFS
 * streams), no leading or trailing space, no trailing dot, not a Windows device name, at most 255
 * UTF-8 bytes.
 */
final class FileNames {
  static final int MAX_NAME_BYTES = 255;
  private static final Pattern WINDOWS_DEVICE =
      Pattern.compile("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?");

  private FileNames() {}

  /** Why {@code name} is refused, or empty if it is acceptable. */
  static Optional<String> problem(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.of("a file name is empty");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      return Optional.of("file name longer than " + MAX_NAME_BYTES + " bytes");
    }
    if (name.equals(".") || name.equals("..")) {
      return Optional.of("file name \"" + name + "\" is a directory reference");
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (cp == '/' || cp == '\\' || cp == ':' || forbiddenType(cp)) {
        return Optional.of("file name contains a forbidden character (U+" + String.format("%04X", cp) + ")");
      }
      i += Character.charCount(cp);
    }
    if (name.startsWith(" ") || name.endsWith(" ") || name.endsWith(".")) {
      return Optional.of("file name \"" + name + "\" starts or ends with a space or ends with a dot");
    }
    if (WINDOWS_DEVICE.matcher(name).matches()) {
      return Optional.of("file name \"" + name + "\" is a Windows device name");
    }
    return Optional.empty();
  }

  private static boolean forbiddenType(int cp) {
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SURROGATE;
  }

  /** Two names that one file system may treat as the same file share this key. */
  static String collisionKey(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }
}
