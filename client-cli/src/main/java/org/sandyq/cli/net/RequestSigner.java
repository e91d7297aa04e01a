package org.sandyq.cli.net;

import java.util.Map;

/**
 * Adds an RFC 9421 signature to a request: given the method, the path and query as sent, and
 * the body, it returns the headers to add ({@code Content-Digest}, {@code Signature-Input},
 * {@code Signature}).
 */
@FunctionalInterface
public interface RequestSigner {
  Map<String, String> headers(String method, String path, String query, byte[] body);
}
