package org.sandyq.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.sandyq.crypto.json.CanonicalJson;
import org.sandyq.crypto.json.Json;

/** Log entries written by hand, as a compromised or buggy server would append them ({@link DemoVault#appendToLog}). */
final class LogEntries {
  private LogEntries() {}

  /** The canonical bytes of a version-1 event of {@code type} on {@code day}, with the members {@code fill} puts. */
  static byte[] event(String type, LocalDate day, Consumer<ObjectNode> fill) throws Exception {
    ObjectNode o = Json.object();
    o.put("type", type);
    o.put("v", 1);
    o.put("day", day.toString());
    fill.accept(o);
    return CanonicalJson.encode(o);
  }
}
