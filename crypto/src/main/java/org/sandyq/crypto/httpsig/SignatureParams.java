package org.sandyq.crypto.httpsig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.sandyq.crypto.identity.KeyId;

/**
 * The covered components and signature parameters of one signature: the value of its
 * {@code Signature-Input} member and of the {@code @signature-params} line of the signature base.
 *
 * <p>Sandyq's profile (docs/server-api.md, Signed requests) is fixed: components
 * {@code ("@method" "@path" "@query" "content-digest")}, parameters {@code created}, {@code nonce}
 * (base64url of 16 random bytes), {@code keyid} (32 hex) and {@code alg="ed25519"}.
 */
public final class SignatureParams {
  public static final List<String> COMPONENTS = List.of("@method", "@path", "@query", "content-digest");
  public static final String ALG = "ed25519";
  static final String CREATED = "created";
  static final String NONCE = "nonce";
  static final String KEYID = "keyid";
  static final String ALG_PARAM = "alg";
  private static final String NONCE_PATTERN = "[A-Za-z0-9_-]{22}";

  private final List<String> components;
  private final Map<String, Object> parameters; // insertion order is serialization order

  SignatureParams(List<String> components, Map<String, Object> parameters) {
    this.components = List.copyOf(components);
    this.parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    serialize(); // fail early on anything that cannot be serialized
  }

  /** Sandyq's parameters, in the order docs/server-api.md shows them. */
  public static SignatureParams sandyq(long created, String nonce, KeyId keyId) {
    if (created < 0) {
      throw new IllegalArgumentException("created is unix seconds, not negative");
    }
    checkNonce(nonce);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(CREATED, created);
    p.put(NONCE, nonce);
    p.put(KEYID, keyId.hex());
    p.put(ALG_PARAM, ALG);
    return new SignatureParams(COMPONENTS, p);
  }

  static boolean isNonce(Object nonce) {
    return nonce instanceof String s && s.matches(NONCE_PATTERN);
  }

  static void checkNonce(String nonce) {
    if (!isNonce(nonce)) {
      throw new IllegalArgumentException("a nonce is base64url of 16 bytes (22 characters, no padding)");
    }
  }

  public List<String> components() {
    return components;
  }

  Map<String, Object> parameters() {
    return parameters;
  }

  public long created() {
    return (Long) parameters.get(CREATED);
  }

  public String nonce() {
    return (String) parameters.get(NONCE);
  }

  public KeyId keyId() {
    return new KeyId((String) parameters.get(KEYID));
  }

  /** The serialized inner list with parameters, e.g. {@code ("@method" …);created=…}. */
  public String serialize() {
    return components.stream().map(StructuredFields::serializeString).collect(Collectors.joining(" ", "(", ")"))
        + StructuredFields.serializeParameters(parameters);
  }

  @Override
  public String toString() {
    return serialize();
  }
}
