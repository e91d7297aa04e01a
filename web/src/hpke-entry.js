// The browser side of the sealed web form (docs/web-intake.md §1): RFC 9180 base mode,
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, single shot, empty AAD, both ways: the page
// seals its form to the vault's intake key and opens the answer sealed to a key of its own.
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

/**
 * A fresh X25519 key pair for one exchange: `publicKey` (32 bytes) goes inside the sealed form,
 * `privateKey` (opaque) opens the answer and is dropped with it. `ikm` (DeriveKeyPair's input key
 * material) is for test vectors only.
 */
export async function keyPair(ikm) {
  const pair = ikm ? await suite.kem.deriveKeyPair(ikm) : await suite.kem.generateKeyPair();
  return { privateKey: pair.privateKey, publicKey: new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey)) };
}

/** Opens enc || ciphertext sealed to `privateKey` with HPKE `info`; rejects if it does not open. */
export async function open(privateKey, info, sealed) {
  if (sealed.byteLength < 32 + 16) throw new Error("too short");
  const enc = sealed.slice(0, 32).buffer;
  const pt = await suite.open({ recipientKey: privateKey, enc, info }, sealed.slice(32));
  return new Uint8Array(pt);
}

/** True where this browser can seal: WebCrypto's subtle API exists only in a secure context. */
export function available() {
  return typeof globalThis.crypto !== "undefined" && typeof globalThis.crypto.subtle !== "undefined";
}
