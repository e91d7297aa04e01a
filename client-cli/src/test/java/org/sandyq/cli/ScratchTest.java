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
