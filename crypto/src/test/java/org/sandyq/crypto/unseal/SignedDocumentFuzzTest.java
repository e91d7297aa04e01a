package org.sandyq.crypto.unseal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.util.SecretBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * The lawyer protocol's signed documents as the server and every client read them from the network:
 * hostile bytes give a verified document or {@link UnsealException}, never anything else.
 *
 * <p>The first three targets read whole documents against the roster of the checked-in vectors
 * ({@code docs/vectors/unseal/v1.json}), so a fuzzed document rarely gets past its signature. The
 * last one plays a lawyer of that roster, who can sign anything: it signs the fuzzed body with the
 * author's real key, so the typed readers behind the signature check are fuzzed too.
 */
class SignedDocumentFuzzTest {
  /** The vectors' roster, its lawyers' private keys, and their request. */
  private static final class Vectors {
    static final List<PrivateIdentity> LAWYERS = new ArrayList<>();
    static final Roster ROSTER;
    static final UnsealRequest REQUEST;

    static {
      try {
        JsonNode v = Json.parse(Files.readAllBytes(Path.of("../docs/vectors/unseal/v1.json")));
        HexFormat hex = HexFormat.of();
        for (JsonNode l : v.get("lawyers")) {
          LAWYERS.add(PrivateIdentity.importSecret(Role.LAWYER, l.get("name").asText(),
              SecretBytes.copyFrom(hex.parseHex(l.get("ed25519_seed").asText() + l.get("x25519_private").asText()),
                  InsecureSecretKeyAccess.get()), InsecureSecretKeyAccess.get()));
        }
        ROSTER = Roster.of(Sha256.parse(v.get("policy").asText()),
            LAWYERS.stream().map(PrivateIdentity::publicIdentity).toList());
        REQUEST = UnsealRequest.verify(v.get("request").get("document"), ROSTER);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (GeneralSecurityException | MalformedJsonException e) {
        throw new IllegalStateException("the unseal vectors do not load", e);
      }
    }
  }

  @FuzzTest
  void unsealRequest(byte[] input) {
    try {
      UnsealRequest.verify(input, Vectors.ROSTER);
    } catch (UnsealException e) {
      // refused: the expected outcome for almost every input
    }
  }

  @FuzzTest
  void approval(byte[] input) {
    try {
      Approval.verify(input, Vectors.REQUEST);
    } catch (UnsealException e) {
      // refused
    }
  }

  @FuzzTest
  void reply(byte[] input) {
    try {
      Reply.verify(input, Vectors.ROSTER);
    } catch (UnsealException e) {
      // refused
    }
  }

  /**
   * The input is a document body (JSON) of any of the three types; when it names its type and an
   * author on the roster, that lawyer signs it, and it goes through the typed reader and, if it
   * verifies, through opening what it seals to the lawyer.
   */
  @FuzzTest
  void signedByLawyer(byte[] input) throws GeneralSecurityException {
    JsonNode body;
    try {
      body = Json.parse(input);
    } catch (MalformedJsonException e) {
      return;
    }
    if (!(body instanceof ObjectNode object)) {
      return;
    }
    DocumentType type = null;
    for (DocumentType t : DocumentType.values()) {
      if (t.label().equals(object.path("type").asText())) {
        type = t;
      }
    }
    if (type == null) {
      return;
    }
    String author = object.path(type.authorMember()).asText();
    PrivateIdentity signer = null;
    for (PrivateIdentity lawyer : Vectors.LAWYERS) {
      if (lawyer.keyId().hex().equals(author)) {
        signer = lawyer;
      }
    }
    if (signer == null) {
      return;
    }
    JsonNode document;
    try {
      document = SignedDocument.sign(type, object, signer).toJson();
    } catch (UnsealException e) {
      return; // a body with no canonical form cannot be signed
    }
    try {
      switch (type) {
        case UNSEAL_REQUEST -> {
          UnsealRequest request = UnsealRequest.verify(document, Vectors.ROSTER);
          openQuietly(() -> request.openReason(Vectors.LAWYERS.get(1)));
        }
        case UNSEAL_APPROVAL -> Approval.verify(document, Vectors.REQUEST);
        case REPLY -> {
          Reply reply = Reply.verify(document, Vectors.ROSTER);
          openQuietly(() -> reply.openAsLawyer(Vectors.LAWYERS.get(2)));
        }
      }
    } catch (UnsealException e) {
      // refused
    }
  }

  private interface Opening {
    void open() throws GeneralSecurityException;
  }

  /** Opening a sealed part: it decrypts, or throws a {@link GeneralSecurityException}. */
  private static void openQuietly(Opening opening) {
    try {
      opening.open();
    } catch (GeneralSecurityException e) {
      // not sealed to this lawyer, or damaged
    }
  }
}
