package org.sandyq.sanitizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the operating system does to the cleaning child of {@link IsolatedSanitizer} beyond what
 * the JVM can do: {@link #none()}, or {@link Bubblewrap}, a mount, network, process and user
 * namespace in which the child sees only the JDK, its class path, a fresh {@code /tmp} and no
 * network, under resource limits. A parser exploited by a hostile file then cannot read the
 * server's keys or data directory, nor reach anything over the network.
 */
public sealed interface Confinement {
  /** The command that runs {@code java} (the full JVM command line) confined. */
  List<String> wrap(List<String> java, Settings settings);

  /** The child's {@code java.io.tmpdir} and working directory, or empty for one made on the host. */
  Optional<Path> tmp();

  /**
   * A phrase for logs: {@code confined}, {@code confined without system-call filter} or
   * {@code unconfined}.
   */
  String describe();

  /** No confinement: the child runs as the server's user and sees what it sees. */
  static Confinement none() {
    return None.INSTANCE;
  }

  /**
   * Bounds applied to the confined child by {@code prlimit}, on top of the JVM's own heap limit:
   * its CPU time, and its writable memory ({@code RLIMIT_DATA}: the heap, metaspace, thread stacks,
   * what native code allocates), which the JVM's flags bound only for Java code and an exploited
   * parser's code ignores. Both are always set: a child without a memory bound is a bug.
   */
  record Settings(long cpuSeconds, long dataBytes) {
    public Settings {
      if (cpuSeconds <= 0 || dataBytes <= 0) {
        throw new IllegalArgumentException("a confined child needs a CPU and a memory limit");
      }
    }
  }

  /** Unconfined. */
  enum None implements Confinement {
    INSTANCE;

    /** The system directories bound read-only (or, merged into {@code /usr}, as links). */
    private static final List<Path> SYSTEM = List.of("usr", "lib", "lib32", "lib64", "bin", "sbin").stream()
        .map(d -> Path.of("/", d)).toList();

    @Override
    public List<String> wrap(List<String> java, Settings settings) {
      return java;
    }

    @Override
    public Optional<Path> tmp() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "unconfined";
    }
  }

  /**
   * {@code prlimit} around {@code bwrap} around the JVM. Read-only: {@code /usr} (and the
   * {@code /lib}, {@code /bin} it stands for), the JDK, each class path entry; a tmpfs on
   * {@code /tmp}; minimal {@code /proc} and {@code /dev}; nothing else of the host (no
   * {@code /etc}, {@code /home}, {@code /work}, data directory). Every namespace is new (no network
   * but an unconfigured loopback), all capabilities dropped, no new privileges (bwrap always sets
   * it), a new session (no terminal injection), an empty environment, and the child dies with its
   * parent. With {@code filter}, bubblewrap also installs {@link SyscallFilter}'s seccomp program
   * just before it starts the JVM.
   *
   * @param bwrap the bubblewrap binary
   * @param prlimit util-linux's prlimit, which sets the resource limits before bwrap starts
   * @param visible the host paths bound read-only into the sandbox
   * @param filter the shell that hands bubblewrap the filter, and the private file holding it;
   *     empty where this machine has none (see {@link Found#whyNot()})
   */
  record Bubblewrap(Path bwrap, Path prlimit, List<Path> visible, Optional<Filter> filter) implements Confinement {
    /** Open files: the JVM's jars and libraries, a few pipes; nothing for the file itself (it comes over stdin). */
    static final int MAX_OPEN_FILES = 512;
    /**
     * Tasks (processes and threads) the child's user may have: the filter allows threads only, and
     * a thread costs little memory, so without this bound a child running an attacker's code could
     * take every process id of the host (found by review: 2,000 threads in 32 MB). The JVM needs
     * about 20. The kernel counts a sandbox's own tasks (its user namespace's, since Linux 5.14),
     * and exempts root: a server run as root has no such bound (docs/sanitizer.md).
     */
    static final int MAX_TASKS = 1024;
    /** The largest file the child may write (into its tmpfs): it writes none, cleaning in memory. */
    static final long MAX_FILE_BYTES = 16L << 20;
    /** The size of its tmpfs {@code /tmp}. */
    static final long TMP_BYTES = 16L << 20;

    public Bubblewrap {
      visible = List.copyOf(visible);
    }

    /**
     * The seccomp {@code program} in {@code file} (the server's own, mode 0600), which {@code sh}
     * opens as descriptor {@link #FD} for bubblewrap: Java starts processes with only stdin, stdout
     * and stderr, and those carry the file and the answer.
     */
    public static final class Filter {
      private final Path sh;
      private Path file;
      /**
       * The owner of the file this process wrote, i.e. this process's user, as the file system
       * names it (no lookup by name, which fails for a user without a passwd entry); null if unknown.
       */
      private UserPrincipal owner;
      private final byte[] program;

      /** {@code file}: one this process has just written with {@link #privateFile}. */
      public Filter(Path sh, Path file, byte[] program) {
        this.sh = sh;
        this.file = file;
        this.program = program.clone();
        try {
          this.owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          this.owner = null; // the first file() writes one of its own
        }
      }

      public Path sh() {
        return sh;
      }

      /**
       * The file, if it is still this process's own: a regular file (no link), owned by this user,
       * mode 0600, holding exactly the program. Otherwise a new one under a new random name. A
       * temporary-file cleaner may remove the file from an idle server, and the shared temporary
       * directory would then let another local user put a file of their own (a filter that allows
       * everything) at the name every child's command line shows; the sticky bit keeps them from
       * replacing one that is still ours.
       */
      public synchronized Path file() {
        if (owner == null || !intact(file, program, owner)) {
          try {
            file = privateFile(program);
            owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
          } catch (IOException e) {
            // the child fails to start and its file is refused; the next start tries again
          }
        }
        return file;
      }

      static boolean intact(Path file, byte[] program, UserPrincipal owner) {
        try {
          PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          return a.isRegularFile() && a.owner().equals(owner) && a.size() == program.length
              && a.permissions().equals(PosixFilePermissions.fromString("rw-------"))
              && Arrays.equals(Files.readAllBytes(file), program);
        } catch (IOException e) {
          return false;
        }
      }
    }

    /** The descriptor bubblewrap reads the filter from ({@code --seccomp 9}); it closes it before the JVM starts. */
    static final int FD = 9;

    /** Whether bubblewrap installs the system-call filter. */
    public boolean filtered() {
      return filter.isPresent();
    }

    /** Where bubblewrap and prlimit are looked for: fixed paths, never the server's {@code PATH}. */
    private static final List<Path> BIN = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/local/bin"));

    /**
     * Bubblewrap for a child running the JDK at {@code javaHome} with {@code classPath}, with this
     * machine's {@link SyscallFilter}, after a trial run ({@code /usr/bin/true} in the same sandbox)
     * shows it works here; or why not.
     */
    public static Found find(Path javaHome, String classPath) {
      return find(javaHome, classPath, SyscallFilter.Arch.of(System.getProperty("os.arch")).map(SyscallFilter::program));
    }

    /**
     * As {@link #find(Path, String)} with the seccomp {@code program} (empty: none for this
     * architecture). A program the kernel refuses (no seccomp) leaves bubblewrap without it, and
     * {@link Found#whyNot()} says so.
     */
    static Found find(Path javaHome, String classPath, Optional<byte[]> program) {
      Optional<Path> bwrap = binary("bwrap");
      Optional<Path> prlimit = binary("prlimit");
      if (bwrap.isEmpty()) {
        return new Found(Optional.empty(), "bubblewrap (/usr/bin/bwrap, Debian package bubblewrap) is not installed");
      }
      if (prlimit.isEmpty()) {
        return new Found(Optional.empty(), "prlimit (/usr/bin/prlimit, Debian package util-linux) is not installed");
      }
      Bubblewrap plain = new Bubblewrap(bwrap.get(), prlimit.get(), visible(javaHome, classPath), Optional.empty());
      Optional<Path> trueBinary = binary("true");
      if (trueBinary.isEmpty()) {
        return new Found(Optional.empty(), "no /usr/bin/true to try bubblewrap with");
      }
      String whyUnfiltered;
      Optional<Path> sh = binary("sh");
      if (program.isEmpty()) {
        whyUnfiltered = "there is no system-call filter for this architecture (" + System.getProperty("os.arch") + ")";
      } else if (sh.isEmpty()) {
        whyUnfiltered = "there is no /bin/sh to hand bubblewrap the system-call filter";
      } else {
        Bubblewrap filtered;
        try {
          filtered = new Bubblewrap(plain.bwrap(), plain.prlimit(), plain.visible(),
              Optional.of(new Filter(sh.get(), privateFile(program.get()), program.get())));
        } catch (IOException e) {
          return new Found(Optional.empty(), "the system-call filter could not be written: " + e.getMessage());
        }
        String trial = filtered.trial(trueBinary.get());
        if (trial == null) {
          return new Found(Optional.of(filtered), "");
        }
        whyUnfiltered = "the kernel refused bubblewrap's system-call filter (" + trial + ")";
      }
      String trial = plain.trial(trueBinary.get());
      return trial == null ? new Found(Optional.of(plain), whyUnfiltered) : new Found(Optional.empty(), trial);
    }

    /**
     * The filter in a file only this user can read or replace, in a directory of its own that only
     * this user can enter (mode 0700), both deleted when the server stops: {@code sh} opens the
     * file by name after {@link Filter#file()} checked it, and in the shared temporary directory
     * another local user could put a file of theirs there in between, were ours removed by a
     * temporary-file cleaner.
     */
    private static Path privateFile(byte[] program) throws IOException {
      Path dir = Files.createTempDirectory("sandyq-seccomp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      dir.toFile().deleteOnExit();
      Path file = Files.createFile(dir.resolve("filter.bpf"),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit(); // deleted before its directory: the later registration goes first
      return Files.write(file, program);
    }

    /**
     * The result of {@link #find}: the confinement, or the reason there is none; with a confinement
     * that is not {@link #filtered()}, the reason it has no system-call filter.
     */
    public record Found(Optional<Bubblewrap> confinement, String whyNot) {}

    private static Optional<Path> binary(String name) {
      return BIN.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
    }

    /** The JDK and each class path entry, as real paths (a symbolic link would point nowhere inside). */
    static List<Path> visible(Path javaHome, String classPath) {
      Set<Path> paths = new LinkedHashSet<>();
      paths.add(real(javaHome));
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty() && Files.exists(Path.of(entry))) {
          paths.add(real(Path.of(entry).toAbsolutePath()));
        }
      }
      return List.copyOf(paths);
    }

    private static Path real(Path p) {
      try {
        return p.toRealPath();
      } catch (IOException e) {
        return p.toAbsolutePath().normalize();
      }
    }

    /** Whether {@code path} (a data directory, a key) can be seen inside: it must not. */
    public boolean exposes(Path path) {
      Path p = real(path);
      return SYSTEM.stream().anyMatch(p::startsWith) || visible.stream().anyMatch(p::startsWith);
    }

    /** The system directories bound read-only (or, merged into {@code /usr}, as links). */
    private static final List<Path> SYSTEM = List.of("usr", "lib", "lib32", "lib64", "bin", "sbin").stream()
        .map(d -> Path.of("/", d)).toList();

    @Override
    public List<String> wrap(List<String> java, Settings settings) {
      List<String> cmd = new ArrayList<>();
      // sh opens the filter as descriptor 9 and becomes prlimit; the file's name is $0, never part of the script
      filter.ifPresent(f -> cmd.addAll(List.of(f.sh().toString(), "-c", "exec \"$@\" " + FD + "<\"$0\"", f.file().toString())));
      cmd.addAll(List.of(prlimit.toString(),
          "--cpu=" + settings.cpuSeconds(), "--nofile=" + MAX_OPEN_FILES, "--core=0",
          "--fsize=" + MAX_FILE_BYTES, "--data=" + settings.dataBytes(), "--nproc=" + MAX_TASKS, "--",
          bwrap.toString(), "--unshare-all", "--die-with-parent", "--new-session", "--clearenv", "--cap-drop", "ALL",
          "--ro-bind", "/usr", "/usr"));
      filter.ifPresent(f -> cmd.addAll(List.of("--seccomp", Integer.toString(FD))));
      for (Path host : SYSTEM.subList(1, SYSTEM.size())) {
        if (Files.isSymbolicLink(host)) {
          try {
            cmd.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), host.toString()));
          } catch (IOException e) {
            // unreadable link: leave it out; the JVM fails to start and the file is refused
          }
        } else if (Files.isDirectory(host)) {
          cmd.addAll(List.of("--ro-bind", host.toString(), host.toString()));
        }
      }
      // the tmpfs first: a JDK or jar that lives under /tmp is then bound on top of it, not hidden by it
      cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", Long.toString(TMP_BYTES), "--tmpfs", "/tmp"));
      for (Path v : visible) {
        if (!v.startsWith("/usr")) {
          cmd.addAll(List.of("--ro-bind", v.toString(), v.toString()));
        }
      }
      // the root and /dev are tmpfs mounts bubblewrap makes, writable and sized by the host's memory,
      // not by /tmp's bound: read-only, so nothing can be written but into /tmp
      cmd.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
      cmd.addAll(List.of("--chdir", "/tmp", "--"));
      cmd.addAll(java);
      return cmd;
    }

    /** Runs {@code program} in the sandbox; null if it exited 0, else why not. */
    private String trial(Path program) {
      try {
        // with a memory limit as the children get, so a prlimit without --data fails here, not on every file
        Process p = new ProcessBuilder(wrap(List.of(program.toString()), new Settings(5, 1L << 30)))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return "a trial run of bubblewrap did not finish";
        }
        return p.exitValue() == 0 ? null
            : "a trial run of bubblewrap failed (exit " + p.exitValue() + "; are unprivileged user namespaces turned off?)";
      } catch (IOException e) {
        return "bubblewrap could not be started: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while trying bubblewrap";
      }
    }

    @Override
    public Optional<Path> tmp() {
      return Optional.of(Path.of("/tmp"));
    }

    @Override
    public String describe() {
      return filtered() ? "confined" : "confined without system-call filter";
    }
  }
}
