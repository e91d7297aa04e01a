package org.sandyq.server;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.OptionalInt;
import org.sandyq.server.vault.VaultInit;
import org.sandyq.server.vault.VaultLayout;

/** A fixture's vault served in this JVM on an ephemeral port. */
final class RunningVault implements AutoCloseable {
  final Fixture fixture;
  final Path dir;
  final VaultInit.Result init;
  final VaultLayout layout;
  VaultServer server;
  TestClient client;

  RunningVault(Fixture fixture, Path dir, OptionalInt powBits, Clock clock) throws Exception {
    this.fixture = fixture;
    this.dir = dir;
    this.init = fixture.init(dir);
    this.layout = new VaultLayout(dir);
    start(powBits, clock);
  }

  static RunningVault start(Path dir) throws Exception {
    return new RunningVault(Fixture.create(), dir, OptionalInt.of(0), Clock.systemUTC());
  }

  void start(OptionalInt powBits, Clock clock) throws Exception {
    server = VaultServer.start(new VaultServer.Options(dir, "127.0.0.1", 0, powBits, clock));
    client = new TestClient(server.port());
  }

  /** Stops the server and starts it again with {@code --sandbox} set to {@code sandbox}. */
  void restart(org.sandyq.server.intake.form.CleanerSandbox sandbox) throws Exception {
    stop();
    server = VaultServer.start(new VaultServer.Options(dir, "127.0.0.1", 0, OptionalInt.of(0), Clock.systemUTC(),
        ServerLimits.DEFAULT, java.util.List.of(), sandbox));
    client = new TestClient(server.port());
  }

  void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  void restart() throws Exception {
    stop();
    start(OptionalInt.of(0), Clock.systemUTC());
  }

  /** A count from the vault's database (read directly, as anyone holding the files could). */
  long count(String table) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + layout.database());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** The first column of the first row of {@code sql} with {@code args}, or null (read directly from the file). */
  String query(String sql, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + layout.database());
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** Runs an update on the stopped vault's database, as someone editing the files would. */
  void update(String sql, Object... args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + layout.database());
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    }
  }

  long blobCount() throws Exception {
    return Fixture.files(layout.blobs()).size();
  }

  long tmpCount() throws Exception {
    return Fixture.files(layout.tmp()).size();
  }

  @Override
  public void close() {
    stop();
  }
}
