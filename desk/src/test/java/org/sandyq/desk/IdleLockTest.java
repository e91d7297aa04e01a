package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.cli.Cli;
import org.sandyq.cli.DemoVault;
import org.sandyq.cli.Io;
import org.sandyq.cli.LawyerSession;
import org.sandyq.cli.PassphraseOptions;
import org.sandyq.cli.UserError;
import picocli.CommandLine;

/**
 * A desk left alone locks itself: the key dropped (the session refuses every action) and the port
 * closed. With an idle time of a fraction of a second instead of 15 minutes; it asserts that the
 * lock comes, not when.
 */
class IdleLockTest {
  @TempDir Path dir;

  @Test
  void anIdleDeskDropsItsKeyAndStopsListening() throws Exception {
    try (DemoVault vault = new DemoVault(dir)) {
      Io io = new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
          Map.of(PassphraseOptions.ENV, Cli.PASSPHRASE, "SANDYQ_HOME", vault.cli.home().toString()), q -> null, false,
          Clock.systemUTC());
      DeskCommand command = new DeskCommand(io);
      new CommandLine(command).parseArgs("--server", vault.url, "--key", vault.key("aigerim"));
      LawyerSession session = LawyerSession.unlock(io, command.lawyer);
      assertTrue(session.inbox().items().isEmpty(), "unlocked: the session works");
      try (Desk desk = Desk.start(session, 0, Duration.ofMillis(200), dir.resolve("opened"), null)) {
        int port = desk.port();
        assertEquals(Desk.Ended.IDLE, assertTimeoutPreemptively(Duration.ofSeconds(30), desk::awaitEnd));
        UserError locked = assertThrows(UserError.class, session::inbox);
        assertTrue(locked.getMessage().contains("locked"), locked.getMessage());
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
          for (int i = 0; i < 300; i++) { // bounded: the server stops on another thread
            try {
              new Socket("127.0.0.1", port).close();
              Thread.sleep(100);
            } catch (ConnectException stopped) {
              return;
            }
          }
          throw new AssertionError("the locked desk still listens on " + port);
        });
      }
    }
  }
}
