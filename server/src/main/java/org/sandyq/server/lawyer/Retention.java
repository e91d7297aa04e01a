package org.sandyq.server.lawyer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sandyq.policy.Fingerprints;
import org.sandyq.policy.Policy;
import org.sandyq.policy.PolicyException;
import org.sandyq.policy.VerifiedPolicy;
import org.sandyq.server.Problem;
import org.sandyq.server.ServerLogging;
import org.sandyq.server.log.LogEvents;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Durable;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.PolicyInForce;

/**
 * The retention sweep (docs/unseal.md, "Retention"): at start and every hour, every submission
 * past its category's {@code retention_days} (counted from its received day: it is kept on days
 * R to R + N − 1 and swept from day R + N on) that is not held, nor a follow-up of a held one, is
 * crypto-shredded.
 *
 * <p>Order, chosen so that a crash at any point ends consistent:
 *
 * <ol>
 *   <li>one writer transaction per submission marks the row {@code expired} (its day), erases the
 *       lookup hash, deletes the replies and appends the {@code expired} log entry; the row still
 *       names its blob;
 *   <li>after the commit, the blob's header (every sealed share) is overwritten and synced and the
 *       file deleted ({@link BlobStore#shred}), then the blob directory is synced;
 *   <li>a last transaction forgets the blob names.
 * </ol>
 *
 * A crash after 1 leaves an expired row that still names a file: every sweep (the start-up one
 * first) shreds such files before anything else, and a missing file is not an error. Nothing ever
 * deletes a blob before its expiry is committed; should a due submission's blob be gone anyway
 * (start-up recovery tolerates exactly those, see {@code Recovery}), the sweep expires it as usual.
 */
public final class Retention implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Retention.class.getName());
  public static final long HOURS_BETWEEN_SWEEPS = 1;

  private final PolicyInForce policy;
  private final Database db;
  private final Writer writer;
  private final TransparencyLog log;
  private final BlobStore blobs;
  private final Clock clock;
  private ScheduledExecutorService hourly;

  public Retention(PolicyInForce policy, Database db, Writer writer, TransparencyLog log, BlobStore blobs,
      Clock clock) {
    this.policy = policy;
    this.db = db;
    this.writer = writer;
    this.log = log;
    this.blobs = blobs;
    this.clock = clock;
  }

  /** What one sweep did: the submissions it expired, and how many envelope files it shredded. */
  public record Report(List<String> expired, int shredded) {}

  /** The ids that are due on {@code today}: past retention, not expired, not held (nor their parent). */
  public static Set<String> due(Connection c, VerifiedPolicy policy, LocalDate today) throws SQLException {
    return due(c, policy, today, null);
  }

  /** {@link #due}, of one submission only when {@code only} is not null. */
  private static Set<String> due(Connection c, VerifiedPolicy policy, LocalDate today, String only)
      throws SQLException {
    Set<String> due = new LinkedHashSet<>();
    try (PreparedStatement s = c.prepareStatement("SELECT s.id, s.category, s.policy, s.received_day FROM submissions s"
        + " WHERE s.expired_day IS NULL AND (? IS NULL OR s.id = ?) AND NOT EXISTS (SELECT 1 FROM holds h"
        + " WHERE h.submission = s.id OR h.submission = s.parent) ORDER BY s.log_index")) {
      s.setString(1, only);
      s.setString(2, only);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          OptionalInt days = retentionDays(policy, rs.getString(2), rs.getString(3));
          if (days.isPresent() && !today.isBefore(LocalDate.parse(rs.getString(4)).plusDays(days.getAsInt()))) {
            due.add(rs.getString(1));
          }
        }
      }
    }
    return due;
  }

  /**
   * The category's retention in the policy in force, or, for a category a later version dropped,
   * in the version the submission was sealed under; none (kept) if neither knows it.
   */
  private static OptionalInt retentionDays(VerifiedPolicy policy, String category, String sealedUnder) {
    try {
      return OptionalInt.of(policy.retentionDays(category));
    } catch (PolicyException notInForce) {
      try {
        Optional<Policy> version = policy.version(Fingerprints.parse(sealedUnder));
        return version.isPresent() ? OptionalInt.of(version.get().retentionDays(category)) : OptionalInt.empty();
      } catch (PolicyException malformedOrUnknown) {
        return OptionalInt.empty();
      }
    }
  }

  /** Sweeps as of the server clock's UTC day. */
  public Report sweep() throws IOException {
    return sweep(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
  }

  /** Sweeps as of {@code today} (tests pass the day they need). One sweep at a time. */
  public synchronized Report sweep(LocalDate today) throws IOException {
    Map<String, String> toShred = new LinkedHashMap<>(awaitingShred());
    List<String> expired = new ArrayList<>();
    VerifiedPolicy inForce = policy.current(); // one version for the whole sweep
    Set<String> due = db.query(c -> due(c, inForce, today));
    List<CompletableFuture<Optional<String>>> pending = new ArrayList<>();
    for (String id : due) {
      pending.add(writer.submit(batch -> expire(batch.connection(), inForce, id, today)));
    }
    List<String> ids = new ArrayList<>(due);
    for (int i = 0; i < pending.size(); i++) {
      Optional<String> blob;
      try {
        blob = pending.get(i).join();
      } catch (java.util.concurrent.CompletionException e) {
        // the id is in the public log already; the failure's message could name a blob's path
        LOG.warning("retention: submission " + ids.get(i) + " could not be expired: "
            + ServerLogging.describe(Writer.cause(e)));
        continue;
      }
      if (blob.isPresent()) {
        expired.add(ids.get(i));
        toShred.put(ids.get(i), blob.get());
      }
    }
    int shredded = 0;
    for (String blob : toShred.values()) {
      if (blobs.shred(blob)) {
        shredded++;
      }
    }
    if (!toShred.isEmpty()) {
      Durable.syncDirectory(blobs.blobDirectory());
      try {
        writer.run(batch -> {
          try (PreparedStatement s = batch.connection().prepareStatement(
              "UPDATE submissions SET blob = NULL WHERE id = ? AND expired_day IS NOT NULL")) {
            for (String id : toShred.keySet()) {
              s.setString(1, id);
              s.executeUpdate();
            }
          }
          return null;
        });
      } catch (Problem impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    // the WAL's copies of what this sweep deleted, or an earlier one's whose truncation gave way to
    // a busy moment or a crash: every sweep (at start and hourly) tries
    writer.truncateWal();
    if (!expired.isEmpty()) {
      LOG.info("retention: " + expired.size() + " submission(s) expired and shredded");
    }
    return new Report(List.copyOf(expired), shredded);
  }

  /** One submission's expiry, re-checked inside the transaction; its blob name, or empty if no longer due. */
  private Optional<String> expire(Connection c, VerifiedPolicy policy, String id, LocalDate today)
      throws SQLException, IOException {
    if (due(c, policy, today, id).isEmpty()) {
      return Optional.empty();
    }
    String blob;
    try (PreparedStatement s = c.prepareStatement("SELECT blob FROM submissions WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        blob = rs.getString(1);
      }
    }
    try (PreparedStatement mark = c.prepareStatement(
            "UPDATE submissions SET expired_day = ?, lookup_hash = NULL WHERE id = ?");
        PreparedStatement replies = c.prepareStatement("DELETE FROM replies WHERE submission = ?")) {
      mark.setString(1, today.toString());
      mark.setString(2, id);
      mark.executeUpdate();
      replies.setString(1, id);
      replies.executeUpdate();
    }
    log.append(c, LogEvents.expired(today, id));
    return Optional.ofNullable(blob);
  }

  /** Expired rows that still name a file: a sweep was interrupted between its commit and its shredding. */
  private Map<String, String> awaitingShred() throws IOException {
    return db.query(c -> {
      Map<String, String> out = new LinkedHashMap<>();
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id, blob FROM submissions WHERE expired_day IS NOT NULL"
              + " AND blob IS NOT NULL")) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
      return out;
    });
  }

  /** Sweeps every hour from now on (the start-up sweep is the caller's). */
  public void startHourly() {
    hourly = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().name("sandyq-retention").daemon(true).factory());
    hourly.scheduleAtFixedRate(() -> {
      try {
        sweep();
      } catch (Exception | Error e) {
        LOG.log(Level.WARNING, "retention sweep failed (retried next hour): " + ServerLogging.describe(e));
      }
    }, HOURS_BETWEEN_SWEEPS, HOURS_BETWEEN_SWEEPS, TimeUnit.HOURS);
  }

  /** Stops the hourly sweeps, waiting for one in progress. */
  @Override
  public void close() {
    if (hourly != null) {
      hourly.shutdown();
      try {
        hourly.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
