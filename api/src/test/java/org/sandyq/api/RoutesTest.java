package org.sandyq.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RoutesTest {
  @Test
  void aTargetFillsTheTemplateInOrder() {
    assertEquals("v1/unseal/requests/ab12/approvals", Routes.UNSEAL_APPROVE.target("ab12").relative());
    assertEquals("POST /v1/unseal/requests/ab12/approvals", Routes.UNSEAL_APPROVE.target("ab12").toString());
    assertEquals("v1/inbox", Routes.INBOX.target().relative());
    assertEquals("v1/log/proof/inclusion?index=0&size=12",
        Routes.LOG_INCLUSION.target().query("index", 0).query("size", 12).relative());
  }

  @Test
  void aValueCannotLeaveItsSegment() {
    for (String hostile : new String[] {"../policy", "..", ".", "a/b", "a?b=1", "a%2f", "", "a b", "x".repeat(129)}) {
      assertThrows(IllegalArgumentException.class, () -> Routes.HOLD.target(hostile), hostile);
    }
  }

  @Test
  void aTilePathTakesSeveralSegmentsButNeverLeavesTheTileRoutes() {
    assertEquals("v1/log/tile/0/x001/234.p/7", Routes.LOG_TILE.target("0/x001/234.p/7").relative());
    assertEquals("v1/log/tile/entries/000", Routes.LOG_TILE_ENTRIES.target("000").relative());
    for (String hostile : new String[] {"../checkpoint", "0/../../policy", "0/./000", "0//000", "/000", "000/", "0/000?x",
        "0/%2e%2e", ""}) {
      assertThrows(IllegalArgumentException.class, () -> Routes.LOG_TILE.target(hostile), hostile);
    }
  }

  @Test
  void theNumberOfValuesMustMatchTheTemplate() {
    assertThrows(IllegalArgumentException.class, () -> Routes.HOLD.target());
    assertThrows(IllegalArgumentException.class, () -> Routes.HOLD.target("ab", "cd"));
    assertThrows(IllegalArgumentException.class, () -> Routes.INBOX.target("ab"));
    assertThrows(IllegalArgumentException.class, () -> Routes.LOG_ENTRIES.target().query("Start&x", 1));
  }
}
