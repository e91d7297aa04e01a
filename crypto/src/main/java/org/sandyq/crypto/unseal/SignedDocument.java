package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.util.Set;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * {@code {"body":{…},"signer":"<key id>","signature":"<b64>"}}: the one envelope around every
 * document of the lawyer protocol. The signature is Ed25519 by {@code signer} over
 * {@code domain || 0x00 || JCS(body)} with the domain of the body's {@link DocumentType}, the
 * signer is the body's author member, and the document's hash is SHA-256(JCS(body)).
 *
 * <p>Instances come only from the typed classes ({@link UnsealRequest}, {@link Approval},
 * {@link Reply}), which verify before they hand one out; this class gives their wire forms.
 */
public final class SignedDocument {
  /** The largest encoded document read (a request sealing a 4 KiB reason to 255 lawyers fits). */
  public static final int MAX_ENCODED_BYTES = 2 << 20;
  static final int SIGNATURE_LENGTH = 64;
  private static final Set<String> MEMBERS = Set.of("body", "signer", "signature");

  private final DocumentType type;
  private final ObjectNode body;
  private final byte[] canonicalBody;
  private final KeyId signer;
  private final byte[] signature;

  private SignedDocument(DocumentType type, ObjectNode body, byte[] canonicalBody, KeyId signer, byte[] signature) {
    this.type = type;
    this.body = body;
    this.canonicalBody = canonicalBody;
    this.signer = signer;
    this.signature = signature;
  }

  /** Signs {@code body} (which must name {@code signer} as its author) under its type's domain. */
  static SignedDocument sign(DocumentType type, ObjectNode body, PrivateIdentity signer) throws GeneralSecurityException {
    if (!type.label().equals(body.path("type").asText()) || !signer.keyId().hex().equals(body.path(type.authorMember()).asText())) {
      throw new IllegalStateException("a " + type.label() + " body names its type and its author");
    }
    ObjectNode copy = body.deepCopy();
    byte[] canonical = canonical(copy);
    return new SignedDocument(type, copy, canonical, signer.keyId(), signer.sign(type.domain(), canonical));
  }

  /** Reads a document's JSON bytes (at most {@link #MAX_ENCODED_BYTES}) without verifying it. */
  static JsonNode parseBytes(byte[] encoded) throws UnsealException {
    if (encoded.length > MAX_ENCODED_BYTES) {
      throw UnsealException.invalid("a signed document is at most " + MAX_ENCODED_BYTES + " bytes");
    }
    try {
      return Json.parse(encoded);
    } catch (MalformedJsonException e) {
      throw UnsealException.invalid("not a signed document: " + e.getMessage());
    }
  }

  /**
   * Reads the envelope strictly (no unknown members, a body of {@code expected}'s type and version 1,
   * a signer equal to the body's author, a 64-byte signature). The signature is not yet checked:
   * that is {@link #verifyBy}, once the caller has found the signer on a roster.
   */
  static SignedDocument parse(JsonNode document, DocumentType expected) throws UnsealException {
    try {
      JsonFields f = JsonFields.of(document, "signed document").only(MEMBERS);
      KeyId signer = Fields.keyId(f, "signer");
      byte[] signature = Fields.base64(f, "signature", SIGNATURE_LENGTH, SIGNATURE_LENGTH);
      JsonFields body = f.object("body");
      String type = body.text("type");
      if (!type.equals(expected.label())) {
        throw new MalformedJsonException("this is a \"" + type + "\" document, not \"" + expected.label() + "\"");
      }
      body.integer("v", 1, 1);
      KeyId author = Fields.keyId(body, expected.authorMember());
      if (!author.equals(signer)) {
        throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, signer, "the " + expected.label()
            + " is signed by " + signer + " but its " + expected.authorMember() + " is " + author);
      }
      ObjectNode copy = ((ObjectNode) body.node()).deepCopy();
      return new SignedDocument(expected, copy, canonical(copy), signer, signature);
    } catch (MalformedJsonException e) {
      throw UnsealException.invalid(expected.label() + ": " + e.getMessage());
    }
  }

  private static byte[] canonical(ObjectNode body) throws UnsealException {
    try {
      return CanonicalJson.encode(body);
    } catch (MalformedJsonException e) {
      throw UnsealException.invalid("the body has no canonical form: " + e.getMessage());
    }
  }

  /** Checks the signer is a lawyer of {@code roster} and the signature verifies with their key. */
  SignedDocument verifyOn(Roster roster) throws UnsealException {
    PublicIdentity identity = roster.lawyer(signer).orElseThrow(() -> new UnsealException(
        UnsealException.Reason.NOT_ON_ROSTER, signer,
        "the " + type.label() + " is signed by " + signer + ", who is not a lawyer of " + roster));
    if (!identity.verify(type.domain(), canonicalBody, signature)) {
      throw new UnsealException(UnsealException.Reason.INVALID_DOCUMENT, signer,
          "the signature on the " + type.label() + " by " + signer + " does not verify");
    }
    return this;
  }

  /** The body's members, for the typed reader. */
  JsonFields body(Set<String> members) throws MalformedJsonException {
    return body().only(members);
  }

  JsonFields body() throws MalformedJsonException {
    return JsonFields.of(body, type.label());
  }

  public DocumentType type() {
    return type;
  }

  /** The key id of the lawyer who signed (and authored) it. */
  public KeyId signer() {
    return signer;
  }

  /** SHA-256 over the canonical body: what approvals and log entries cite. */
  public Sha256 sha256() {
    return Sha256.of(canonicalBody);
  }

  /** The exact bytes the signature covers, after the domain: {@code JCS(body)}. */
  public byte[] canonicalBody() {
    return canonicalBody.clone();
  }

  /** A copy of the whole document as a JSON tree (for log entries and HTTP answers). */
  public ObjectNode toJson() {
    ObjectNode out = Json.object();
    out.set("body", body.deepCopy());
    out.put("signer", signer.hex());
    out.put("signature", Fields.base64(signature));
    return out;
  }

  /** The whole document as RFC 8785 canonical JSON, UTF-8: an HTTP body or a file. */
  public byte[] encode() {
    return Fields.canonical(toJson());
  }

  @Override
  public String toString() {
    return type.label() + " by " + signer + " (sha256 " + sha256().hex() + ")";
  }
}
