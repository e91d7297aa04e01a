package org.sandyq.server.log;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sandyq.api.ProblemType;
import org.sandyq.crypto.tlog.EntryBundle;
import org.sandyq.crypto.tlog.Hash;
import org.sandyq.crypto.tlog.HashReader;
import org.sandyq.crypto.tlog.StoredHashes;
import org.sandyq.crypto.tlog.Tile;
import org.sandyq.crypto.tlog.Tlog;
import org.sandyq.server.Problem;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Writer;

/**
 * The vault's transparency log, persisted in SQLite: entries by index ({@code log_entries}), the
 * Merkle tree's stored hashes ({@code log_hashes}, tlog numbering: written once when an entry is
 * appended, never recomputed), and the latest signed checkpoint ({@code checkpoint}). Entries are
 * appended by writer tasks in the same transaction as the rows they record; once per batch, just
 * before the commit, the new tree head is signed (one signature per batch), so a checkpoint is
 * never ahead of or behind the entries it covers.
 *
 * <p>Readers (proofs, entries, tiles) use the database's read pool and the published checkpoint,
 * which only ever names committed state: nothing beyond its tree is served.
 */
public final class TransparencyLog implements Writer.Participant {
  /** A signed tree head. */
  public record Checkpoint(long size, Hash root, String note) {}

  /** What a source gets with its receipt: the entry, a C2SP tlog-proof and the checkpoint. */
  public record Inclusion(long index, byte[] entry, String proof, String checkpoint) {}

  /** How long an answer that carries a proof waits for the witnesses to cosign the entry's tree. */
  static final long WITNESS_WAIT_MILLIS = 5_000;

  private final Database db;
  private final CheckpointSigner signer;
  private volatile Checkpoint current;
  // witnessing: when the policy names witnesses, the newest checkpoint with their quorum of
  // cosignatures (null until the first) is the one published; guarded by `this` for waiting
  private volatile boolean witnessesRequired;
  private volatile Checkpoint witnessed;
  // writer-thread state: the size including appends not yet committed
  private long size;
  private Checkpoint pending;

  private TransparencyLog(Database db, CheckpointSigner signer, Checkpoint current) {
    this.db = db;
    this.signer = signer;
    this.current = current;
    this.size = current.size();
  }

  /**
   * Starts the log of a new vault on {@code c} (inside the caller's transaction): appends the
   * genesis entry and stores the first checkpoint.
   */
  public static Checkpoint create(Connection c, CheckpointSigner signer, byte[] genesis)
      throws SQLException, IOException, GeneralSecurityException {
    checkEntrySize(genesis);
    List<Hash> hashes = StoredHashes.forRecord(0, genesis, reader(c));
    insertEntry(c, 0, genesis, hashes);
    Checkpoint cp = signer.sign(1, Tlog.treeHash(1, reader(c)));
    storeCheckpoint(c, cp);
    return cp;
  }

  /**
   * Opens the log: loads the stored checkpoint and checks that it is the tree head of the stored
   * hashes and that the entries end where it says.
   */
  public static TransparencyLog open(Database db, CheckpointSigner signer) throws SQLException, IOException {
    Checkpoint cp = db.read(c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT size, root, note FROM checkpoint WHERE id = 1")) {
        if (!rs.next()) {
          throw new IOException("the vault database has no log checkpoint (server init was interrupted)");
        }
        return new Checkpoint(rs.getLong(1), Hash.fromBytes(rs.getBytes(2)), rs.getString(3));
      }
    });
    long entries = db.read(c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries")) {
        rs.next();
        return rs.getLong(1);
      }
    });
    if (entries != cp.size()) {
      throw new IOException("the log has " + entries + " entries but its checkpoint says " + cp.size()
          + "; the database was altered");
    }
    Hash root = db.read(c -> Tlog.treeHash(cp.size(), reader(c)));
    if (!root.equals(cp.root()) || !signer.verify(cp)) {
      throw new IOException("the log's stored hashes do not match its signed checkpoint; the database was altered");
    }
    return new TransparencyLog(db, signer, cp);
  }

  /** The signed-note verifier key of the log ({@code name+keyid+base64key}). */
  public String vkey() {
    return signer.vkey();
  }

  /** The latest committed checkpoint, signed by the log key (not necessarily witnessed). */
  public Checkpoint checkpoint() {
    return current;
  }

  /** From now on the published checkpoint is the newest witnessed one ({@link WitnessCollector}). */
  public void requireWitnesses() {
    witnessesRequired = true;
  }

  /**
   * The checkpoint clients are given: the newest one with the policy's quorum of witness
   * cosignatures (empty until there is one), or, without witnesses, the newest signed one.
   */
  public Optional<Checkpoint> published() {
    return witnessesRequired ? Optional.ofNullable(witnessed) : Optional.of(current);
  }

  /** A checkpoint with its witnesses' cosignatures (note and lines); only ever moves forward. */
  synchronized void witnessed(Checkpoint cp) {
    if (witnessed == null || cp.size() > witnessed.size()) {
      witnessed = cp;
      notifyAll();
    }
  }

  /**
   * The checkpoint to prove entry {@code index} against: without witnesses the newest signed one;
   * with them the newest witnessed one, waiting a bounded time for the witnesses to cover the
   * entry, else the signed one (a client requiring the quorum then asks again later).
   */
  private Checkpoint headFor(long index) {
    if (!witnessesRequired) {
      return current;
    }
    long deadline = System.nanoTime() + WITNESS_WAIT_MILLIS * 1_000_000;
    synchronized (this) {
      for (int i = 0; i < 1_000; i++) { // bounded: each wait is at least a millisecond or a wake-up
        Checkpoint w = witnessed;
        if (w != null && w.size() > index) {
          return w;
        }
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        try {
          wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return current;
  }

  /** Appends an entry inside a writer task; returns its index. Writer thread only. */
  public long append(Connection c, byte[] entry) throws SQLException, IOException {
    checkEntrySize(entry);
    long index = size;
    insertEntry(c, index, entry, StoredHashes.forRecord(index, entry, reader(c)));
    size = index + 1;
    return index;
  }

  @Override
  public Object mark() {
    return size;
  }

  @Override
  public void rollbackTo(Object mark) {
    size = (Long) mark;
  }

  @Override
  public void beforeCommit(Connection c) throws Exception {
    if (size == current.size()) {
      pending = null;
      return;
    }
    pending = signer.sign(size, Tlog.treeHash(size, reader(c)));
    storeCheckpoint(c, pending);
  }

  @Override
  public void committed() {
    if (pending != null) {
      current = pending;
      pending = null;
    }
  }

  @Override
  public void rolledBack() {
    pending = null;
    size = current.size();
  }

  /** The entry, a tlog-proof bundle and the checkpoint for {@code index} against the latest checkpoint. */
  public Inclusion inclusion(long index) throws Problem, IOException {
    checkIndex(index, current.size());
    Checkpoint cp = headFor(index);
    checkIndex(index, cp.size());
    try {
      List<Hash> proof = db.read(c -> Tlog.proveRecord(cp.size(), index, reader(c)));
      return new Inclusion(index, entry(index), signer.bundle(index, proof, cp), cp.note());
    } catch (SQLException e) {
      throw new IOException(e);
    }
  }

  public List<byte[]> inclusionProof(long index, long treeSize) throws Problem, IOException {
    checkSize(treeSize);
    checkIndex(index, treeSize);
    return bytes(read(c -> Tlog.proveRecord(treeSize, index, reader(c))));
  }

  public List<byte[]> consistencyProof(long oldSize, long newSize) throws Problem, IOException {
    checkSize(newSize);
    if (oldSize < 1 || oldSize > newSize) {
      throw new Problem(ProblemType.BAD_REQUEST, "need 1 <= old <= new <= " + current.size());
    }
    return bytes(read(c -> Tlog.proveTree(newSize, oldSize, reader(c))));
  }

  public byte[] entry(long index) throws Problem, IOException {
    List<byte[]> one = entries(index, index + 1);
    return one.get(0);
  }

  /** Entries {@code [start, end)} of the committed log. */
  public List<byte[]> entries(long start, long end) throws Problem, IOException {
    long n = current.size();
    if (start < 0 || end > n || start >= end) {
      throw new Problem(ProblemType.BAD_REQUEST, "entries exist for indexes 0 to " + (n - 1)
          + "; ask for start < end <= " + n);
    }
    return read(c -> {
      List<byte[]> out = new ArrayList<>((int) (end - start));
      try (PreparedStatement s = c.prepareStatement("SELECT entry FROM log_entries WHERE idx >= ? AND idx < ? ORDER BY idx")) {
        s.setLong(1, start);
        s.setLong(2, end);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getBytes(1));
          }
        }
      }
      return out;
    });
  }

  /** Tile {@code t} of the published tree (c2sp.org/tlog-tiles): its hashes, read from the stored ones. */
  public byte[] tile(Tile t) throws Problem, IOException {
    published(t);
    return read(c -> t.read(reader(c)));
  }

  /** The entries of level-0 tile {@code t} of the published tree, as a tlog-tiles entries bundle. */
  public byte[] entryBundle(Tile t) throws Problem, IOException {
    published(t);
    long start = t.index() * Tile.FULL;
    return EntryBundle.encode(entries(start, start + t.width()));
  }

  /** A tile beyond the published tree does not exist (yet): 404, whatever the database holds. */
  private void published(Tile t) throws Problem {
    long n = current.size();
    if (!t.within(n)) {
      throw new Problem(ProblemType.NOT_FOUND, "the log's tree of " + n + " entries has no tile " + t.path());
    }
  }

  /** Every entry fits a tlog-tiles entries bundle (a 16-bit length); a bigger one is never logged. */
  private static void checkEntrySize(byte[] entry) throws IOException {
    if (entry.length > EntryBundle.MAX_ENTRY) {
      throw new IOException("a log entry is at most " + EntryBundle.MAX_ENTRY + " bytes; this one is " + entry.length);
    }
  }

  private <T> T read(Database.Query<T> q) throws IOException {
    return db.query(q);
  }

  private void checkSize(long treeSize) throws Problem {
    if (treeSize < 1 || treeSize > current.size()) {
      throw new Problem(ProblemType.BAD_REQUEST, "the log has " + current.size()
          + " entries; a tree size is 1 to that");
    }
  }

  private static void checkIndex(long index, long treeSize) throws Problem {
    if (index < 0 || index >= treeSize) {
      throw new Problem(ProblemType.BAD_REQUEST, "index " + index + " is not in a tree of size " + treeSize);
    }
  }

  private static List<byte[]> bytes(List<Hash> hashes) {
    return hashes.stream().map(Hash::bytes).toList();
  }

  private static void insertEntry(Connection c, long index, byte[] entry, List<Hash> hashes) throws SQLException {
    try (PreparedStatement e = c.prepareStatement("INSERT INTO log_entries (idx, entry) VALUES (?, ?)");
        PreparedStatement h = c.prepareStatement("INSERT INTO log_hashes (idx, hash) VALUES (?, ?)")) {
      e.setLong(1, index);
      e.setBytes(2, entry);
      e.executeUpdate();
      long first = StoredHashes.index(0, index);
      for (int i = 0; i < hashes.size(); i++) {
        h.setLong(1, first + i);
        h.setBytes(2, hashes.get(i).bytes());
        h.executeUpdate();
      }
    }
  }

  private static void storeCheckpoint(Connection c, Checkpoint cp) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(
        "INSERT INTO checkpoint (id, size, root, note) VALUES (1, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET size = excluded.size, root = excluded.root, note = excluded.note")) {
      s.setLong(1, cp.size());
      s.setBytes(2, cp.root().bytes());
      s.setString(3, cp.note());
      s.executeUpdate();
    }
  }

  /** Stored hashes read through {@code c} (the writer's connection sees its own uncommitted rows). */
  static HashReader reader(Connection c) {
    return indexes -> {
      List<Hash> out = new ArrayList<>(indexes.length);
      try (PreparedStatement s = c.prepareStatement("SELECT hash FROM log_hashes WHERE idx = ?")) {
        for (long i : indexes) {
          s.setLong(1, i);
          try (ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
              throw new IOException("stored hash " + i + " is missing from the log");
            }
            out.add(Hash.fromBytes(rs.getBytes(1)));
          }
        }
      } catch (SQLException e) {
        throw new IOException("log database: " + e.getMessage(), e);
      }
      return out;
    };
  }

}
