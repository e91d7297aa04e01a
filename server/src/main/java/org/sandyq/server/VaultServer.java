package org.sandyq.server;

import io.helidon.http.HttpLogConfig;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.sandyq.api.body.Health;
import org.sandyq.server.http.Api;
import org.sandyq.server.http.Routing;
import org.sandyq.server.http.SignedRequests;
import org.sandyq.server.intake.Intake;
import org.sandyq.server.intake.form.CleanerSandbox;
import org.sandyq.server.intake.form.FormIntake;
import org.sandyq.server.intake.form.FormLimits;
import org.sandyq.server.lawyer.Casework;
import org.sandyq.server.lawyer.Holds;
import org.sandyq.server.lawyer.Replies;
import org.sandyq.server.lawyer.Retention;
import org.sandyq.server.lawyer.Unsealing;
import org.sandyq.server.log.CheckpointSigner;
import org.sandyq.server.log.TransparencyLog;
import org.sandyq.server.log.WitnessCollector;
import org.sandyq.server.storage.BlobStore;
import org.sandyq.server.storage.Database;
import org.sandyq.server.storage.Recovery;
import org.sandyq.server.storage.Submissions;
import org.sandyq.server.storage.Writer;
import org.sandyq.server.vault.PolicyInForce;
import org.sandyq.server.vault.PolicyPublisher;
import org.sandyq.server.vault.Vault;
import org.sandyq.server.vault.VaultException;
import org.sandyq.server.vault.VaultLayout;
import org.sandyq.server.web.SourcePages;

/**
 * A running vault server: opens the vault (refusing a second server on the same directory),
 * recovers from any crash, starts the writer, logs the policy versions a replaced
 * {@code policy.json} added, and starts the Helidon web server.
 */
public final class VaultServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(VaultServer.class.getName());
  private static final int READ_CONNECTIONS = 4;
  private static final java.time.Duration IDLE_CHECK = java.time.Duration.ofSeconds(10);

  /** How to run. {@code powBits} empty: the policy's difficulty, rising with load. */
  public record Options(Path data, String host, int port, OptionalInt powBits, Clock clock, ServerLimits limits,
      List<WitnessCollector.Endpoint> witnesses, CleanerSandbox sandbox) {
    public Options {
      witnesses = List.copyOf(witnesses);
      java.util.Objects.requireNonNull(sandbox, "sandbox");
    }

    /** With the default {@link CleanerSandbox#AUTO}. */
    public Options(Path data, String host, int port, OptionalInt powBits, Clock clock, ServerLimits limits,
        List<WitnessCollector.Endpoint> witnesses) {
      this(data, host, port, powBits, clock, limits, witnesses, CleanerSandbox.AUTO);
    }

    public Options(Path data, String host, int port, OptionalInt powBits, Clock clock, ServerLimits limits) {
      this(data, host, port, powBits, clock, limits, List.of());
    }

    public Options(Path data, String host, int port, OptionalInt powBits, Clock clock) {
      this(data, host, port, powBits, clock, ServerLimits.DEFAULT);
    }

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
  private final Retention retention;
  private final FormIntake forms;
  private final Background background;

  /**
   * What lives beside the requests, stopped with the server: the body pace sweep, the nonce sweep,
   * the uploads the intake keeps for resuming (deleted) and (with witnesses) the cosignature collector.
   */
  private record Background(PacedBodies paced, ScheduledExecutorService nonces, Intake intake,
      WitnessCollector witnesses)
      implements AutoCloseable {
    @Override
    public void close() {
      nonces.shutdownNow();
      paced.close();
      intake.close();
      if (witnesses != null) {
        witnesses.close();
      }
    }
  }

  private VaultServer(FileChannel lockChannel, Database db, Writer writer, WebServer web, Vault vault,
      TransparencyLog log, Recovery.Report recovery, Retention retention, FormIntake forms, Background background) {
    this.background = background;
    this.lockChannel = lockChannel;
    this.db = db;
    this.writer = writer;
    this.web = web;
    this.vault = vault;
    this.log = log;
    this.recovery = recovery;
    this.retention = retention;
    this.forms = forms;
  }

  public static VaultServer start(Options options) throws IOException, SQLException, VaultException {
    VaultLayout layout = new VaultLayout(options.data());
    if (!Files.isRegularFile(layout.database())) {
      throw new VaultException("there is no vault in " + layout.root() + "; create one with `"
          + ServerCommand.launcher() + " server init --data " + options.data() + " --policy policy.json`" + (Files.exists(layout.database().resolveSibling("vault.db.init"))
              ? " (an earlier init was interrupted: delete the directory first)" : ""));
    }
    FileChannel lockChannel = lock(layout);
    Database db = null;
    Writer writer = null;
    Retention retention = null;
    Background background = null;
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
      Vault vault = Vault.open(layout, genesis, db.read(PolicyPublisher::recorded));
      BlobStore blobs = new BlobStore(layout.blobs(), layout.tmp());
      LocalDate today = LocalDate.ofInstant(options.clock().instant(), ZoneOffset.UTC);
      PolicyInForce policy = vault.policy();
      Recovery.Report recovery = Recovery.run(db, blobs, db.read(c -> Retention.due(c, policy.current(), today)));
      CheckpointSigner signer = new CheckpointSigner(policy.current().origin(), vault.keys().identity());
      TransparencyLog log = TransparencyLog.open(db, signer);
      writer = new Writer(layout.database(), List.of(log));
      writer.start();
      PolicyPublisher policies = new PolicyPublisher(vault, writer, log);
      for (PolicyInForce.Recorded added : policies.recordNewVersions(today)) {
        LOG.info("policy v" + added.version() + " " + added.fingerprint() + " from policy.json logged as entry "
            + added.index());
      }
      retention = new Retention(policy, db, writer, log, blobs, options.clock());
      try {
        retention.sweep(today);
      } catch (IOException e) {
        LOG.warning("the start-up retention sweep failed (retried every hour): " + ServerLogging.describe(e));
      }
      retention.startHourly();
      ServerLimits limits = options.limits();
      WitnessCollector collector = witnesses(log, policy.current(), options.witnesses());
      Submissions submissions = new Submissions(db);
      Intake intake = new Intake(policy, blobs, submissions, writer, log, options.clock(), options.powBits(), limits);
      background = new Background(new PacedBodies(limits), Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandyq-nonce-sweep");
        t.setDaemon(true);
        return t;
      }), intake, collector);
      SignedRequests signed = new SignedRequests(policy, writer, options.clock());
      // nonce rows go when their window ends, not at the next signed request
      background.nonces().scheduleWithFixedDelay(() -> {
        try {
          signed.prune();
        } catch (RuntimeException e) {
          LOG.warning("the nonce sweep failed (retried): " + ServerLogging.describe(e));
        }
      }, SignedRequests.WINDOW_SECONDS, SignedRequests.WINDOW_SECONDS, TimeUnit.SECONDS);
      Casework casework = new Casework(policy);
      Api.Casefiles casefiles = new Api.Casefiles(new Unsealing(casework, db, writer, log, blobs),
          new Replies(casework, db, writer, log), new Holds(casework, writer, log), policies);
      FormIntake forms = new FormIntake(vault, intake, submissions, casefiles.replies(), FormLimits.DEFAULT, options.clock(),
          options.sandbox());
      Health.Cleaner cleaner = switch (forms.cleanerConfinement()) {
        case org.sandyq.sanitizer.Confinement.Bubblewrap b -> b.filtered() ? Health.Cleaner.CONFINED : Health.Cleaner.CONFINED_UNFILTERED;
        case org.sandyq.sanitizer.Confinement.None n -> Health.Cleaner.UNCONFINED;
      };
      Writer running = writer;
      Api api = new Api(vault, intake, log, submissions, blobs, signed, casefiles, options.clock(),
          () -> new Health(running.healthy(), java.util.Optional.of(cleaner)),
          limits, background.paced());
      SourcePages pages = new SourcePages(policy, forms, limits, background.paced());
      // No listener-wide maxPayloadSize: with it set, Helidon 4.5 closed kept-alive connections
      // after a refused small body (clients saw resets); every route checks the declared length
      // against its own maximum before reading, and an unread large body closes the connection.
      WebServer web = WebServer.builder()
          .host(options.host())
          .port(options.port())
          .shutdownHook(false)
          .featuresDiscoverServices(false)
          .maxTcpConnections(limits.maxConnections())
          .maxConcurrentRequests(limits.maxConcurrentRequests())
          .idleConnectionTimeout(limits.idleTimeout())
          .idleConnectionPeriod(IDLE_CHECK)
          .addProtocol(Http1Config.builder().log(HttpLogConfig.builder().receiveLog(false).sendLog(false).build())
              .maxHeadersSize(limits.maxHeaderBytes()).build())
          .routing(r -> Routing.register(r, api, pages))
          .build();
      listen(web, options);
      return new VaultServer(lockChannel, db, writer, web, vault, log, recovery, retention, forms, background);
    } catch (IOException | SQLException | VaultException | RuntimeException e) {
      closeQuietly(background, retention, writer, db, lockChannel);
      throw e;
    }
  }

  /**
   * The cosignature collector when the policy names witnesses; null without. A policy with
   * witnesses needs their addresses, and addresses need a policy that names the witnesses.
   */
  private static WitnessCollector witnesses(TransparencyLog log, org.sandyq.policy.VerifiedPolicy policy,
      List<WitnessCollector.Endpoint> endpoints) throws VaultException {
    if (!policy.witnesses().required()) {
      if (!endpoints.isEmpty()) {
        throw new VaultException("--witness: the policy in force names no witnesses (policy init --witness W.pub)");
      }
      return null;
    }
    try {
      return WitnessCollector.start(log, policy.origin(), policy.witnesses(), endpoints);
    } catch (IllegalArgumentException e) {
      throw new VaultException(e.getMessage());
    }
  }

  /**
   * Starts listening; a port that cannot be bound (taken, or not allowed) is one clear error, not
   * a server that runs on port -1 (Helidon logs the bind failure and reports that port).
   */
  private static void listen(WebServer web, Options options) throws VaultException {
    String where = options.host() + ":" + options.port();
    try {
      web.start();
    } catch (RuntimeException e) {
      throw new VaultException("cannot listen on " + where + ": " + ServerLogging.describe(e)
          + " (is another server using the port?)");
    }
    if (!web.isRunning() || web.port() < 0) {
      try {
        web.stop();
      } catch (RuntimeException ignored) {
        // it never ran
      }
      throw new VaultException("cannot listen on " + where + ": the port is in use or not allowed;"
          + " choose another with --port");
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

  /** The web page's sealed-at-intake path (the page's routes use it; tests may call it directly). */
  public FormIntake forms() {
    return forms;
  }

  public Recovery.Report recovery() {
    return recovery;
  }

  /**
   * Runs the retention sweep as of {@code today} now (the server also sweeps at start and hourly,
   * as of its clock's day): tests and the CLI's tests expire submissions with the day they need.
   */
  public Retention.Report sweep(LocalDate today) throws IOException {
    return retention.sweep(today);
  }

  /** The one database writer: this package's code (and its tests) append through it, beside the log. */
  Writer writer() {
    return writer;
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
      closeQuietly(forms, background, retention, writer, db, lockChannel);
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
        LOG.warning("closing " + r.getClass().getSimpleName() + ": " + ServerLogging.describe(e));
      }
    }
  }
}
