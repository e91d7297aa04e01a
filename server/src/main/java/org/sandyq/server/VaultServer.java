package org.sandyq.server;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.sandyq.server.http.Api;
import org.sandyq.server.http.SignedRequests;
import org.sandyq.server.intake.Intake;
import org.sandyq.server.log.CheckpointSigner;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Recovery;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.Vault;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultLayout;

/**
 * A running vault server: opens the vault (refusing a second server on the same directory),
 * recovers from any crash, starts the writer and the Helidon web server.
 */
public final class VaultServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VaultServer.class.getName());
  private static final int READ_CONNECTIONS = 4;

  /** How to run. {@code powBits} empty: the policy's difficulty, rising with load. */
  public record Options(Path data, String host, int port, OptionalInt powBits, Clock clock) {
    public Options(Path data, String host, int port, OptionalInt powBits) {
      this(data, host, port, powBits, Clock.systemUTC());
    }
  }

  private final FileChannel lockChannel;
  private final Database db;
  private final Writer writer;
  private final WebServer web;
  private final Vault vault;
  private final TransparencyLog log;
  private final Recovery.Report recovery;

  private VaultServer(FileChannel lockChannel, Database db, Writer writer, WebServer web, Vault vault,
      TransparencyLog log, Recovery.Report recovery) {
    this.lockChannel = lockChannel;
    this.db = db;
    this.writer = writer;
    this.web = web;
    this.vault = vault;
    this.log = log;
    this.recovery = recovery;
  }

  public static VaultServer start(Options options) throws IOException, SQLException, VaultException {
    VaultLayout layout = new VaultLayout(options.data());
    if (!Files.isRegularFile(layout.database())) {
      throw new VaultException("there is no vault in " + layout.root() + "; create one with `sandyq server init --data "
          + options.data() + " --policy policy.json`" + (Files.exists(layout.database().resolveSibling("vault.db.init"))
              ? " (an earlier init was interrupted: delete the directory first)" : ""));
    }
    FileChannel lockChannel = lock(layout);
    Database db = null;
    Writer writer = null;
    try {
      db = Database.open(layout.database(), READ_CONNECTIONS);
      byte[] genesis = db.read(c -> {
        try (var s = c.prepareStatement("SELECT entry FROM log_entries WHERE idx = 0"); var rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IOException("the vault database has no genesis record");
          }
          return rs.getBytes(1);
        }
      });
      Vault vault = Vault.open(layout, genesis);
      BlobStore blobs = new BlobStore(layout.blobs(), layout.tmp());
      Recovery.Report recovery = Recovery.run(db, blobs);
      CheckpointSigner signer = new CheckpointSigner(vault.policy().origin(), vault.keys().identity());
      TransparencyLog log = TransparencyLog.open(db, signer);
      writer = new Writer(layout.database(), List.of(log));
      writer.start();
      Submissions submissions = new Submissions(db);
      Intake intake = new Intake(vault.policy(), blobs, submissions, writer, log, options.clock(), options.powBits());
      SignedRequests signed = new SignedRequests(vault.policy(), writer, options.clock());
      Api api = new Api(vault, intake, log, submissions, signed, writer::healthy);
      WebServer web = WebServer.builder()
          .host(options.host())
          .port(options.port())
          .shutdownHook(false)
          .featuresDiscoverServices(false)
          .addProtocol(Http1Config.builder().receiveLog(false).sendLog(false).build())
          .routing(api::register)
          .build()
          .start();
      return new VaultServer(lockChannel, db, writer, web, vault, log, recovery);
    } catch (IOException | SQLException | VaultException | RuntimeException e) {
      closeQuietly(writer, db, lockChannel);
      throw e;
    }
  }

  private static FileChannel lock(VaultLayout layout) throws IOException, VaultException {
    FileChannel ch = FileChannel.open(layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException inThisJvm) {
      lock = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new VaultException("another server is running on " + layout.root());
    }
    return ch;
  }

  public int port() {
    return web.port();
  }

  public Vault vault() {
    return vault;
  }

  public TransparencyLog log() {
    return log;
  }

  public Recovery.Report recovery() {
    return recovery;
  }

  /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes the server. */
  public void runUntilShutdown() throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      close();
      stopped.countDown();
    }, "sandyq-shutdown"));
    stopped.await();
  }

  /** Stops accepting requests, lets queued writes commit, closes the database, releases the lock. */
  @Override
  public void close() {
    try {
      web.stop();
    } finally {
      closeQuietly(writer, db, lockChannel);
    }
  }

  private static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        LOG.warning("closing " + r.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
