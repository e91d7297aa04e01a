package org.sandyq.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A command printed for the user to paste: the launcher as they ran it ({@code ./sandyq}, from
 * {@code $SANDYQ_LAUNCHER}), the server and key options the current command was given, every word
 * quoted for a POSIX shell when it needs to be. A hint that leaves out {@code --server} or uses
 * {@code sandyq} where only {@code ./sandyq} exists fails when pasted.
 */
final class Hint {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+,=-]+");

  private final List<String> words = new ArrayList<>();

  private Hint(Io io) {
    words.add(Main.launcher(io));
  }

  /** {@code ./sandyq} and these words. */
  static Hint of(Io io, String... command) {
    Hint h = new Hint(io);
    return h.add(command);
  }

  Hint add(String... more) {
    words.addAll(List.of(more));
    return this;
  }

  /** {@code --server URL} (and {@code --proxy} if one was given): the vault this command spoke to. */
  Hint server(ServerOptions s) {
    if (s.server != null) {
      add("--server", s.server);
    }
    if (s.proxy != null) {
      add("--proxy", s.proxy);
    }
    return this;
  }

  /** The server, and this lawyer's own key (with the passphrase file, if one was given). */
  Hint as(LawyerOptions lawyer) {
    server(lawyer.server);
    if (lawyer.key != null) {
      add("--key", lawyer.key.toString());
    }
    if (lawyer.passphrase != null && lawyer.passphrase.file != null) {
      add("--passphrase-file", lawyer.passphrase.file.toString());
    }
    return this;
  }

  /** The server and a placeholder key, for a colleague whose key file this command cannot know. */
  Hint colleague(LawyerOptions lawyer) {
    server(lawyer.server);
    return add("--key", "YOUR.key");
  }

  /** {@code --state DIR} if this command was given one: the requester's keys are there. */
  Hint state(UnsealState state) {
    if (state != null && state.state != null) {
      add("--state", state.state.toString());
    }
    return this;
  }

  Hint add(String option, Path value) {
    return add(option, value.toString());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (String w : words) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(b.isEmpty() || PLAIN.matcher(w).matches() ? w : "'" + w.replace("'", "'\\''") + "'");
    }
    return b.toString();
  }
}
