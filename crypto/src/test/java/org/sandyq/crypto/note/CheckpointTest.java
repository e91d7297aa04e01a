package org.sandyq.crypto.note;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.InvalidProofException;
import org.sandyq.crypto.tlog.MemoryHashStore;
import org.sandyq.crypto.tlog.Tlog;

class CheckpointTest {
  static final String ORIGIN = "sandyq.vault/0123456789ab";
  static final MemoryHashStore LOG = new MemoryHashStore();
  static NoteSigner signer;
  static NoteVerifierKey vkey;

  static byte[] entry(int i) {
    return ("{\"i\":" + i + ",\"type\":\"test\",\"v\":1}").getBytes(StandardCharsets.UTF_8);
  }

  @BeforeAll
  static void setUp() throws Exception {
    signer = new NoteSigner(PrivateIdentity.generate(Role.SERVER, "log"), ORIGIN);
    vkey = NoteVerifierKey.parse(signer.verifierKey().encoded());
    for (int i = 0; i < 13; i++) {
      LOG.append(entry(i));
    }
  }

  static String signedCheckpoint(long size) throws Exception {
    return new Checkpoint(ORIGIN, size, Tlog.treeHash(size, LOG)).sign(signer);
  }

  @Test
  void checkpointsRoundTrip() throws Exception {
    Checkpoint c = new Checkpoint(ORIGIN, 13, LOG.treeHash());
    assertEquals(ORIGIN + "\n13\n" + LOG.treeHash().base64() + "\n", c.text());
    String note = c.sign(signer);
    assertTrue(note.startsWith(c.text() + "\n\u2014 " + ORIGIN + " "), note);
    assertEquals(c, Checkpoint.open(note, vkey, ORIGIN));
    Checkpoint ext = new Checkpoint(ORIGIN, 0, Hash.EMPTY_TREE, List.of("ext one", "two"));
    assertEquals(ext, Checkpoint.open(ext.sign(signer), vkey, ORIGIN));
  }

  @Test
  void wrongOriginKeyOrTextIsRefused() throws Exception {
    String note = signedCheckpoint(13);
    InvalidNoteException e = assertThrows(InvalidNoteException.class, () -> Checkpoint.open(note, vkey, "other.example/log"));
    assertTrue(e.getMessage().contains("not \"other.example/log\""), e.getMessage());
    NoteVerifierKey other = new NoteSigner(PrivateIdentity.generate(Role.SERVER, "log"), ORIGIN).verifierKey();
    assertThrows(InvalidNoteException.class, () -> Checkpoint.open(note, other, ORIGIN));
    assertThrows(InvalidNoteException.class, () -> Checkpoint.open(note.replaceFirst("\n13\n", "\n14\n"), vkey, ORIGIN));
    // A properly signed note that is not a well-formed checkpoint.
    String[] texts = {
      ORIGIN + "\n13\n", ORIGIN + "\n013\n" + LOG.treeHash().base64() + "\n", ORIGIN + "\n-1\n" + LOG.treeHash().base64() + "\n",
      ORIGIN + "\n13\nAAAA\n", ORIGIN + "\n13\n" + LOG.treeHash().base64() + "\n\nx\n",
      ORIGIN + "\n99999999999999999999\n" + LOG.treeHash().base64() + "\n", "\n13\n" + LOG.treeHash().base64() + "\n",
    };
    for (String t : texts) {
      String signed = signer.sign(t);
      assertThrows(InvalidNoteException.class, () -> Checkpoint.open(signed, vkey, ORIGIN), t);
    }
  }

  @Test
  void tlogProofsRoundTripAndVerify() throws Exception {
    String note = signedCheckpoint(13);
    for (int i = 0; i < 13; i++) {
      TlogProof p = new TlogProof(i, Tlog.proveRecord(13, i, LOG), note);
      String text = p.format();
      TlogProof back = TlogProof.parse(text);
      assertEquals(p, back);
      assertEquals(text, back.format());
      Checkpoint c = back.verify(entry(i), vkey, ORIGIN);
      assertEquals(13, c.size());
      int other = (i + 1) % 13;
      assertThrows(InvalidProofException.class, () -> back.verify(entry(other), vkey, ORIGIN));
    }
    TlogProof withExtra = new TlogProof(Optional.of(new byte[] {1, 2, 3}), 4, Tlog.proveRecord(13, 4, LOG), note);
    String text = withExtra.format();
    assertTrue(text.startsWith("c2sp.org/tlog-proof@v1\nextra AQID\nindex 4\n"), text);
    assertArrayEquals(new byte[] {1, 2, 3}, TlogProof.parse(text).extra().orElseThrow());
    TlogProof single = new TlogProof(0, List.of(), new Checkpoint(ORIGIN, 1, Tlog.treeHash(1, LOG)).sign(signer));
    assertTrue(single.format().startsWith("c2sp.org/tlog-proof@v1\nindex 0\n\n" + ORIGIN + "\n1\n"), single.format());
    TlogProof.parse(single.format()).verify(entry(0), vkey, ORIGIN);
  }

  @Test
  void malformedOrForgedTlogProofsAreRefused() throws Exception {
    String note = signedCheckpoint(13);
    String good = new TlogProof(5, Tlog.proveRecord(13, 5, LOG), note).format();
    String[] bad = {
      good.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"),
      good.replace("index 5", "index 05"),
      good.replace("index 5", "index -5"),
      good.replace("index 5", "index  5"),
      good.replace("index 5\n", ""),
      good.replace("index 5\n", "index 5\nextra !!\n"),
      good.replace("index 5\n", "extra AQID\nextra AQID\nindex 5\n"),
      good.substring(0, good.indexOf("\n\n") + 1),
      good.substring(0, 40),
      good.replaceFirst("\n([A-Za-z0-9+/]{43}=)\n", "\n$1x\n"),
      good.replace("\n\n" + ORIGIN, "\n" + ORIGIN),
      "",
    };
    for (String b : bad) {
      assertThrows(InvalidNoteException.class, () -> TlogProof.parse(b).verify(entry(5), vkey, ORIGIN), b);
    }
    // Well-formed but wrong: another index, a dropped or flipped hash, another log's checkpoint.
    TlogProof p = TlogProof.parse(good);
    assertThrows(InvalidProofException.class, () -> new TlogProof(6, p.proof(), note).verify(entry(5), vkey, ORIGIN));
    assertThrows(InvalidProofException.class, () -> new TlogProof(5, p.proof().subList(1, p.proof().size()), note).verify(entry(5), vkey, ORIGIN));
    assertThrows(InvalidProofException.class, () -> new TlogProof(13, p.proof(), note).verify(entry(5), vkey, ORIGIN));
    assertThrows(InvalidNoteException.class, () -> p.verify(entry(5), vkey, "another/origin"));
    String tampered = good.replace(LOG.treeHash().base64(), Tlog.treeHash(12, LOG).base64());
    assertThrows(InvalidNoteException.class, () -> TlogProof.parse(tampered).verify(entry(5), vkey, ORIGIN));
  }
}
