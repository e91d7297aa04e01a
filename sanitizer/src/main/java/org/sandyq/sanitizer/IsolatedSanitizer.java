package org.sandyq.sanitizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * The sanitizer in a child JVM, one child per file: a parser bug, a bomb or a hang in a hostile
 * file costs that child, never the server. Each child has a small heap of its own, exits on
 * running out of it, and is killed when the file's time budget (plus a grace period) is over; it
 * gets the file over stdin and answers over stdout, starts with an empty environment (no
 * passphrases or paths from the server's), in an empty working directory of its own, with Java's
 * sockets sent to a SOCKS proxy on a closed port (it needs no network). Children are started ahead of time
 * ({@code warm} of them, with the sanitizer's type database already loaded) because a JVM start
 * costs more than cleaning a typical file; a child serves one file and exits, so nothing of one
 * source's file is left in a process that sees the next.
 *
 * <p>What a JVM cannot enforce (reading what the server's user can read, opening sockets) is the
 * operating system's job: {@link Settings#confinement()} runs each child in {@link
 * Confinement.Bubblewrap} (no view of the data directory or keys, no network, resource limits), or
 * unconfined when the caller chose so; see {@code docs/sanitizer.md}. Either way the server's keys
 * and decrypted secrets in its heap are not in the child's address space, and the child is never
 * told where the data directory is.
 */
public final class IsolatedSanitizer implements InMemoryCleaner, AutoCloseable {
  /**
   * @param limits the limits each file is cleaned under (the time limit also bounds the child)
   * @param heapMiB the child's heap; it must hold a file about four times over (input, output, check)
   * @param grace how long past {@code limits.timeout()} a child may take before it is killed
   * @param warm children started ahead of time (0 starts one per file when it arrives)
   * @param confinement what the operating system adds around each child (chosen by the caller:
   *     there is no default, so running a child unconfined is a decision someone made)
   */
  public record Settings(Limits limits, int heapMiB, Duration grace, int warm, Confinement confinement) {
    public Settings {
      if (heapMiB < 32 || warm < 0 || warm > 16 || grace.isNegative()) {
        throw new IllegalArgumentException("heap of at least 32 MiB, 0 to 16 warm children, a grace period");
      }
      java.util.Objects.requireNonNull(confinement, "confinement");
    }

    /** A heap for files up to {@code limits.maxInputBytes()}: four copies and the parsers' own 96 MiB. */
    public static Settings forLimits(Limits limits, int warm, Confinement confinement) {
      long heap = 96 + 4 * ((limits.maxInputBytes() + (1 << 20) - 1) >> 20);
      return new Settings(limits, (int) Math.min(heap, 4096), Duration.ofSeconds(10), warm, confinement);
    }
  }

  /** Bubblewrap for children of this JVM (its JDK and class path), or why there is none. */
  public static Confinement.Bubblewrap.Found bubblewrap() {
    return Confinement.Bubblewrap.find(Path.of(System.getProperty("java.home")), System.getProperty("java.class.path"));
  }

  /**
   * A system property the child honours only when the test that sets it in this JVM asks for it
   * ({@code crash}: the child halts on the file; {@code hang}: it never answers; {@code mute}:
   * it ends before saying it is ready); production never sets it, so the child never sees it.
   */
  static final String FAULT = "sandyq.test.sanitizer-child-fault";

  private final Settings settings;
  private Path workDir; // made with the first child: a server that never cleans leaves nothing behind
  private final Object workDirLock = new Object();
  private final LinkedBlockingQueue<Warm> ready = new LinkedBlockingQueue<>();

  /** A child started ahead of time, and the test fault it was started with (null in production). */
  private record Warm(Process process, String fault) {}
  private final ScheduledExecutorService timers;
  /** The one thread every child is started from, for as long as this cleaner lives ({@link #start}). */
  private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "sandyq-cleaner-starter");
    t.setDaemon(true);
    return t;
  });
  /** How many children may clean at once: the cores, at least two, at most eight. */
  private final int maxChildren = Math.clamp(Runtime.getRuntime().availableProcessors(), 2, 8);
  private final Semaphore running = new Semaphore(maxChildren, true);
  /** How long a file waits for a place among the children before the form is refused as busy. */
  private static final Duration BUSY_WAIT = Duration.ofSeconds(30);
  private final AtomicBoolean closed = new AtomicBoolean();

  public IsolatedSanitizer(Settings settings) throws IOException {
    this.settings = settings;
    this.timers = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sandyq-cleaner-timer");
      t.setDaemon(true);
      return t;
    });
    // the first file starts its own child; from then on the next one is started ahead of time
    // (a server that never gets a form never starts one)
  }

  @Override
  public Sanitizer.Cleaned clean(byte[] input, String name, int number) throws IOException, SanitizerRefusal {
    return exchange(ChildProtocol.CLEAN, input, name, number, null);
  }

  @Override
  public Sanitizer.Cleaned passThrough(byte[] input, String name, int number) throws IOException {
    return passThrough(input, name, number, null);
  }

  private Sanitizer.Cleaned passThrough(byte[] input, String name, int number, Allowance allowance) throws IOException {
    try {
      return exchange(ChildProtocol.PASS_THROUGH, input, name, number, allowance);
    } catch (SanitizerRefusal e) {
      throw new IOException("the cleaner refused to pass a file through", e);
    }
  }

  /**
   * What a caller can hold of the cleaned copies (and reports) of one form's files: asked, before a
   * copy is read, for its size; false refuses that file as beyond the limits, unread.
   */
  @FunctionalInterface
  public interface Allowance {
    boolean take(long bytes);
  }

  /** {@link #within(Allowance)} a fixed number of bytes in all. */
  public InMemoryCleaner within(long bytes) {
    AtomicLong left = new AtomicLong(bytes);
    return within(n -> {
      for (long l = left.get(); l >= n; l = left.get()) {
        if (left.compareAndSet(l, l - n)) {
          return true;
        }
      }
      return false;
    });
  }

  /**
   * This cleaner for the files of one form, whose cleaned copies may take what {@code allowance}
   * grants of the caller's memory: a child's answer beyond it is refused (the file, as beyond the
   * limits) before it is read, so that a child that runs an attacker's code cannot make the server
   * hold more than it has, however many files the form holds.
   */
  public InMemoryCleaner within(Allowance allowance) {
    return new InMemoryCleaner() {
      @Override
      public Sanitizer.Cleaned clean(byte[] input, String name, int number) throws IOException, SanitizerRefusal {
        return exchange(ChildProtocol.CLEAN, input, name, number, allowance);
      }

      @Override
      public Sanitizer.Cleaned passThrough(byte[] input, String name, int number) throws IOException {
        return IsolatedSanitizer.this.passThrough(input, name, number, allowance);
      }
    };
  }

  private Sanitizer.Cleaned exchange(byte op, byte[] input, String name, int number, Allowance allowance)
      throws IOException, SanitizerRefusal {
    if (closed.get()) {
      throw new IOException("the cleaner is closed");
    }
    Limits limits = settings.limits();
    if (input.length > limits.maxInputBytes()) {
      throw new RefusedFileException(name, "application/octet-stream", Kind.BEYOND_LIMITS,
          "it is larger than the " + (limits.maxInputBytes() >> 20) + " MiB limit");
    }
    acquireChild();
    try {
      return exchangeWithChild(op, input, name, number, allowance);
    } finally {
      running.release();
    }
  }

  /**
   * A place among the children that may run at once, waited for at most {@link #BUSY_WAIT}: each is
   * a JVM of {@code heapMiB} and more, outside the server's heap, so their number is what keeps
   * many small forms from starting more than the machine holds.
   */
  private void acquireChild() throws IOException {
    try {
      if (!running.tryAcquire(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CleanerBusyException("every cleaner is busy (" + maxChildren + " at once); try again in a minute");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("stopped while waiting for a cleaner");
    }
  }

  private Sanitizer.Cleaned exchangeWithChild(byte op, byte[] input, String name, int number, Allowance allowance)
      throws IOException, SanitizerRefusal {
    Limits limits = settings.limits();
    Warm warm = ready.poll();
    Process child;
    if (warm != null && warm.process().isAlive() && java.util.Objects.equals(warm.fault(), System.getProperty(FAULT))) {
      child = warm.process();
    } else {
      if (warm != null) {
        warm.process().destroyForcibly();
      }
      child = start(System.getProperty(FAULT));
    }
    if (settings.warm() > 0) {
      Thread.ofVirtual().start(this::refillQuietly); // the next file finds a child ready
    }
    DataInputStream in = new DataInputStream(new BufferedInputStream(child.getInputStream(), 1 << 16));
    awaitReady(child, in);
    AtomicBoolean late = new AtomicBoolean();
    Process running = child;
    // the file's time starts once the child is ready: a cold start on a busy machine is not the file's doing
    ScheduledFuture<?> kill = timers.schedule(() -> {
      late.set(true);
      running.destroyForcibly();
    }, limits.timeout().plus(settings.grace()).toMillis(), TimeUnit.MILLISECONDS);
    try {
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(child.getOutputStream(), 1 << 16));
      ChildProtocol.write(out, new ChildProtocol.Request(op, name, number, limits, input));
      out.close(); // the child reads one request
      long most = Math.min(Integer.MAX_VALUE - 8, 2L * input.length + (16 << 20));
      return ChildProtocol.readAnswer(in, (int) most, allowance == null ? n -> true : allowance::take);
    } catch (ChildProtocol.TooLarge e) {
      child.destroyForcibly(); // still writing what is refused: no exit code to wait for
      throw new RefusedFileException(name, "application/octet-stream", Kind.BEYOND_LIMITS,
          "cleaned, it came out larger than the server can hold at once; try again later, or send it from the command line");
    } catch (IOException e) {
      // the child died, was killed, or said something that is not an answer: this file is refused;
      // its exit code says which (read before any kill of ours, which would overwrite it); a JVM out
      // of memory says so on the stdout that carries the answer, so that comes before the protocol
      int exit = exitCode(child);
      if (late.get()) {
        throw new RefusedFileException(name, "application/octet-stream", Kind.BEYOND_LIMITS,
            "cleaning took longer than the " + limits.timeout().toSeconds() + " s limit; the file is too large or built to waste time");
      }
      if (exit == OUT_OF_MEMORY) {
        throw new RefusedFileException(name, "application/octet-stream", Kind.BEYOND_LIMITS,
            "cleaning it needed more than the cleaner's " + settings.heapMiB() + " MiB of memory");
      }
      if (e instanceof ChildProtocol.AnswerRefused) {
        throw new RefusedFileException(name, "application/octet-stream", Kind.HOSTILE,
            "the cleaner's answer broke its protocol (" + e.getMessage() + "); refusing rather than risk it");
      }
      throw new RefusedFileException(name, "application/octet-stream", Kind.HOSTILE,
          "the cleaner stopped on this file (it crashed rather than finished); refusing rather than risk it");
    } finally {
      kill.cancel(false);
      if (child.isAlive()) {
        child.destroyForcibly();
      }
      child.getInputStream().close();
      gone(child); // its place among the running children is free only once it is
    }
  }

  /** How long a child may take to start (a JVM, in its sandbox, on a busy machine) before it is given up. */
  private static final Duration START_WITHIN = Duration.ofSeconds(60);

  /**
   * Waits for the child's {@link ChildProtocol#READY}. One that never says it (it could not start,
   * or took longer than {@link #START_WITHIN}) is this server's failure, not the file's: no file
   * has reached it yet.
   */
  private void awaitReady(Process child, DataInputStream in) throws IOException {
    ScheduledFuture<?> kill = timers.schedule(child::destroyForcibly, START_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    try {
      if (in.readByte() != ChildProtocol.READY) {
        throw new IOException("the cleaner started with something other than its ready signal");
      }
    } catch (IOException e) {
      child.destroyForcibly();
      child.getInputStream().close();
      throw new IOException("the cleaner did not start (within " + START_WITHIN.toSeconds() + " s)", e);
    } finally {
      kill.cancel(false);
    }
  }

  /** Waits (briefly: it was answered or killed) until {@code child} has exited. */
  private static void gone(Process child) {
    try {
      child.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The exit code the JVM uses for {@code -XX:+ExitOnOutOfMemoryError}. */
  private static final int OUT_OF_MEMORY = 3;

  private static int exitCode(Process p) {
    try {
      if (p.waitFor(5, TimeUnit.SECONDS)) {
        return p.exitValue();
      }
      p.destroyForcibly(); // alive but not answering
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void refillQuietly() {
    try {
      refill();
    } catch (IOException e) {
      // the next file starts its own child
    }
  }

  private synchronized void refill() throws IOException {
    if (!closed.get() && ready.size() < settings.warm()) {
      String fault = System.getProperty(FAULT); // read once: the child and its record must agree
      ready.add(new Warm(start(fault), fault));
    }
  }

  /** The children's working directory: empty, their own, not the server's, not the data directory. */
  private Path workDir() throws IOException {
    // its own lock: refill() holds this object's while the starter thread, which calls this, starts a child
    synchronized (workDirLock) {
      if (workDir == null) {
        workDir = Files.createTempDirectory("sandyq-cleaner");
        workDir.toFile().deleteOnExit(); // a server stopped without close() leaves no empty directory
      }
      return workDir;
    }
  }

  /**
   * Starts a child from {@link #starter}'s thread, whatever thread asks: bubblewrap's
   * {@code --die-with-parent} is the kernel's parent-death signal, which follows the thread that
   * started the process, not the process; a child started from a virtual thread's carrier (or a
   * request's thread) was killed when that thread ended, a minute into an idle pool's life or in
   * the middle of a file.
   */
  private Process start(String fault) throws IOException {
    try {
      return starter.submit(() -> spawn(fault)).get(START_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("stopped while starting a cleaner");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("the cleaner could not be started: " + e.getCause(), e.getCause());
    } catch (java.util.concurrent.RejectedExecutionException | java.util.concurrent.CancellationException e) {
      throw new IOException("the cleaner is closed", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("the cleaner did not start (within " + START_WITHIN.toSeconds() + " s)", e);
    }
  }

  private Process spawn(String fault) throws IOException {
    Confinement confinement = settings.confinement();
    Path workDir = confinement.tmp().isPresent() ? confinement.tmp().get() : workDir();
    // the JDK's own launcher, not the process command (which may be a wrapper outside the sandbox's view)
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java,
        "-Xmx" + settings.heapMiB() + "m", "-Xss1m", "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-XX:MaxMetaspaceSize=128m",
        "-XX:MaxDirectMemorySize=64m",
        "-Djava.io.tmpdir=" + workDir, "-Djava.net.useSystemProxies=false",
        "-DsocksProxyHost=127.0.0.1", "-DsocksProxyPort=9", // nothing listens there: no way out through Java sockets
        "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider"));
    if (fault != null) {
      cmd.add("-D" + FAULT + "=" + fault);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SanitizerChild.class.getName()));
    long cpu = settings.limits().timeout().plus(settings.grace()).toSeconds() + 30; // the JVM's start-up too
    ProcessBuilder pb = new ProcessBuilder(confinement.wrap(cmd, new Confinement.Settings(cpu, dataBytes())))
        .redirectError(ProcessBuilder.Redirect.DISCARD); // a parser's complaint may quote the file
    if (confinement.tmp().isEmpty()) {
      pb.directory(workDir.toFile());
    }
    pb.environment().clear();
    return pb.start();
  }

  /**
   * The child's writable memory, for {@code RLIMIT_DATA}: its heap, plus what the JVM takes beside it
   * (metaspace and direct buffers as capped above, the code cache, thread stacks, the class data
   * archive, native allocations), with room to spare.
   */
  long dataBytes() {
    return ((long) settings.heapMiB() + 768) << 20;
  }

  /** What the operating system adds around each child. */
  public Confinement confinement() {
    return settings.confinement();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Warm w; (w = ready.poll()) != null; ) {
      w.process().destroyForcibly();
    }
    timers.shutdownNow();
    for (Runnable waiting : starter.shutdownNow()) {
      if (waiting instanceof java.util.concurrent.Future<?> f) {
        f.cancel(false); // whoever waits for it hears that the cleaner is closed
      }
    }
    try {
      Path dir;
      synchronized (workDirLock) {
        dir = workDir;
      }
      if (dir != null) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // left empty in the temporary directory
    }
  }
}
