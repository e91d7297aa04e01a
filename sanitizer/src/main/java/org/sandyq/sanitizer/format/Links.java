package org.sandyq.sanitizer.format;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Addresses inside documents, judged the same way in PDF, Office and OpenDocument files. A source
 * can be an adversary, and a lawyer opens what comes out: anything that loads on its own when the
 * file is opened reveals the lawyer's address (and a {@code \\host\share} path their Windows
 * credentials), so only links that need a click stay, and only to the web or to e-mail.
 */
final class Links {
  private Links() {}

  /** What the report says about links that were kept: they are listed, because they stay. */
  static final String KEPT = "clickable link kept (opens only when clicked): ";
  static final String LOCAL = "links to local files, network shares or programs (they could run something or"
      + " send the reader's Windows credentials when clicked; the linked text is kept)";
  /** The same links, named in a refusal: a cleaner that cannot disarm them in place refuses the file. */
  static final String LOCAL_REFUSED = "hyperlinks to local files, network shares or programs (they could run something"
      + " or send the reader's Windows credentials when clicked)";
  /** Listing stops here; a document with hundreds of links gets one line for the rest. */
  private static final int MAX_LISTED = 20;
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

  /** The scheme an address starts with ({@code http}, {@code file}, …), in small letters, or null. */
  static String scheme(String address) {
    java.util.regex.Matcher m = SCHEME.matcher(address);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  /** A link a reader opens only on a click and that only reaches the web or an e-mail program. */
  static boolean clickableWeb(String address) {
    String a = address.strip().toLowerCase(Locale.ROOT);
    return a.startsWith("http://") || a.startsWith("https://") || a.startsWith("mailto:");
  }

  /**
   * True when a package-relative reference leaves the package: a scheme ({@code http:},
   * {@code file:}, {@code vnd.sun.star.script:}), an absolute or UNC path, or a {@code ..} that
   * climbs out of it (OpenDocument resolves that against the folder the file sits in).
   */
  static boolean leavesPackage(String href) {
    String h = href.strip();
    if (h.isEmpty() || h.startsWith("#")) {
      return false;
    }
    return scheme(h) != null || h.startsWith("/") || h.startsWith("\\") || h.contains("..");
  }

  /** Records a kept link in the report, listing the first ones and counting the rest. */
  static void listKept(Job job, String address) {
    String shown = address.strip().replaceAll("\\p{Cntrl}", "");
    if (shown.length() > 200) {
      shown = shown.substring(0, 200) + "…";
    }
    String entry = KEPT + shown;
    if (job.kept().contains(entry)) {
      return;
    }
    if (job.kept().stream().filter(k -> k.startsWith(KEPT)).count() < MAX_LISTED) {
      job.kept(entry);
    } else {
      job.kept("more clickable links (opens only when clicked), not listed one by one");
    }
  }
}
