package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the reviewer of the streamed `unseal open` found: a result is never put in place once the
 * command is being stopped, and cleaning up survives files vanishing under it.
 */
class ScratchTest {
  @TempDir Path home;

  private Io io() {
    return new Io(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        Map.of("SANDYQ_HOME", home.toString()), null);
  }

  @Test
  void nothingIsPublishedOnceTheCommandIsStopping() throws Exception {
    Path target = home.resolve("opened");
    Scratch scratch = Scratch.open(io(), "interrupted: nothing was opened; nothing left on disk");
    Path staging = scratch.partialDirectory(target);
    Files.writeString(Files.createDirectory(staging.resolve("opened")).resolve("file-1.bin"), "plaintext");
    scratch.close(); // as the shutdown hook does first: the lock taken, closed
    assertThrows(InterruptedIOException.class,
        () -> scratch.publish(() -> Files.move(staging.resolve("opened"), target)));
    assertFalse(Files.exists(target), "never published");
    assertFalse(Files.exists(staging), "the partial directory and what it held are gone");
  }

  /**
   * The sweep of a killed run removes only what its `partials` file names in the shape this class
   * makes: a line naming anything else (a hidden directory of the user's, a relative path) is
   * left alone, whatever wrote it.
   */
  @Test
  void theSweepRemovesOnlyPartialsItMade() throws Exception {
    Path root = Files.createDirectories(home.resolve("tmp"));
    Path dead = Files.createDirectory(root.resolve("run-999999999-00"));
    Files.writeString(dead.resolve("owner"), "999999999 ?");
    Path out = Files.createDirectories(home.resolve("cases"));
    Path partial = Files.createDirectory(out.resolve(".opened.4096517344436376465"));
    Files.writeString(partial.resolve("file-1.bin"), "plaintext");
    Path envelope = Files.writeString(out.resolve(".tip.envelope.12345.partial"), "sealed");
    Path users = Files.createDirectory(out.resolve(".ssh"));
    Files.writeString(users.resolve("id_ed25519"), "key");
    Path finished = Files.writeString(out.resolve("opened.1"), "kept");
    Files.writeString(dead.resolve("partials"), String.join("\n", partial.toString(), envelope.toString(),
        users.toString(), finished.toString(), ".opened.1", ""));
    Scratch.sweep(root);
    assertFalse(Files.exists(partial), "the killed run's partial directory");
    assertFalse(Files.exists(envelope), "its partial envelope");
    assertFalse(Files.exists(dead), "its scratch directory");
    assertTrue(Files.exists(users.resolve("id_ed25519")), "a hidden directory it did not make");
    assertTrue(Files.exists(finished), "a finished output");
  }

  @Test
  void aTreeIsDeletedWhileAnotherThreadRemovesParts() throws Exception {
    for (int round = 0; round < 20; round++) {
      Path tree = Files.createDirectory(home.resolve("tree-" + round));
      for (int d = 0; d < 20; d++) {
        Path dir = Files.createDirectory(tree.resolve("d" + d));
        for (int f = 0; f < 20; f++) {
          Files.writeString(dir.resolve("f" + f), "x");
        }
      }
      AtomicBoolean stop = new AtomicBoolean();
      Thread other = Thread.ofPlatform().start(() -> { // the command, still deleting its own files
        for (int d = 19; d >= 0 && !stop.get(); d--) {
          try {
            SafeFiles.deleteTree(tree.resolve("d" + d));
          } catch (java.io.IOException ignored) {
            // racing the walk below on purpose
          }
        }
      });
      SafeFiles.deleteTree(tree);
      stop.set(true);
      other.join();
      assertFalse(Files.exists(tree), "round " + round);
    }
    assertTrue(Files.isDirectory(home));
  }
}
