package org.sandyq.server.intake.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.Confinement;
import org.sandyq.server.vault.VaultException;

/**
 * {@code --sandbox} against bubblewrap without its system-call filter (a kernel without seccomp,
 * an architecture without checked numbers): {@code auto} confines anyway and says so,
 * {@code required} refuses to start; a filtered bubblewrap is taken by both. The machine's own
 * bubblewrap is {@code WebIntakeTest}'s.
 */
class CleanerSandboxTest {
  private static final Path DATA = Path.of("/nonexistent/sandyq-data");
  private static final Confinement.Bubblewrap UNFILTERED = new Confinement.Bubblewrap(Path.of("/usr/bin/bwrap"),
      Path.of("/usr/bin/prlimit"), List.of(Path.of("/opt/jdk")), Optional.empty());
  private static final Confinement.Bubblewrap FILTERED = new Confinement.Bubblewrap(Path.of("/usr/bin/bwrap"),
      Path.of("/usr/bin/prlimit"), List.of(Path.of("/opt/jdk")),
      Optional.of(new Confinement.Bubblewrap.Filter(Path.of("/bin/sh"), Path.of("/nonexistent/filter.bpf"), new byte[8])));
  private static final Confinement.Bubblewrap.Found NO_SECCOMP =
      new Confinement.Bubblewrap.Found(Optional.of(UNFILTERED), "the kernel refused bubblewrap's system-call filter (…)");

  @Test
  void autoConfinesWithoutTheFilterAndSaysSo() throws Exception {
    Confinement c = CleanerSandbox.AUTO.choose(DATA, NO_SECCOMP);
    assertSame(UNFILTERED, c);
    assertEquals("confined without system-call filter", c.describe());
  }

  @Test
  void requiredRefusesToStartWithoutTheFilter() {
    VaultException e = assertThrows(VaultException.class, () -> CleanerSandbox.REQUIRED.choose(DATA, NO_SECCOMP));
    assertTrue(e.getMessage().contains("cannot filter the system calls"), e.getMessage());
    assertTrue(e.getMessage().contains("the kernel refused"), e.getMessage());
  }

  @Test
  void bothTakeAFilteredBubblewrap() throws Exception {
    Confinement.Bubblewrap.Found found = new Confinement.Bubblewrap.Found(Optional.of(FILTERED), "");
    assertSame(FILTERED, CleanerSandbox.REQUIRED.choose(DATA, found));
    assertSame(FILTERED, CleanerSandbox.AUTO.choose(DATA, found));
    assertEquals("confined", FILTERED.describe());
    assertFalse(UNFILTERED.filtered());
  }

  /** The filter is no excuse for a sandbox that shows the data directory. */
  @Test
  void anExposedDataDirectoryIsUnconfinedWithOrWithoutTheFilter() throws Exception {
    Path inside = Path.of("/opt/jdk/vault");
    for (Confinement.Bubblewrap b : List.of(FILTERED, UNFILTERED)) {
      Confinement.Bubblewrap.Found found = new Confinement.Bubblewrap.Found(Optional.of(b), "");
      assertSame(Confinement.none(), CleanerSandbox.AUTO.choose(inside, found));
      VaultException e = assertThrows(VaultException.class, () -> CleanerSandbox.REQUIRED.choose(inside, found));
      assertTrue(e.getMessage().contains("lies inside what the sandbox shows"), e.getMessage());
    }
  }
}
