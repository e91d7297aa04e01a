package org.sandyq.cli;

/**
 * Text from elsewhere (a source's triage, a lawyer's reason or reply, a server's error) made safe to
 * print on a terminal: no control characters (escape sequences could rewrite the screen), no
 * line or paragraph separators, no bidirectional overrides (they could make one id look like another).
 */
public final class Text {
  // \p{Cc} and not \p{Cntrl}: the latter is ASCII only, and C1 controls (U+009B is CSI to xterm) are
  // escape sequences too; U+061C and U+200B/U+FEFF are invisible marks that can disguise an id
  private static final String UNSAFE =
      "[\\p{Cc}\\p{Zl}\\p{Zp}\\u061c\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff]+";

  private Text() {}

  /** One line: every run of unsafe characters becomes a space. */
  public static String clean(String text) {
    return text.replaceAll(UNSAFE, " ").strip();
  }

  /** Several lines kept as lines, each cleaned. */
  public static String cleanLines(String text) {
    return String.join("\n", text.lines().map(Text::clean).toList());
  }

  /** A count and its noun, singular for one: {@code 1 file}, {@code 2 files}. */
  public static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
