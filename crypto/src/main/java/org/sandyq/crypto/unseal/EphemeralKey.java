package org.sandyq.crypto.unseal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Set;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.KeyId;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.PublicIdentity;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The X25519 private key of one unseal request, drawn by {@link UnsealRequest#create}: approvers
 * seal their shares to its public half, and only the requester, holding it, can open them. It never
 * leaves this class in the clear: the client stores {@link #sealTo} (sealed to the requester's own
 * long-term key) and reads it back with {@link #open}.
 *
 * <p>File form ({@code <state>/<request id>.json}): {@code {"type":"sandyq-unseal-key","v":1,
 * "request":hex,"owner":key id,"public_key":b64,"sealed":b64}}, where {@code sealed} is
 * HPKE-Seal(owner's X25519 key, info = "sandyq/v1/unseal-ephemeral-key" || 0x00 || request id(16)
 * || owner key id(16), the 32-byte private key).
 */
public final class EphemeralKey {
  static final String TYPE = "sandyq-unseal-key";
  private static final Set<String> MEMBERS = Set.of("type", "v", "request", "owner", "public_key", "sealed");
  private static final int MAX_FILE_BYTES = 4096;

  private final RequestId request;
  private final KeyId requester;
  private final HpkePrivateKey key;

  EphemeralKey(RequestId request, KeyId requester, HpkePrivateKey key) {
    this.request = request;
    this.requester = requester;
    this.key = key;
  }

  public RequestId request() {
    return request;
  }

  /** The 32-byte X25519 public key, as in the request's {@code ephemeral_key}. */
  public byte[] publicKey() {
    return key.getPublicKey().getPublicKeyBytes().toByteArray();
  }

  HpkePrivateKey privateKey() {
    return key;
  }

  /** Refuses to be used for any request but its own. */
  void checkFor(UnsealRequest unsealRequest) throws UnsealException {
    if (!request.equals(unsealRequest.id())
        || !MessageDigest.isEqual(publicKey(), unsealRequest.ephemeralPublicKey())) {
      throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null,
          "this ephemeral key belongs to request " + request + ", not " + unsealRequest.id());
    }
  }

  private static byte[] info(RequestId request, KeyId owner) {
    return Binding.of(Binding.EPHEMERAL_KEY, request.bytes(), owner.bytes());
  }

  /** The key file: this key HPKE-sealed to the requester's own long-term key (only theirs). */
  public byte[] sealTo(PublicIdentity owner) throws GeneralSecurityException {
    if (!owner.keyId().equals(requester)) {
      throw new UnsealException(UnsealException.Reason.NOT_THE_REQUESTER, owner.keyId(),
          "the ephemeral key of request " + request + " is kept only by its requester " + requester);
    }
    byte[] raw = key.getPrivateKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
    try {
      ObjectNode file = Json.object();
      file.put("type", TYPE);
      file.put("v", 1);
      file.put("request", request.hex());
      file.put("owner", owner.keyId().hex());
      file.put("public_key", Fields.base64(publicKey()));
      file.put("sealed", Fields.base64(owner.kemEncrypter().encrypt(raw, info(request, owner.keyId()))));
      return Fields.canonical(file);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Reads a key file written by {@link #sealTo}: it must be for {@code request}, sealed to
   * {@code owner}, who must be its requester, and hold the private half of its ephemeral key.
   */
  public static EphemeralKey open(byte[] file, PrivateIdentity owner, UnsealRequest request)
      throws GeneralSecurityException {
    if (!owner.keyId().equals(request.requester())) {
      throw new UnsealException(UnsealException.Reason.NOT_THE_REQUESTER, owner.keyId(),
          "only the requester " + request.requester() + " holds the ephemeral key of request " + request.id());
    }
    byte[] sealed;
    try {
      if (file.length > MAX_FILE_BYTES) {
        throw new MalformedJsonException("the file is larger than " + MAX_FILE_BYTES + " bytes");
      }
      JsonFields f = JsonFields.of(Json.parse(file), "ephemeral key file").only(MEMBERS);
      if (!TYPE.equals(f.text("type")) || f.integer("v", 1, 1) != 1) {
        throw new MalformedJsonException("not a " + TYPE + " file");
      }
      if (!Fields.request(f, "request").equals(request.id()) || !Fields.keyId(f, "owner").equals(owner.keyId())
          || !MessageDigest.isEqual(Fields.base64(f, "public_key", Hpke.KEY_LENGTH, Hpke.KEY_LENGTH),
              request.ephemeralPublicKey())) {
        throw new UnsealException(UnsealException.Reason.REQUEST_MISMATCH, null,
            "this key file is not the ephemeral key of request " + request.id() + " kept by " + owner.keyId());
      }
      sealed = Fields.base64(f, "sealed", Hpke.OVERHEAD + Hpke.KEY_LENGTH, Hpke.OVERHEAD + Hpke.KEY_LENGTH);
    } catch (MalformedJsonException e) {
      throw UnsealException.invalid("ephemeral key file: " + e.getMessage());
    }
    byte[] raw;
    try {
      raw = owner.kemDecrypter().decrypt(sealed, info(request.id(), owner.keyId()));
    } catch (GeneralSecurityException e) {
      throw UnsealException.invalid("the ephemeral key file of request " + request.id() + " does not open with "
          + owner.keyId() + "'s key: it was altered or sealed to another key");
    }
    try {
      HpkePrivateKey key = Hpke.privateKey(raw);
      EphemeralKey ephemeral = new EphemeralKey(request.id(), owner.keyId(), key);
      ephemeral.checkFor(request);
      return ephemeral;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "ephemeral key of request " + request; // never the key
  }
}
