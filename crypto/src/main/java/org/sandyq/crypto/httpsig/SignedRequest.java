package org.sandyq.crypto.httpsig;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.httpsig.StructuredFields.InnerList;
import org.sandyq.crypto.httpsig.StructuredFields.Item;
import org.sandyq.crypto.httpsig.StructuredFields.Member;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PublicIdentity;

/**
 * The Sandyq signature of a received request, parsed strictly but not yet verified. The server
 * reads {@link #keyId()}, looks the identity up in the policy in force (not on the roster: 403),
 * then calls {@link #verify}. Signatures under other labels are ignored.
 */
public final class SignedRequest {
  private static final Set<String> PARAMETERS =
      Set.of(SignatureParams.CREATED, SignatureParams.NONCE, SignatureParams.KEYID, SignatureParams.ALG_PARAM);

  private final SignatureParams params;
  private final byte[] signature;

  private SignedRequest(SignatureParams params, byte[] signature) {
    this.params = params;
    this.signature = signature;
  }

  /** Parses the {@code Signature-Input} and {@code Signature} header values. */
  public static SignedRequest parse(String signatureInput, String signature) throws HttpSignatureException {
    Member input = labelled(StructuredFields.parseDictionary(signatureInput, SignatureHeaders.SIGNATURE_INPUT),
        SignatureHeaders.SIGNATURE_INPUT);
    Member sig = labelled(StructuredFields.parseDictionary(signature, SignatureHeaders.SIGNATURE),
        SignatureHeaders.SIGNATURE);
    if (!(sig instanceof Item item) || !(item.value() instanceof byte[] bytes) || bytes.length != 64) {
      throw new HttpSignatureException("Signature: the sandyq member must be a 64-byte byte sequence (:base64:)");
    }
    if (!(input instanceof InnerList list)) {
      throw new HttpSignatureException("Signature-Input: the sandyq member must be an inner list");
    }
    return new SignedRequest(params(list), bytes);
  }

  private static Member labelled(Map<String, Member> dict, String header) throws HttpSignatureException {
    Member m = dict.get(RequestSigner.LABEL);
    if (m == null) {
      throw new HttpSignatureException(header + " has no \"" + RequestSigner.LABEL + "\" signature");
    }
    return m;
  }

  private static SignatureParams params(InnerList list) throws HttpSignatureException {
    List<String> components = list.items().stream()
        .map(i -> i.value() instanceof String s && i.parameters().isEmpty() ? s : "")
        .toList();
    if (!components.equals(SignatureParams.COMPONENTS)) {
      throw new HttpSignatureException("Signature-Input must cover exactly (\"@method\" \"@path\" \"@query\" \"content-digest\")");
    }
    Map<String, Object> p = new LinkedHashMap<>(list.parameters());
    if (!p.keySet().equals(PARAMETERS)) {
      throw new HttpSignatureException("Signature-Input must have exactly the parameters created, nonce, keyid and alg");
    }
    if (!(p.get(SignatureParams.CREATED) instanceof Long created) || created < 0) {
      throw new HttpSignatureException("Signature-Input: created must be a non-negative integer (unix seconds)");
    }
    if (!SignatureParams.isNonce(p.get(SignatureParams.NONCE))) {
      throw new HttpSignatureException("Signature-Input: nonce must be a string of base64url of 16 bytes");
    }
    if (!(p.get(SignatureParams.KEYID) instanceof String keyid) || !keyid.matches("[0-9a-f]{32}")) {
      throw new HttpSignatureException("Signature-Input: keyid must be a string of 32 lowercase hex digits");
    }
    if (!SignatureParams.ALG.equals(p.get(SignatureParams.ALG_PARAM))) {
      throw new HttpSignatureException("Signature-Input: alg must be \"ed25519\"");
    }
    // The received parameter order is kept: it is what the signer serialized and signed.
    return new SignatureParams(components, p);
  }

  public KeyId keyId() {
    return params.keyId();
  }

  /**
   * Checks the body digest and the signature against the request as actually received.
   *
   * @param signer the identity the caller found for {@link #keyId()}
   * @param target the received method, raw path and raw query
   * @param contentDigestField the received {@code Content-Digest} value (field lines joined with ", ")
   * @param bodyDigest SHA-256 of the body actually received (of no bytes for an empty body)
   */
  public VerifiedRequest verify(PublicIdentity signer, RequestTarget target, String contentDigestField,
      Sha256 bodyDigest) throws HttpSignatureException {
    return verifyHeaders(signer, target, contentDigestField).body(bodyDigest);
  }

  /**
   * Checks the signature over the request line and the {@code Content-Digest} header alone, so a
   * server can refuse a forged request before it reads a byte of its body; the body read afterwards
   * must then match {@link VerifiedHeaders#body}. The signature covers the digest, not the body:
   * until that match nothing about the body is proved.
   */
  public VerifiedHeaders verifyHeaders(PublicIdentity signer, RequestTarget target, String contentDigestField)
      throws HttpSignatureException {
    if (!signer.keyId().equals(params.keyId())) {
      throw new HttpSignatureException("the identity given is not the keyid of the signature");
    }
    if (contentDigestField == null) {
      throw new HttpSignatureException("no Content-Digest header");
    }
    ContentDigest digest = ContentDigest.parse(contentDigestField);
    SignatureBase base;
    try {
      base = SignatureBase.forRequest(target, contentDigestField, params);
    } catch (IllegalArgumentException e) {
      throw new HttpSignatureException("cannot rebuild the signature base: " + e.getMessage());
    }
    if (!signer.verifyHttpMessage(base, signature)) {
      throw new HttpSignatureException("the signature does not match the request");
    }
    return new VerifiedHeaders(params.keyId(), params.created(), params.nonce(), digest);
  }

  /** The signature's {@code created} (unix seconds), readable before verifying: a stale one is refused cheaply. */
  public long created() {
    return params.created();
  }

  @Override
  public String toString() {
    return "signed request (" + params.keyId() + ", " + Base64.getEncoder().encodeToString(signature).substring(0, 8) + "…)";
  }
}
