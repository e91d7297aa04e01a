package org.sandyq.sanitizer;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The seccomp filter bubblewrap installs ({@code bwrap --seccomp FD}) in the cleaning child before
 * it starts the JVM: a classic-BPF program, assembled here from a short list of {@link Rule}s so
 * that no libseccomp is needed at run time (docs/sanitizer.md, "System-call filter", with its test
 * vectors).
 *
 * <p>The program checks the architecture (any other is killed: its numbers mean other calls), kills
 * x32 calls (the same numbers with bit 30 set, a second table on x86-64), then answers each denied
 * call with an error number instead of running it; everything else is allowed. A deny list, not an
 * allow list: the JVM's own calls (threads, GC, JIT, signals) differ between JDK and glibc versions,
 * and a call missing from an allow list would refuse every file, while a denied call the JVM never
 * makes costs nothing.
 */
public final class SyscallFilter {
  private SyscallFilter() {}

  /** An architecture the filter knows the numbers of, with its {@code AUDIT_ARCH_*} value. */
  public enum Arch {
    /** {@code AUDIT_ARCH_X86_64}; calls with the x32 bit ({@code 0x40000000}) are killed. */
    X86_64(0xC000003E, 0x40000000);

    final int audit;
    /** Numbers at or above this are another ABI's (x32): killed. */
    final int foreignAbove;

    Arch(int audit, int foreignAbove) {
      this.audit = audit;
      this.foreignAbove = foreignAbove;
    }

    /**
     * The architecture of a JVM whose {@code os.arch} is {@code osArch}, or empty: no filter is
     * built for a machine whose numbers were not checked (aarch64's differ from x86-64's).
     */
    public static Optional<Arch> of(String osArch) {
      return switch (osArch) {
        case "amd64", "x86_64" -> Optional.of(X86_64);
        default -> Optional.empty();
      };
    }
  }

  static final int EPERM = 1;
  static final int ENOSYS = 38;

  /** One system call the filter answers with an error instead of running it. */
  public sealed interface Rule {
    String name();

    int nr();

    int errno();
  }

  /** Always refused. */
  public record Deny(String name, int nr, int errno) implements Rule {}

  /**
   * Refused when its argument {@code arg} (the low 32 bits) has any bit of {@code forbidden} set,
   * or any bit of {@code required} clear.
   */
  public record DenyFlags(String name, int nr, int arg, int forbidden, int required, int errno) implements Rule {}

  /** Refused unless its argument {@code arg} (the low 32 bits) is one of {@code allowed}. */
  public record AllowOnly(String name, int nr, int arg, List<Integer> allowed, int errno) implements Rule {
    public AllowOnly {
      allowed = List.copyOf(allowed);
    }
  }

  /** A rule list the assembler cannot turn into a program that means what it says. */
  public static final class InvalidFilterException extends IllegalArgumentException {
    InvalidFilterException(String message) {
      super(message);
    }
  }

  /** Every namespace flag of {@code clone} ({@code CLONE_NEWNS … CLONE_NEWNET, CLONE_NEWTIME}). */
  static final int CLONE_NEW_ANY = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000
      | 0x40000000 | 0x00000080;
  /** {@code clone}'s flag for a thread of the caller's own process (which implies its memory and signal handlers). */
  static final int CLONE_THREAD = 0x00010000;
  static final int AF_UNIX = 1;

  /**
   * The child's rules on x86-64 (numbers from the kernel's {@code asm/unistd_64.h}, checked
   * against it by {@code SyscallFilterTest}); docs/sanitizer.md says why each is here.
   */
  public static List<Rule> rules(Arch arch) {
    return switch (arch) {
      case X86_64 -> List.of(
          // other processes: debugging, reading or writing their memory, stealing their descriptors
          deny("ptrace", 101), deny("process_vm_readv", 310), deny("process_vm_writev", 311), deny("kcmp", 312),
          deny("pidfd_getfd", 438), deny("process_madvise", 440),
          // the kernel itself: modules, kexec, reboot, swap, accounting, clocks, ports, logs, quotas
          deny("kexec_load", 246), deny("kexec_file_load", 320), deny("init_module", 175), deny("finit_module", 313),
          deny("delete_module", 176), deny("reboot", 169), deny("swapon", 167), deny("swapoff", 168),
          deny("acct", 163), deny("settimeofday", 164), deny("clock_settime", 227), deny("adjtimex", 159),
          deny("clock_adjtime", 305), deny("iopl", 172), deny("ioperm", 173), deny("syslog", 103),
          deny("quotactl", 179), deny("quotactl_fd", 443), deny("vhangup", 153), deny("lookup_dcookie", 212),
          deny("sethostname", 170), deny("setdomainname", 171), deny("uselib", 134), deny("_sysctl", 156),
          deny("nfsservctl", 180),
          // large kernel surfaces the JVM does not use: eBPF, perf, userfaultfd, keyrings, io_uring
          deny("bpf", 321), deny("perf_event_open", 298), deny("userfaultfd", 323), deny("keyctl", 250),
          deny("add_key", 248), deny("request_key", 249), deny("io_uring_setup", 425), deny("io_uring_enter", 426),
          deny("io_uring_register", 427),
          // mounts and namespaces: the sandbox's own view is final
          deny("mount", 165), deny("umount2", 166), deny("pivot_root", 155), deny("chroot", 161),
          deny("open_tree", 428), deny("move_mount", 429), deny("fsopen", 430), deny("fsconfig", 431),
          deny("fsmount", 432), deny("fspick", 433), deny("mount_setattr", 442), deny("unshare", 272),
          deny("setns", 308), deny("name_to_handle_at", 303), deny("open_by_handle_at", 304),
          // memory placement across NUMA nodes (the child's serial GC does not ask for it)
          deny("mbind", 237), deny("move_pages", 279), deny("migrate_pages", 256),
          // clone3 passes its flags in memory a filter cannot read: ENOSYS makes glibc fall back to clone;
          // clone makes threads only: a new process would escape the limits (prlimit's are per process)
          new Deny("clone3", 435, ENOSYS),
          new DenyFlags("clone", 56, 0, CLONE_NEW_ANY, CLONE_THREAD, EPERM),
          deny("fork", 57), deny("vfork", 58),
          // no socket of any family: the child talks over pipes; Java's IPv6 probe gets EPERM and takes
          // IPv6 as absent, glibc's name-service lookup (AF_UNIX, for the user's name) falls back to files;
          // NIO's dispatcher (every FileChannel) needs one AF_UNIX socket pair at start
          deny("socket", 41),
          new AllowOnly("socketpair", 53, 0, List.of(AF_UNIX), EPERM),
          // query (0xffffffff) and plain Linux only: no ADDR_NO_RANDOMIZE, no READ_IMPLIES_EXEC
          new AllowOnly("personality", 135, 0, List.of(0, 0xffffffff), EPERM));
    };
  }

  private static Rule deny(String name, int nr) {
    return new Deny(name, nr, EPERM);
  }

  /** The child's program for {@code arch}: what {@code bwrap --seccomp} reads. */
  public static byte[] program(Arch arch) {
    return assemble(arch, rules(arch));
  }

  // classic BPF (linux/filter.h, linux/bpf_common.h)
  private static final int LD_W_ABS = 0x20;
  private static final int JEQ_K = 0x15;
  private static final int JGE_K = 0x35;
  private static final int JSET_K = 0x45;
  private static final int ALU_AND_K = 0x54;
  private static final int RET_K = 0x06;
  // seccomp (linux/seccomp.h)
  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int RET_ERRNO = 0x00050000;
  private static final int RET_ALLOW = 0x7fff0000;
  /** {@code struct seccomp_data}: nr at 0, arch at 4, args[i] at 16 + 8i (low word first: both are little-endian). */
  private static final int NR = 0;
  private static final int ARCH = 4;
  /** The kernel refuses longer programs. */
  private static final int MAX_INSNS = 4096;

  /**
   * {@code rules} as a seccomp program for {@code arch}: 8 bytes per instruction ({@code struct
   * sock_filter}, little-endian). Refused: two rules for one call, a number outside the
   * architecture's own table, an errno outside 1–4095, an {@link AllowOnly} without values, a
   * {@link DenyFlags} checking no flag or forbidding a flag it requires, or a program whose jumps
   * do not fit in a byte.
   */
  public static byte[] assemble(Arch arch, List<Rule> rules) {
    Set<Integer> seen = new HashSet<>();
    for (Rule r : rules) {
      if (r.nr() < 0 || r.nr() >= arch.foreignAbove) {
        throw new InvalidFilterException(r.name() + ": " + r.nr() + " is not a system call number of " + arch);
      }
      if (!seen.add(r.nr())) {
        throw new InvalidFilterException(r.name() + ": a second rule for system call " + r.nr());
      }
      if (r.errno() < 1 || r.errno() > 4095) {
        throw new InvalidFilterException(r.name() + ": errno " + r.errno() + " is not one");
      }
      if (r instanceof AllowOnly a && a.allowed().isEmpty()) {
        throw new InvalidFilterException(r.name() + ": no value allowed; deny it instead");
      }
      if (r instanceof AllowOnly a && (a.arg() < 0 || a.arg() > 5) || r instanceof DenyFlags d && (d.arg() < 0 || d.arg() > 5)) {
        throw new InvalidFilterException(r.name() + ": system calls have arguments 0 to 5");
      }
      if (r instanceof DenyFlags d && d.forbidden() == 0 && d.required() == 0) {
        throw new InvalidFilterException(r.name() + ": no flag checked; allow or deny it instead");
      }
      if (r instanceof DenyFlags d && (d.forbidden() & d.required()) != 0) {
        throw new InvalidFilterException(r.name() + ": a flag both forbidden and required; deny it instead");
      }
    }
    Asm asm = new Asm();
    asm.op(LD_W_ABS, ARCH);
    asm.jump(JEQ_K, arch.audit, null, "kill");
    asm.op(LD_W_ABS, NR);
    asm.jump(JGE_K, arch.foreignAbove, "kill", null);
    Set<Integer> errnos = new TreeSet<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      String errno = "errno" + r.errno();
      errnos.add(r.errno());
      String after = "after" + i;
      switch (r) {
        case Deny d -> asm.jump(JEQ_K, d.nr(), errno, null);
        case DenyFlags d -> {
          // the block ends in a return either way, so the call number is still loaded at "after"
          asm.jump(JEQ_K, d.nr(), null, after);
          asm.op(LD_W_ABS, 16 + 8 * d.arg());
          if (d.forbidden() != 0) {
            asm.jump(JSET_K, d.forbidden(), errno, d.required() == 0 ? "allow" : null);
          }
          if (d.required() != 0) {
            asm.op(ALU_AND_K, d.required());
            asm.jump(JEQ_K, d.required(), "allow", errno);
          }
          asm.label(after);
        }
        case AllowOnly a -> {
          asm.jump(JEQ_K, a.nr(), null, after);
          asm.op(LD_W_ABS, 16 + 8 * a.arg());
          for (int v = 0; v < a.allowed().size(); v++) {
            boolean last = v == a.allowed().size() - 1;
            asm.jump(JEQ_K, a.allowed().get(v), "allow", last ? errno : null);
          }
          asm.label(after);
        }
      }
    }
    asm.label("allow");
    asm.op(RET_K, RET_ALLOW);
    for (int e : errnos) {
      asm.label("errno" + e);
      asm.op(RET_K, RET_ERRNO | e);
    }
    asm.label("kill");
    asm.op(RET_K, RET_KILL_PROCESS);
    return asm.bytes();
  }

  /** Instructions with jumps to labels (null: the next instruction), resolved when written out. */
  private static final class Asm {
    private record Insn(int code, int k, String jt, String jf) {}

    private final List<Insn> code = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    void op(int c, int k) {
      code.add(new Insn(c, k, null, null));
    }

    void jump(int c, int k, String jt, String jf) {
      code.add(new Insn(c, k, jt, jf));
    }

    void label(String name) {
      labels.put(name, code.size());
    }

    byte[] bytes() {
      if (code.size() > MAX_INSNS) {
        throw new InvalidFilterException(code.size() + " instructions: the kernel takes at most " + MAX_INSNS);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(code.size() * 8);
      for (int i = 0; i < code.size(); i++) {
        Insn in = code.get(i);
        out.write(in.code());
        out.write(in.code() >>> 8);
        out.write(offset(i, in.jt()));
        out.write(offset(i, in.jf()));
        for (int b = 0; b < 32; b += 8) {
          out.write(in.k() >>> b);
        }
      }
      return out.toByteArray();
    }

    /** Jumps go forward only, by at most 255 instructions: BPF cannot loop. */
    private int offset(int from, String to) {
      if (to == null) {
        return 0;
      }
      int d = labels.get(to) - from - 1;
      if (d < 0 || d > 255) {
        throw new InvalidFilterException("a jump of " + d + " instructions does not fit in a byte");
      }
      return d;
    }
  }
}
