package org.sandyq.crypto.httpsig;

import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.httpsig.StructuredFields.Item;
import org.sandyq.crypto.httpsig.StructuredFields.Member;

/**
 * An RFC 9530 {@code Content-Digest} with its SHA-256 member: {@code sha-256=:<base64>:}. Other
 * algorithms may sit beside it in a received header and are ignored; a header without
 * {@code sha-256} is refused.
 */
public final class ContentDigest {
  public static final String HEADER = "Content-Digest";
  static final String SHA_256 = "sha-256";

  private final Sha256 sha256;

  private ContentDigest(Sha256 sha256) {
    this.sha256 = sha256;
  }

  /** The digest of a body held in memory. */
  public static ContentDigest of(byte[] body) {
    return new ContentDigest(Sha256.of(body));
  }

  /** The digest of a body hashed while streaming ({@link Sha256#newDigest()}). */
  public static ContentDigest ofSha256(Sha256 bodyDigest) {
    return new ContentDigest(bodyDigest);
  }

  /** Reads a received header value (several field lines already joined with ", "). */
  public static ContentDigest parse(String headerValue) throws HttpSignatureException {
    Map<String, Member> dict = StructuredFields.parseDictionary(headerValue, HEADER);
    Member m = dict.get(SHA_256);
    if (m == null) {
      throw new HttpSignatureException(HEADER + " has no sha-256 digest"
          + (dict.isEmpty() ? "" : " (it has " + dict.keySet().stream().collect(Collectors.joining(", ")) + ")"));
    }
    if (!(m instanceof Item item) || !(item.value() instanceof byte[] digest) || digest.length != Sha256.LENGTH) {
      throw new HttpSignatureException(HEADER + ": sha-256 must be a 32-byte byte sequence (:base64:)");
    }
    return new ContentDigest(Sha256.fromBytes(digest));
  }

  public Sha256 sha256() {
    return sha256;
  }

  /** The header value this side sends. */
  public String headerValue() {
    return SHA_256 + "=:" + Base64.getEncoder().encodeToString(sha256.bytes()) + ":";
  }

  /** Whether this digest is the digest of the body actually received. */
  public boolean matches(Sha256 bodyDigest) {
    return sha256.matches(bodyDigest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentDigest other && other.sha256.equals(sha256);
  }

  @Override
  public int hashCode() {
    return sha256.hashCode();
  }

  @Override
  public String toString() {
    return headerValue();
  }
}
