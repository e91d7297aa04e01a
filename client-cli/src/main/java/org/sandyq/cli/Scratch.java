package org.sandyq.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.sandyq.cli.trust.TrustStore;
import org.sandyq.tip.ScratchSpace;

/**
 * The one place a command writes what it cannot avoid writing while it works (a large file being
 * cleaned, the envelope before it is sent, an envelope before it is renamed into place): a
 * directory {@code $SANDYQ_HOME/tmp/run-<pid>-<random>} of mode 0700 whose files are 0600, deleted
 * when the command ends, on every exit path: normally, on an error, and on Ctrl-C or SIGTERM (a
 * JVM shutdown hook, which says in one line what happened). A run killed with SIGKILL cannot clean
 * up; the next run removes its directory (its {@code owner} file names a process that is gone),
 * and the partial files and directories it had made next to users' outputs (listed in its
 * {@code partials} file).
 *
 * <p>Partial files next to a user's output (an envelope being written for {@code seal --out}) are
 * registered with {@link #partial} and removed by the hook too; the finished output never is.
 */
final class Scratch implements AutoCloseable, ScratchSpace {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PREFIX = "run-";
  private static final String OWNER = "owner";
  /** The partial files and directories next to users' outputs, one absolute path a line, for the sweep. */
  private static final String PARTIALS = "partials";
  /** The names {@link #partial} and {@link #partialDirectory} make: a dot, the output's name, a random number. */
  private static final java.util.regex.Pattern PARTIAL_NAME =
      java.util.regex.Pattern.compile("\\..+\\.[0-9]+(\\.partial)?");

  /** Back to the line's start, then erase it: ECMA-48's carriage return and Erase in Line. */
  private static final String CLEAR_LINE = "\r\u001b[K";

  private final Path dir;
  private final PrintWriter err;
  /** Standard error is a terminal, where a progress bar or a prompt may hold the current line. */
  private final boolean terminal;
  private final Set<Path> partials = ConcurrentHashMap.newKeySet();
  private final Thread hook;
  private volatile Supplier<String> interrupted;
  private volatile boolean closed;
  /** A result was put in place: an interruption after that must not say "nothing was …". */
  private volatile boolean published;

  private Scratch(Path dir, PrintWriter err, boolean terminal, String interrupted) {
    this.dir = dir;
    this.err = err;
    this.terminal = terminal;
    this.interrupted = () -> interrupted;
    this.hook = new Thread(this::onShutdown, "sandyq-scratch-cleanup");
  }

  /**
   * A new scratch directory under {@code $SANDYQ_HOME/tmp}, after removing those of runs that are
   * gone. {@code interrupted} is the line shown when Ctrl-C or SIGTERM stops the command.
   */
  static Scratch open(Io io, String interrupted) throws IOException {
    Path root = TrustStore.home(io.env()).resolve("tmp");
    if (!Files.isDirectory(root.getParent())) {
      Files.createDirectories(root.getParent().toAbsolutePath().getParent());
      createPrivate(root.getParent(), true);
    }
    createPrivate(root, true);
    sweep(root);
    ProcessHandle self = ProcessHandle.current();
    Path dir;
    while (true) {
      byte[] r = new byte[8];
      RANDOM.nextBytes(r);
      dir = root.resolve(PREFIX + self.pid() + "-" + HexFormat.of().formatHex(r));
      try {
        createPrivate(dir, false);
        break;
      } catch (FileAlreadyExistsException taken) {
        // another random name
      }
    }
    // whole or not at all: every command sweeps, and one that read half a line would take this run for dead
    Path claim = dir.resolve(OWNER + ".new");
    Files.writeString(claim, self.pid() + " " + self.info().startInstant().map(Instant::toString).orElse("?"),
        StandardCharsets.US_ASCII);
    Files.move(claim, dir.resolve(OWNER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Scratch s = new Scratch(dir, io.err(), io.terminal(), interrupted);
    try {
      Runtime.getRuntime().addShutdownHook(s.hook);
    } catch (IllegalStateException shuttingDown) {
      s.close();
      throw new UserError("interrupted");
    }
    return s;
  }

  /** The scratch directory itself. */
  Path dir() {
    return dir;
  }

  /** Changes the line shown if the command is interrupted from now on (e.g. once sending starts). */
  void onInterrupt(String line) {
    this.interrupted = () -> line;
  }

  /** As above, the line made when the command is interrupted (it can say how far sending got). */
  void onInterrupt(Supplier<String> line) {
    this.interrupted = line;
  }

  /** A new empty owner-only directory inside the scratch directory (for cleaning a large file). */
  @Override
  public Path newDirectory() throws IOException {
    if (closed) {
      throw new IOException("interrupted");
    }
    return Files.createTempDirectory(dir, "clean-");
  }

  /** A path inside the scratch directory for a file the caller creates (it should create it 0600). */
  Path file(String name) {
    return dir.resolve(name);
  }

  /**
   * A new empty owner-only file next to {@code target}, for writing it before it is renamed into
   * place: removed on Ctrl-C; the caller deletes it when done and calls {@link #done}.
   */
  Path partial(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".partial"); // 0600 on POSIX
    register(tmp);
    return tmp;
  }

  /**
   * A new empty owner-only directory next to {@code target}, for building it before it is renamed
   * into place (on the same file system): removed with what it holds on Ctrl-C and by
   * {@link #close}; the caller calls {@link #done} once it is empty.
   */
  Path partialDirectory(Path target) throws IOException {
    Path parent = target.toAbsolutePath().getParent();
    Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + "."); // 0700 on POSIX
    register(tmp);
    return tmp;
  }

  /** Removed by the hook, and written down so that the next run's sweep removes it after a SIGKILL. */
  private void register(Path partial) throws IOException {
    partials.add(partial);
    String line = partial.toString();
    if (line.indexOf('\n') < 0 && line.indexOf('\r') < 0) { // a name with a line break would read back as two
      Files.writeString(dir.resolve(PARTIALS), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  /** A rename or link that puts a finished result where the user asked for it. */
  @FunctionalInterface
  interface Publish {
    void run() throws IOException;
  }

  /**
   * Puts a finished result in place ({@code publish}: the rename or link) unless Ctrl-C or SIGTERM
   * came first, under the lock the shutdown hook takes before it deletes anything: either the
   * result is whole in place and the hook says nothing false about it, or it is never published.
   */
  synchronized void publish(Publish publish) throws IOException {
    if (closed) {
      throw new java.io.InterruptedIOException("interrupted");
    }
    publish.run();
    published = true;
  }

  /** {@code partial} is gone or renamed: the hook must no longer touch that name. */
  void done(Path partial) throws IOException {
    deleteTree(partial);
    partials.remove(partial);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook is running or will run: it cleans up and reports
    }
    for (Path p : partials) {
      deleteTree(p);
    }
    deleteTree(dir);
  }

  /** Ctrl-C, SIGTERM, or System.exit while the command runs: delete everything, say so in one line. */
  private void onShutdown() {
    ProgressBar.stopDrawing();
    synchronized (this) { // waits for a publish under way: it is then whole, and said so below
      closed = true;
    }
    boolean clean = true;
    for (Path p : partials) {
      clean &= deleteWhileInUse(p);
    }
    clean &= deleteWhileInUse(dir);
    if (published) {
      return; // the result is in place and whole; the command was stopped while it said so
    }
    String said = interrupted.get();
    String line = clean ? said : said.replaceFirst(";.*", "") + "; could not delete " + dir + ", delete it yourself";
    // on a terminal the line replaces a half-drawn bar (and the ^C the terminal echoed after it)
    err.println(terminal ? CLEAR_LINE + line : line);
    err.flush();
  }

  /**
   * Deletes {@code p} (a file or a tree) while the command's thread, which still runs while hooks
   * do, may create a file in it as we walk: once the directory itself is gone nothing can be
   * created in it, so walk again until it is. Whether it is gone.
   */
  private static boolean deleteWhileInUse(Path p) {
    for (int attempt = 0; attempt < 20 && Files.exists(p); attempt++) {
      try {
        deleteTree(p);
      } catch (IOException | RuntimeException e) { // never let the cleanup thread die half-way
        try {
          Thread.sleep(25);
        } catch (InterruptedException stop) {
          break;
        }
      }
    }
    return !Files.exists(p);
  }

  /** {@link #sweep} of {@code $SANDYQ_HOME/tmp}, if there is one: creates nothing. */
  static void sweepLeftovers(Io io) {
    Path root = TrustStore.home(io.env()).resolve("tmp");
    if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      sweep(root);
    }
  }

  /** Removes the scratch directories of runs whose process is gone (killed before it could clean up). */
  static void sweep(Path root) {
    try (DirectoryStream<Path> runs = Files.newDirectoryStream(root, PREFIX + "*")) {
      for (Path run : runs) {
        if (!alive(run)) {
          try {
            sweepPartials(run);
            deleteTree(run);
          } catch (IOException e) {
            // in use or not ours to delete; the next run tries again
          }
        }
      }
    } catch (IOException e) {
      // nothing to sweep
    }
  }

  /**
   * The partial files and directories a killed run left next to users' outputs (plaintext being
   * opened, an envelope being written): only names this class makes (a dot, the output's name, a
   * random part), never a finished output, which is a link or a rename under another name.
   */
  private static void sweepPartials(Path run) {
    List<String> lines;
    try {
      lines = Files.readAllLines(run.resolve(PARTIALS), StandardCharsets.UTF_8);
    } catch (IOException none) {
      return;
    }
    for (String line : lines) {
      Path p = Path.of(line);
      if (p.isAbsolute() && p.getFileName() != null && PARTIAL_NAME.matcher(p.getFileName().toString()).matches()) {
        try {
          deleteTree(p);
        } catch (IOException | RuntimeException e) {
          // not ours any more, or in use: left as it is
        }
      }
    }
  }

  /**
   * A run created but not yet claimed, or claimed by a run that died right then: the name says the
   * pid, and a live one gets a minute to write its owner file.
   */
  private static boolean claiming(Path run) {
    return pidOf(run.getFileName().toString()).flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false)
        && ageSeconds(run) < 60;
  }

  /** Whether the process named in {@code run}'s owner file still runs (the same process, not a reused pid). */
  private static boolean alive(Path run) {
    String owner;
    try {
      owner = Files.readString(run.resolve(OWNER), StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return claiming(run);
    } catch (IOException e) {
      return true;
    }
    String[] parts = owner.split(" ", 2);
    Optional<ProcessHandle> p;
    try {
      p = ProcessHandle.of(Long.parseLong(parts[0]));
    } catch (NumberFormatException e) {
      return claiming(run); // not a whole owner line: one being written (before it was made atomic) or damaged
    }
    if (p.isEmpty() || !p.get().isAlive()) {
      return false;
    }
    String started = p.get().info().startInstant().map(Instant::toString).orElse("?");
    return parts.length < 2 || parts[1].equals("?") || started.equals("?") || parts[1].equals(started);
  }

  private static Optional<Long> pidOf(String name) {
    String[] parts = name.split("-");
    try {
      return parts.length >= 2 ? Optional.of(Long.parseLong(parts[1])) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long ageSeconds(Path p) {
    try {
      return Instant.now().getEpochSecond() - Files.getLastModifiedTime(p).toInstant().getEpochSecond();
    } catch (IOException e) {
      return 0;
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      SafeFiles.deleteTree(p);
    }
  }

  /** Creates {@code dir} mode 0700 ({@code existingOk}: an existing one is left as it is). */
  private static void createPrivate(Path dir, boolean existingOk) throws IOException {
    if (existingOk && Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!existingOk) {
        throw e;
      }
    }
  }

  /** For tests and diagnostics: the scratch root under this environment's home. */
  static Path root(Map<String, String> env) {
    return TrustStore.home(env).resolve("tmp");
  }
}
