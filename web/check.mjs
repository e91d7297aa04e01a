// Checks the checked-in bundle (server/src/main/resources/web/assets/hpke.js), with node 20+:
//  1. what it seals, the library's own recipient side opens (random ephemeral key), and what the
//     library seals to a key pair of the bundle's, the bundle opens (a damaged one it refuses);
//  2. with fixed key material it reproduces, byte for byte, the vector in
//     server/src/test/resources/web/hpke-bundle-vector.json, which the server's tests decrypt with
//     Tink (HpkeBundleInteropTest): so the bytes this bundle sends are the bytes Tink reads.
// `node check.mjs --write` rewrites the vector (only when the format itself changes).
import { readFileSync, writeFileSync } from "node:fs";
import { runInThisContext } from "node:vm";
import { Aes256Gcm, CipherSuite, HkdfSha256 } from "@hpke/core";
import { DhkemX25519HkdfSha256 } from "@hpke/dhkem-x25519";

const here = new URL(".", import.meta.url);
const bundlePath = new URL("../server/src/main/resources/web/assets/hpke.js", here);
const vectorPath = new URL("../server/src/test/resources/web/hpke-bundle-vector.json", here);
const hex = (b) => Buffer.from(b).toString("hex");
const unhex = (s) => new Uint8Array(Buffer.from(s, "hex"));
const utf8 = (s) => new TextEncoder().encode(s);

runInThisContext(readFileSync(bundlePath, "utf8"), { filename: "hpke.js" });
const bundle = globalThis.SandyqHpke;
if (!bundle.available()) throw new Error("WebCrypto is missing in this node");

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
const info = utf8("sandyq intake form v1");
const plaintext = utf8("sandyq-form/1\nmultipart/form-data; boundary=x\n--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nпаспорт забрали\r\n--x--\r\n");

// 1. round trip with a fresh ephemeral key
const recipient = await suite.kem.generateKeyPair();
const pk = new Uint8Array(await suite.kem.serializePublicKey(recipient.publicKey));
const sealed = await bundle.seal(pk, info, plaintext);
const opened = await suite.open({ recipientKey: recipient.privateKey, enc: sealed.slice(0, 32), info }, sealed.slice(32));
if (hex(opened) !== hex(plaintext)) throw new Error("round trip failed");
if (sealed.length !== 32 + plaintext.length + 16) throw new Error("unexpected length " + sealed.length);

// 1b. the other way: the library seals to a key pair the bundle made, the bundle opens it
const mine = await bundle.keyPair();
const answerInfo = utf8("sandyq intake answer v2 and the request's enc");
const answer = await suite.seal({ recipientPublicKey: await suite.kem.deserializePublicKey(mine.publicKey), info: answerInfo },
  plaintext);
const sealedAnswer = new Uint8Array(32 + answer.ct.byteLength);
sealedAnswer.set(new Uint8Array(answer.enc), 0);
sealedAnswer.set(new Uint8Array(answer.ct), 32);
if (hex(await bundle.open(mine.privateKey, answerInfo, sealedAnswer)) !== hex(plaintext)) throw new Error("open failed");
sealedAnswer[40] ^= 1;
if (await bundle.open(mine.privateKey, answerInfo, sealedAnswer).then(() => true, () => false)) {
  throw new Error("a damaged answer opened");
}
const derived = await bundle.keyPair(utf8("sandyq web bundle vector: recipient").buffer);
if (hex(derived.publicKey) !== hex(await suite.kem.serializePublicKey(
    (await suite.kem.deriveKeyPair(utf8("sandyq web bundle vector: recipient").buffer)).publicKey))) {
  throw new Error("keyPair(ikm) is not DeriveKeyPair(ikm)");
}

// 2. the fixed vector
const fixed = await suite.kem.deriveKeyPair(utf8("sandyq web bundle vector: recipient").buffer);
const vector = {
  comment: "HPKE base mode, DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, sealed by web/check.mjs with the served bundle and a fixed ephemeral key material (ekm); sealed = enc || ciphertext",
  recipient_private_key: hex(await suite.kem.serializePrivateKey(fixed.privateKey)),
  recipient_public_key: hex(await suite.kem.serializePublicKey(fixed.publicKey)),
  info: hex(info),
  ekm: hex(utf8("sandyq web bundle vector: ephemeral").slice(0, 32)),
  plaintext: hex(plaintext),
};
vector.sealed = hex(await bundle.seal(unhex(vector.recipient_public_key), info, plaintext, unhex(vector.ekm)));
if (process.argv.includes("--write")) {
  writeFileSync(vectorPath, JSON.stringify(vector, null, 2) + "\n");
  console.log("wrote " + vectorPath.pathname);
} else {
  const stored = JSON.parse(readFileSync(vectorPath, "utf8"));
  for (const k of Object.keys(vector)) {
    if (stored[k] !== vector[k]) throw new Error("the bundle no longer reproduces the vector's " + k);
  }
}
console.log("hpke.js: round trip and vector OK");
