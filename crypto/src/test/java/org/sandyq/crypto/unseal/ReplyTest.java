package org.sandyq.crypto.unseal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hpke.Hpke;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.receipt.Receipt;
import org.sandyq.crypto.receipt.ReceiptKeys;
import org.sandyq.crypto.unseal.UnsealException.Reason;

/** Replies: the source reads them with their receipt, every roster lawyer reads them, no one else. */
class ReplyTest {
  static final String TEXT = "Салам! Please send the photo of the contract, if you have it.";
  static final byte[] SALT = "sandyq-test-receipt-salt".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  @TempDir static Path dir;
  static ReceiptKeys source;
  static UnsealFixtures f;
  static HpkePublicKey sourceKey;
  static Reply reply;

  @BeforeAll
  static void setUp() throws Exception {
    source = ReceiptKeys.derive(Receipt.generate(), SALT);
    f = UnsealFixtures.create(dir, Optional.of(source.replyPublicKeyBase64()));
    sourceKey = Reply.sourceReplyKey(f.header.openTriage(f.lawyer(2))).orElseThrow();
    reply = Reply.create(f.lawyer(2), f.roster, f.header.submissionId(), sourceKey, TEXT, UnsealFixtures.DAY);
  }

  @Test
  void theSourceReadsTheReplyWithTheKeysTheirReceiptDerives() throws Exception {
    // As the source's client does: verify against the pinned roster, then open.
    Reply received = Reply.verify(reply.document().encode(), f.roster);
    assertEquals(TEXT, received.openAsSource(source));
    assertEquals(f.lawyer(2).keyId(), received.author());
    assertEquals(f.header.submissionId(), received.submission());
    assertEquals(UnsealFixtures.DAY, received.day());
    assertEquals(reply.sha256(), received.sha256());
    assertTrue(received.isSealedToExactly(f.roster));
  }

  @Test
  void everyRosterLawyerReadsItAndNoOneElse() throws Exception {
    for (PrivateIdentity lawyer : f.lawyers) {
      assertEquals(TEXT, reply.openAsLawyer(lawyer));
    }
    assertEquals(Reason.NOT_ON_ROSTER, assertThrows(UnsealException.class, () -> reply.openAsLawyer(f.outsider)).reason());
    ReceiptKeys stranger = ReceiptKeys.derive(Receipt.generate(), SALT);
    assertThrows(UnsealException.class, () -> reply.openAsSource(stranger));
    assertThrows(UnsealException.class, () -> reply.openAsSource(Hpke.generate()));
  }

  @Test
  void aForgedAuthorIsRefused() throws Exception {
    // Signed by an outsider naming themselves: not on the roster.
    ObjectNode outsiders = UnsealFixtures.body(reply.document(), b -> b.put("author", f.outsider.keyId().hex()));
    UnsealException e = assertThrows(UnsealException.class,
        () -> Reply.verify(UnsealFixtures.signed(DocumentType.REPLY, outsiders, f.outsider), f.roster));
    assertEquals(Reason.NOT_ON_ROSTER, e.reason());
    // A server putting another lawyer's name on a reply: author changed, signature kept.
    ObjectNode renamed = UnsealFixtures.tampered(reply.document(), b -> b.put("author", f.lawyer(3).keyId().hex()));
    renamed.put("signer", f.lawyer(3).keyId().hex());
    e = assertThrows(UnsealException.class, () -> Reply.verify(renamed, f.roster));
    assertEquals(Reason.INVALID_DOCUMENT, e.reason());
    assertEquals(Optional.of(f.lawyer(3).keyId()), e.lawyer());
    // Author changed but signer left: signer and author disagree.
    ObjectNode mismatch = UnsealFixtures.tampered(reply.document(), b -> b.put("author", f.lawyer(3).keyId().hex()));
    assertTrue(assertThrows(UnsealException.class, () -> Reply.verify(mismatch, f.roster)).getMessage().contains("author"));
    // A lawyer's words swapped in from another reply: the signature covers the ciphertext.
    Reply other = Reply.create(f.lawyer(3), f.roster, f.header.submissionId(), sourceKey, "Other words", UnsealFixtures.DAY);
    ObjectNode swapped = UnsealFixtures.tampered(reply.document(),
        b -> b.put("ciphertext", other.document().toJson().get("body").get("ciphertext").asText()));
    assertEquals(Reason.INVALID_DOCUMENT, assertThrows(UnsealException.class, () -> Reply.verify(swapped, f.roster)).reason());
  }

  @Test
  void aCiphertextOrKeyMovedBetweenRepliesDoesNotOpen() throws Exception {
    // Re-signed by the author with another reply's text: the AAD binds the reply id.
    Reply other = Reply.create(f.lawyer(2), f.roster, f.header.submissionId(), sourceKey, "Other words", UnsealFixtures.DAY);
    ObjectNode moved = UnsealFixtures.body(reply.document(), b -> {
      b.put("ciphertext", other.document().toJson().get("body").get("ciphertext").asText());
      b.set("keys", other.document().toJson().get("body").get("keys"));
    });
    Reply mixed = Reply.verify(UnsealFixtures.signed(DocumentType.REPLY, moved, f.lawyer(2)), f.roster);
    assertThrows(UnsealException.class, () -> mixed.openAsSource(source));
    assertThrows(UnsealException.class, () -> mixed.openAsLawyer(f.lawyer(0)));
  }

  @Test
  void keysAreForTheSourceFirstThenDistinctLawyers() throws Exception {
    ObjectNode noSource = UnsealFixtures.body(reply.document(), b -> ((ArrayNode) b.get("keys")).remove(0));
    assertThrows(UnsealException.class, () -> Reply.verify(UnsealFixtures.signed(DocumentType.REPLY, noSource, f.lawyer(2)), f.roster));
    ObjectNode dup = UnsealFixtures.body(reply.document(), b -> ((ArrayNode) b.get("keys")).add(b.get("keys").get(1).deepCopy()));
    assertThrows(UnsealException.class, () -> Reply.verify(UnsealFixtures.signed(DocumentType.REPLY, dup, f.lawyer(2)), f.roster));
    ObjectNode fewer = UnsealFixtures.body(reply.document(), b -> ((ArrayNode) b.get("keys")).remove(5));
    Reply partial = Reply.verify(UnsealFixtures.signed(DocumentType.REPLY, fewer, f.lawyer(2)), f.roster);
    assertFalse(partial.isSealedToExactly(f.roster));
  }

  @Test
  void limits() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> Reply.create(f.lawyer(2), f.roster, f.header.submissionId(),
        sourceKey, "x".repeat(Reply.MAX_TEXT_BYTES + 1), UnsealFixtures.DAY));
    assertThrows(IllegalArgumentException.class, () -> Reply.create(f.lawyer(2), f.roster, f.header.submissionId(),
        sourceKey, "", UnsealFixtures.DAY));
    Reply longest = Reply.create(f.lawyer(2), f.roster, f.header.submissionId(), sourceKey,
        "я".repeat(Reply.MAX_TEXT_BYTES / 2), UnsealFixtures.DAY);
    assertEquals(Reply.MAX_TEXT_BYTES / 2, longest.openAsSource(source).length());
    assertThrows(UnsealException.class, () -> Reply.create(f.outsider, f.roster, f.header.submissionId(),
        sourceKey, TEXT, UnsealFixtures.DAY));
    ObjectNode big = UnsealFixtures.body(reply.document(),
        b -> b.put("ciphertext", Base64.getEncoder().encodeToString(new byte[12 + Reply.MAX_TEXT_BYTES + 17])));
    JsonNode doc = UnsealFixtures.signed(DocumentType.REPLY, big, f.lawyer(2));
    assertThrows(UnsealException.class, () -> Reply.verify(doc, f.roster));
  }

  @Test
  void theSourceReplyKeyComesFromTheTriage() throws Exception {
    assertTrue(Reply.sourceReplyKey(Triage.builder().build()).isEmpty());
    assertThrows(UnsealException.class, () -> Reply.sourceReplyKey(Triage.builder().extra("reply_key", "AAAA").build()));
    String lowOrder = Base64.getEncoder().encodeToString(new byte[32]);
    assertThrows(UnsealException.class, () -> Reply.sourceReplyKey(Triage.builder().extra("reply_key", lowOrder).build()));
  }
}
