package org.sandyq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {
  @Test
  void slugsAreUniqueAndStatusesAreErrors() {
    Set<String> slugs = new HashSet<>();
    for (ProblemType t : ProblemType.values()) {
      assertTrue(slugs.add(t.slug()), "slug twice: " + t.slug());
      assertTrue(t.slug().matches("[a-z]+(-[a-z]+)*"), t.slug());
      assertTrue(t.status() >= 400 && t.status() <= 599, t + " " + t.status());
      assertTrue(!t.title().isBlank(), t.toString());
      assertEquals(t.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), t.slug());
    }
  }

  @Test
  void ofFindsBySlugOnly() {
    for (ProblemType t : ProblemType.values()) {
      assertEquals(Optional.of(t), ProblemType.of(t.slug()));
    }
    assertEquals(Optional.empty(), ProblemType.of("no-such-problem"));
    assertEquals(Optional.empty(), ProblemType.of(""));
    assertEquals(Optional.empty(), ProblemType.of(null));
    assertEquals("urn:sandyq:problem:expired", ProblemType.EXPIRED.uri());
  }

  @Test
  void routesAreDistinct() {
    assertEquals(Routes.ALL.size(), new HashSet<>(Routes.ALL).size());
  }
}
