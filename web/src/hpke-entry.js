// The browser side of the sealed web form (docs/web-page.md): RFC 9180 base mode,
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single shot, empty AAD.
// X25519 comes from @hpke/dhkem-x25519 (pure JavaScript) rather than WebCrypto, because Tor
// Browser and older Firefox lack X25519 in WebCrypto; HKDF and AES-GCM use WebCrypto, which every
// browser has in a secure context (https, .onion in Tor Browser, localhost).
import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";

const suite = new CipherSuite({
  kem: new DhkemX25519HkdfSha256(),
  kdf: new HkdfSha256(),
  aead: new Aes256Gcm(),
});

/**
 * Seals `plaintext` to the 32-byte X25519 `publicKey` with HPKE `info`; returns enc || ciphertext,
 * the layout Tink's HybridDecrypt reads for an HPKE key without an output prefix. `ekm` (32 bytes of
 * ephemeral key material) is for test vectors only; leave it out otherwise.
 */
export async function seal(publicKey, info, plaintext, ekm) {
  const recipientPublicKey = await suite.kem.deserializePublicKey(publicKey);
  const params = ekm ? { recipientPublicKey, info, ekm } : { recipientPublicKey, info };
  const { enc, ct } = await suite.seal(params, plaintext);
  const out = new Uint8Array(enc.byteLength + ct.byteLength);
  out.set(new Uint8Array(enc), 0);
  out.set(new Uint8Array(ct), enc.byteLength);
  return out;
}

/** True where this browser can seal: WebCrypto's subtle API exists only in a secure context. */
export function available() {
  return typeof globalThis.crypto !== "undefined" && typeof globalThis.crypto.subtle !== "undefined";
}
