package org.sandyq.server.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.envelope.EnvelopeSealer;
import org.sandyq.crypto.envelope.PayloadContents;
import org.sandyq.crypto.envelope.SealingParameters;
import org.sandyq.crypto.envelope.Triage;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.identity.PrivateIdentity;
import org.sandyq.crypto.identity.Role;
import org.sandyq.server.storage.BlobStore;

/**
 * What the intake keeps of cut-off uploads stays within its count, its bytes and its age (a
 * monotonic clock, here turned by hand); what gives way is deleted and its id released; only the
 * upload's maker sees or takes it.
 */
class ParkedUploadsTest {
  @TempDir Path dir;
  private final AtomicLong now = new AtomicLong();
  private final List<String> released = new ArrayList<>();
  private static final Sha256 OWNER = Sha256.of(new byte[] {1});

  private BlobStore blobs() throws Exception {
    return new BlobStore(Files.createDirectories(dir.resolve("blobs")), Files.createDirectories(dir.resolve("tmp")));
  }

  private ParkedUploads.Partial partial(BlobStore blobs, int bytes) throws Exception {
    PrivateIdentity lawyer = PrivateIdentity.generate(Role.LAWYER, "lawyer");
    SealingParameters params = SealingParameters.builder().policyFingerprint(Sha256.of(new byte[] {2})).category("other")
        .recipients(List.of(lawyer.publicIdentity())).evidenceThreshold(1).build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EnvelopeSealer.seal(params, Triage.builder().build(), PayloadContents.builder().text("t").build(), Optional.empty(),
        out);
    EnvelopeHeader header = EnvelopeHeader.read(new ByteArrayInputStream(out.toByteArray()));
    BlobStore.Upload upload = blobs.begin();
    upload.write(new byte[bytes], 0, bytes);
    return new ParkedUploads.Partial(header, OWNER, OWNER, null, upload, Sha256.newDigest());
  }

  private long tmpFiles() throws Exception {
    try (var files = Files.list(dir.resolve("tmp"))) {
      return files.count();
    }
  }

  @Test
  void theOldestGivesWayToStayWithinCountAndBytes() throws Exception {
    BlobStore blobs = blobs();
    ParkedUploads parked = new ParkedUploads(2, 1000, Duration.ofHours(1), now::get, released::add);
    ParkedUploads.Partial a = partial(blobs, 400);
    ParkedUploads.Partial b = partial(blobs, 400);
    ParkedUploads.Partial c = partial(blobs, 400);
    assertTrue(parked.park(a));
    assertTrue(parked.park(b));
    assertTrue(parked.park(c)); // two at most: a gives way
    assertEquals(List.of(a.id()), released);
    assertEquals(Optional.empty(), parked.received(a.id(), OWNER));
    assertEquals(Optional.of(400L), parked.received(c.id(), OWNER));
    assertEquals(2, tmpFiles());

    ParkedUploads.Partial big = partial(blobs, 900); // 400 + 900 > 1000: b and c give way
    assertTrue(parked.park(big));
    assertEquals(List.of(a.id(), b.id(), c.id()), released);
    assertEquals(1, parked.size());
    ParkedUploads.Partial tooBig = partial(blobs, 1001);
    assertFalse(parked.park(tooBig), "more than all the room there is");
    assertEquals(a.id(), released.get(0));
    assertEquals(tooBig.id(), released.get(released.size() - 1));
    assertEquals(1, tmpFiles(), "what gave way is deleted");
  }

  @Test
  void anUploadKeptTooLongIsGivenUp() throws Exception {
    BlobStore blobs = blobs();
    ParkedUploads parked = new ParkedUploads(4, 1 << 20, Duration.ofMinutes(60), now::get, released::add);
    ParkedUploads.Partial a = partial(blobs, 10);
    assertTrue(parked.park(a));
    now.addAndGet(Duration.ofMinutes(59).toNanos());
    assertEquals(Optional.of(10L), parked.received(a.id(), OWNER));
    now.addAndGet(Duration.ofMinutes(1).toNanos());
    assertEquals(Optional.empty(), parked.received(a.id(), OWNER));
    assertEquals(List.of(a.id()), released);
    assertEquals(0, tmpFiles());
  }

  @Test
  void onlyItsMakerSeesOrTakesIt() throws Exception {
    BlobStore blobs = blobs();
    ParkedUploads parked = new ParkedUploads(4, 1 << 20, Duration.ofHours(1), now::get, released::add);
    ParkedUploads.Partial a = partial(blobs, 10);
    assertTrue(parked.park(a));
    Sha256 other = Sha256.of(new byte[] {9});
    assertEquals(Optional.empty(), parked.received(a.id(), other));
    assertEquals(Optional.empty(), parked.take(a.id(), other));
    parked.drop(a.id(), other);
    assertEquals(1, parked.size(), "someone else cannot drop it either");
    assertEquals(Optional.of(a), parked.take(a.id(), OWNER));
    assertEquals(0, parked.size());
    assertEquals(List.of(), released, "taken, not given up: the taker owns it now");
    a.upload().close();
  }

  @Test
  void noRoomMeansNothingIsKept() throws Exception {
    BlobStore blobs = blobs();
    ParkedUploads parked = new ParkedUploads(0, 1 << 20, Duration.ofHours(1), now::get, released::add);
    ParkedUploads.Partial a = partial(blobs, 10);
    assertFalse(parked.park(a));
    assertEquals(List.of(a.id()), released);
    assertEquals(0, tmpFiles());
  }
}
