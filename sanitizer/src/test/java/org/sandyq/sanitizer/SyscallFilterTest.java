package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.SyscallFilter.Arch;
import org.sandyq.sanitizer.SyscallFilter.InvalidFilterException;
import org.sandyq.sanitizer.SyscallFilter.Rule;

/**
 * The seccomp assembler against {@code docs/vectors/seccomp.txt} (the small case worked out by
 * hand there, the child's whole program, and rule lists it must refuse), and the child's numbers
 * against the kernel's own header. What the filter does to a running child is
 * {@link IsolatedSanitizerTest}'s.
 */
class SyscallFilterTest {
  static final Path VECTORS = Path.of(System.getProperty("sandyq.seccomp.vectors", "../docs/vectors/seccomp.txt"));
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void everyVectorAssemblesByteForByteOrIsRefused() throws Exception {
    int programs = 0;
    int refusals = 0;
    for (Case c : cases()) {
      if (c.refused() != null) {
        InvalidFilterException e = assertThrows(InvalidFilterException.class, () -> SyscallFilter.assemble(c.arch(), c.rules()), c.name());
        assertTrue(e.getMessage().startsWith(c.refused()), c.name() + ": " + e.getMessage());
        refusals++;
      } else {
        assertEquals(c.program(), HEX.formatHex(SyscallFilter.assemble(c.arch(), c.rules())), c.name());
        programs++;
      }
    }
    assertEquals(3, programs, "the small case, threads only and the child's");
    assertEquals(7, refusals);
  }

  @Test
  void theChildsProgramIsTheVectorsChildCase() throws Exception {
    Case child = cases().stream().filter(c -> c.name().equals("child")).findFirst().orElseThrow();
    assertEquals(child.program(), HEX.formatHex(SyscallFilter.program(Arch.X86_64)));
  }

  /** Jumps are one byte: a list long enough to need a longer one is refused, not wrapped around. */
  @Test
  void aListTooLongForOneByteJumpsIsRefused() {
    List<Rule> many = new ArrayList<>();
    for (int nr = 0; nr < 300; nr++) {
      many.add(new SyscallFilter.Deny("call" + nr, nr, 1));
    }
    InvalidFilterException e = assertThrows(InvalidFilterException.class, () -> SyscallFilter.assemble(Arch.X86_64, many));
    assertTrue(e.getMessage().contains("does not fit in a byte"), e.getMessage());
    assertEquals(8 * (4 + 250 + 3), SyscallFilter.assemble(Arch.X86_64, many.subList(0, 250)).length, "250 still fit");
  }

  /** Only x86-64's numbers were checked here: other machines get no filter, not a wrong one. */
  @Test
  void onlyX8664HasAFilter() {
    assertEquals(Optional.of(Arch.X86_64), Arch.of("amd64"));
    assertFalse(Arch.of("aarch64").isPresent());
    assertFalse(Arch.of("x86").isPresent());
  }

  /**
   * Each rule's number is the kernel's {@code __NR_} of its name ({@code linux-libc-dev}'s
   * {@code asm/unistd_64.h}, installed by {@code .ci/run}): a wrong number would deny some other call.
   */
  @Test
  void theChildsNumbersAreTheKernelHeadersNumbers() throws Exception {
    Path header = Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
    assertTrue(Files.isReadable(header), header + " is needed (Debian package linux-libc-dev)");
    Map<String, Integer> kernel = new HashMap<>();
    Matcher m = Pattern.compile("(?m)^#define __NR_(\\w+) (\\d+)$").matcher(Files.readString(header));
    while (m.find()) {
      kernel.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    for (Rule r : SyscallFilter.rules(Arch.X86_64)) {
      assertEquals(kernel.get(r.name()), r.nr(), r.name());
    }
    assertTrue(SyscallFilter.rules(Arch.X86_64).size() >= 60, "the list is the one docs/sanitizer.md explains");
  }

  record Case(String name, Arch arch, List<Rule> rules, String program, String refused) {}

  static List<Case> cases() throws Exception {
    List<Case> cases = new ArrayList<>();
    List<String> lines = Files.readAllLines(VECTORS);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("case ")) {
        continue;
      }
      String[] head = line.split(" ");
      Arch arch = Arch.of(head[2].equals("x86_64") ? "amd64" : head[2]).orElseThrow();
      List<Rule> rules = new ArrayList<>();
      StringBuilder program = new StringBuilder();
      String refused = null;
      boolean inProgram = false;
      for (i++; i < lines.size() && !lines.get(i).isBlank(); i++) {
        String l = lines.get(i);
        String[] f = l.split(" ");
        if (inProgram) {
          program.append(l);
        } else if (l.equals("program")) {
          inProgram = true;
        } else if (l.startsWith("refused ")) {
          refused = l.substring("refused ".length());
        } else {
          switch (f[0]) {
            case "child" -> rules.addAll(SyscallFilter.rules(arch));
            case "deny" -> rules.add(new SyscallFilter.Deny(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            case "deny-flags" -> rules.add(new SyscallFilter.DenyFlags(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                Integer.parseUnsignedInt(f[4], 16), Integer.parseUnsignedInt(f[5], 16), Integer.parseInt(f[6])));
            case "allow-only" -> rules.add(new SyscallFilter.AllowOnly(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                f[4].equals("-") ? List.of() : Arrays.stream(f[4].split(",")).map(v -> Integer.parseUnsignedInt(v, 16)).toList(),
                Integer.parseInt(f[5])));
            default -> throw new AssertionError("vectors: unknown line " + l);
          }
        }
      }
      cases.add(new Case(head[1], arch, rules, refused == null ? program.toString() : null, refused));
    }
    return cases;
  }
}
