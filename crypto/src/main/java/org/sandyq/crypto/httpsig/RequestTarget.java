package org.sandyq.crypto.httpsig;

/**
 * The parts of a request that Sandyq signs besides the body digest: the method, and the path and
 * query exactly as they appear in the request target (still percent-encoded, never decoded and
 * re-encoded, or signer and verifier could disagree). The host is deliberately not signed, so a
 * request through Tor or a reverse proxy still verifies.
 *
 * @param method the method, case-sensitive ({@code GET}, {@code POST})
 * @param path the absolute path, starting with '/'
 * @param query the query without its '?', or empty (null is read as empty)
 */
public record RequestTarget(String method, String path, String query) {
  public RequestTarget {
    if (method == null || !method.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}")) {
      throw new IllegalArgumentException("an HTTP method is a token of 1 to 32 characters");
    }
    if (path == null || !path.startsWith("/") || !visibleAscii(path) || path.length() > 4096) {
      throw new IllegalArgumentException("a request path starts with '/' and is at most 4096 visible ASCII characters");
    }
    query = query == null ? "" : query;
    if (!visibleAscii(query) || query.indexOf('#') >= 0 || query.length() > 4096) {
      throw new IllegalArgumentException("a request query is at most 4096 visible ASCII characters without '#'");
    }
  }

  private static boolean visibleAscii(String s) {
    return s.chars().allMatch(c -> c > 0x20 && c < 0x7F);
  }

  /** The {@code @query} component value: '?' and the query, or '?' alone (RFC 9421 §2.2.7). */
  public String queryComponent() {
    return "?" + query;
  }
}
