package org.sandyq.server.intake;

import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.sandyq.crypto.envelope.EnvelopeHeader;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.server.storage.BlobStore;

/**
 * Envelope uploads cut off part-way (the connection broke, the source pressed Ctrl-C, a trickle
 * was cut off as too slow), kept so that whoever holds the receipt can send the rest instead of
 * the whole envelope again: a source on a slow or censored link may never get a gigabyte through
 * in one go. What is kept is what a complete upload would leave: ciphertext in {@code tmp/}, and
 * in memory the running hash, the header and the lookup hash the upload was made with.
 *
 * <p>Bounded by count and bytes (the oldest gives way) and by age, measured with a monotonic clock
 * in memory: no time is written down for a source's upload. A restart forgets them all, and its
 * recovery removes their files like any interrupted upload's.
 */
final class ParkedUploads {
  /**
   * An upload in progress: its file so far and the running hash over it.
   *
   * @param lookupHash stored with the row (null for a follow-up, found through its parent)
   * @param owner the lookup hash the upload was made with: only it may resume
   * @param parent the tip a follow-up belongs to, or null
   */
  record Partial(EnvelopeHeader header, Sha256 lookupHash, Sha256 owner, String parent, BlobStore.Upload upload,
      MessageDigest digest) {
    long received() {
      return upload.size();
    }

    String id() {
      return header.submissionId().hex();
    }
  }

  private record Parked(Partial partial, long since) {}

  private final int maxCount;
  private final long maxBytes;
  private final long keepNanos;
  private final LongSupplier nanos;
  private final Consumer<String> released;
  private final Map<String, Parked> parked = new LinkedHashMap<>();
  private long bytes;

  /** {@code released} is told the id of each upload given up (expired, evicted or taken over). */
  ParkedUploads(int maxCount, long maxBytes, Duration keep, LongSupplier nanos, Consumer<String> released) {
    this.maxCount = maxCount;
    this.maxBytes = maxBytes;
    this.keepNanos = keep.toNanos();
    this.nanos = nanos;
    this.released = released;
  }

  /**
   * Keeps {@code partial} for a later {@link #take}; returns false (and deletes it) when it cannot
   * be kept at all. Older ones give way to stay within the bounds.
   */
  boolean park(Partial partial) {
    synchronized (this) {
      expire();
      if (maxCount == 0 || partial.received() > maxBytes) {
        discard(partial);
        return false;
      }
      while (parked.size() >= maxCount || bytes + partial.received() > maxBytes) {
        Iterator<Parked> oldest = parked.values().iterator();
        Parked p = oldest.next();
        oldest.remove();
        bytes -= p.partial().received();
        discard(p.partial());
      }
      parked.put(partial.id(), new Parked(partial, nanos.getAsLong()));
      bytes += partial.received();
      return true;
    }
  }

  /** How far the upload of {@code id} made by {@code owner} got, if one is kept. */
  synchronized Optional<Long> received(String id, Sha256 owner) {
    expire();
    Parked p = parked.get(id);
    return p != null && p.partial().owner().equals(owner) ? Optional.of(p.partial().received()) : Optional.empty();
  }

  /** Hands the upload of {@code id} made by {@code owner} to one caller, who parks it again or finishes it. */
  synchronized Optional<Partial> take(String id, Sha256 owner) {
    expire();
    Parked p = parked.get(id);
    if (p == null || !p.partial().owner().equals(owner)) {
      return Optional.empty();
    }
    parked.remove(id);
    bytes -= p.partial().received();
    return Optional.of(p.partial());
  }

  /** Gives up the upload of {@code id} made by {@code owner}, if kept: the whole envelope is being sent again. */
  synchronized void drop(String id, Sha256 owner) {
    take(id, owner).ifPresent(this::discard);
  }

  synchronized int size() {
    return parked.size();
  }

  /** Deletes everything kept (the server is stopping). */
  synchronized void clear() {
    parked.values().forEach(p -> discard(p.partial()));
    parked.clear();
    bytes = 0;
  }

  private void expire() {
    long now = nanos.getAsLong();
    for (Iterator<Parked> it = parked.values().iterator(); it.hasNext(); ) {
      Parked p = it.next();
      if (now - p.since() < keepNanos) {
        break; // in the order they were parked
      }
      it.remove();
      bytes -= p.partial().received();
      discard(p.partial());
    }
  }

  private void discard(Partial partial) {
    try {
      partial.upload().close();
    } catch (IOException e) {
      // recovery removes the file at the next start
    }
    released.accept(partial.id());
  }
}
