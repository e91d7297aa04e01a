package org.sandyq.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What a terminal is shown of text from elsewhere: no escape sequences, C1 included, no invisible marks. */
class TextTest {
  @Test
  void escapeSequencesAndInvisibleMarksBecomeSpaces() {
    assertEquals("a [2J b", Text.clean("a\u001b[2J b")); // ESC (C0)
    assertEquals("a 2J b", Text.clean("a\u009b2J b")); // CSI as one C1 character: xterm obeys it too
    assertEquals("aigerim x", Text.clean("aigerim\u202e\u200bx"));
    assertEquals("left right", Text.clean("left\u061c\ufeffright"));
    assertEquals("one\ntwo", Text.cleanLines("one\u0085\ntwo"));
    assertEquals("Жалақы жоқ", Text.clean("Жалақы жоқ"));
  }
}
