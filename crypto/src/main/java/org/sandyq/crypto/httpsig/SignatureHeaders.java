package org.sandyq.crypto.httpsig;

/**
 * The three headers of a signed request, ready to send.
 *
 * @param contentDigest the {@code Content-Digest} value
 * @param signatureInput the {@code Signature-Input} value
 * @param signature the {@code Signature} value
 */
public record SignatureHeaders(String contentDigest, String signatureInput, String signature) {
  public static final String SIGNATURE_INPUT = "Signature-Input";
  public static final String SIGNATURE = "Signature";
}
