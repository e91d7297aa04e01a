package org.sandyq.crypto.note;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;

/** Signed notes, checked against the published vectors of Go's golang.org/x/mod/sumdb/note. */
class NoteTest {
  static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
  static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
  static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
  static final String TEXT = "If you think cryptography is the answer to your problem,\n"
      + "then you don't know what your problem is.\n";
  static final String PETER_SIG = "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
  static final String ENOCH_SIG = "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

  /** An identity whose Ed25519 seed is the one in Go's test signer key. */
  static PrivateIdentity peter() throws GeneralSecurityException {
    byte[] skey = Base64.getDecoder().decode(PETER_SKEY.split("\\+", 5)[4]);
    byte[] secret = new byte[64];
    System.arraycopy(skey, 1, secret, 0, 32);
    secret[63] = 7; // any X25519 key: notes only use the signature key
    return PrivateIdentity.importSecret(Role.SERVER, "peter", SecretBytes.copyFrom(secret, InsecureSecretKeyAccess.get()),
        InsecureSecretKeyAccess.get());
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void signingReproducesGosVector() throws Exception {
    NoteSigner signer = new NoteSigner(peter(), "PeterNeumann");
    assertEquals(PETER_VKEY, signer.verifierKey().encoded());
    assertEquals(TEXT + "\n" + PETER_SIG, signer.sign(TEXT));
  }

  @Test
  void verifierKeysParseStrictly() {
    NoteVerifierKey peter = NoteVerifierKey.parse(PETER_VKEY);
    assertEquals("PeterNeumann", peter.name());
    assertEquals(0xc74f20a3, peter.keyId());
    assertEquals(PETER_VKEY, peter.toString());
    // Every proper substring and every single-character change is refused (as Go's test does).
    for (int i = 0; i <= PETER_VKEY.length(); i++) {
      for (int j = i + 1; j <= PETER_VKEY.length(); j++) {
        if (i != 0 || j != PETER_VKEY.length()) {
          String sub = PETER_VKEY.substring(i, j);
          assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse(sub), sub);
        }
      }
    }
    for (int i = 0; i < PETER_VKEY.length(); i++) {
      char[] c = PETER_VKEY.toCharArray();
      c[i]++;
      String bad = new String(c);
      assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.parse(null));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.ed25519("a b", new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.ed25519("a\u00a0b", new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> NoteVerifierKey.ed25519("", new byte[32]));
  }

  @Test
  void openKeepsUnknownSignaturesButTrustsOnlyKnownOnes() throws Exception {
    NoteVerifierKey peter = NoteVerifierKey.parse(PETER_VKEY);
    NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_VKEY);
    Note n = Note.open(utf8(TEXT + "\n" + PETER_SIG + ENOCH_SIG), List.of(peter));
    assertEquals(TEXT, n.text());
    assertEquals(List.of(new NoteSignature("PeterNeumann", 0xc74f20a3, PETER_SIG.substring(15, PETER_SIG.length() - 1))),
        n.verifiedSignatures());
    assertEquals(1, n.unverifiedSignatures().size());
    assertEquals("EnochRoot", n.unverifiedSignatures().get(0).name());

    Note both = Note.open(utf8(TEXT + "\n" + PETER_SIG + ENOCH_SIG), List.of(peter, enoch));
    assertEquals(2, both.verifiedSignatures().size());

    InvalidNoteException e = assertThrows(InvalidNoteException.class,
        () -> Note.open(utf8(TEXT + "\n" + ENOCH_SIG), List.of(peter)));
    assertTrue(e.getMessage().contains("no valid signature from the expected key PeterNeumann+c74f20a3"), e.getMessage());

    // Repeated signatures count once; identical unknown ones too.
    Note dup = Note.open(utf8(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG), List.of(peter));
    assertEquals(1, dup.verifiedSignatures().size());
    assertEquals(1, dup.unverifiedSignatures().size());
  }

  @Test
  void badNotesAreRefused() {
    NoteVerifierKey peter = NoteVerifierKey.parse(PETER_VKEY);
    String corrupt = PETER_SIG.substring(0, 60) + "ABCD" + PETER_SIG.substring(60);
    String[] bad = {
      TEXT,
      TEXT + "\n",
      TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
      "\u0001" + TEXT + "\n" + PETER_SIG,
      TEXT + "\n" + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
      TEXT + "\n" + PETER_SIG + "Unexpected line.\n",
      TEXT + "\n" + PETER_SIG.replace("\u2014", "-"),
      TEXT + "\n" + PETER_SIG.replace("=\n", "\n"),
      TEXT + "\n" + "\u2014 PeterNeumann AAAA\n",
      TEXT + "\n" + corrupt,
      TEXT.replace("problem", "pr\u0000blem") + "\n" + PETER_SIG,
      TEXT + "\n" + PETER_SIG.repeat(101),
      TEXT.replace("answer", "answer!") + "\n" + PETER_SIG,
    };
    for (String b : bad) {
      assertThrows(InvalidNoteException.class, () -> Note.open(utf8(b), List.of(peter)), b);
    }
    byte[] invalidUtf8 = utf8(TEXT + "\n" + PETER_SIG);
    invalidUtf8[0] = (byte) 0xff;
    assertThrows(InvalidNoteException.class, () -> Note.open(invalidUtf8, List.of(peter)));
    assertThrows(InvalidNoteException.class, () -> Note.open(new byte[Note.MAX_NOTE_BYTES + 1], List.of(peter)));
    // A known key's bad signature invalidates the note even beside a good one from another key.
    NoteVerifierKey enoch = NoteVerifierKey.parse(ENOCH_VKEY);
    String badEnoch = ENOCH_SIG.substring(0, 60) + "ABCD" + ENOCH_SIG.substring(60);
    InvalidNoteException e = assertThrows(InvalidNoteException.class,
        () -> Note.open(utf8(TEXT + "\n" + PETER_SIG + badEnoch), List.of(peter, enoch)));
    assertTrue(e.getMessage().contains("invalid signature for key EnochRoot+af0cfe78"), e.getMessage());
  }

  @Test
  void notesCannotBeConfusedWithOtherSignatures() throws Exception {
    PrivateIdentity id = PrivateIdentity.generate(Role.SERVER, "log");
    NoteSigner signer = new NoteSigner(id, "sandyq.vault/0123456789ab");
    assertThrows(GeneralSecurityException.class, () -> signer.sign("sandyq/v1/policy\n"));
    assertThrows(GeneralSecurityException.class, () -> id.signNote(utf8("sandyq/v1/policy\0{}\n")));
    assertThrows(GeneralSecurityException.class, () -> id.signNote(utf8("no newline")));
    assertThrows(GeneralSecurityException.class, () -> id.signNote(new byte[0]));
    assertThrows(GeneralSecurityException.class, () -> signer.sign("a\u0000b\n"));
    assertThrows(GeneralSecurityException.class, () -> signer.sign("a\ud800\n"));
    String note = signer.sign("hello\n");
    assertEquals("hello\n", Note.open(utf8(note), List.of(signer.verifierKey())).text());
    // The note signature is over the raw text, so it is not a domain-framed signature of it.
    byte[] sig = Arrays.copyOfRange(Base64.getDecoder().decode(note.substring(note.lastIndexOf(' ') + 1).trim()), 4, 68);
    assertTrue(!id.publicIdentity().verify(org.sandyq.crypto.identity.SignatureDomain.POLICY, utf8("hello\n"), sig));
  }
}
