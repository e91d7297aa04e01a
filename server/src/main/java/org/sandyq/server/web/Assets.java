package org.sandyq.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The page's stylesheet and scripts, read once from {@code web/assets/} in the jar. Only these
 * names are served: no path from a request ever reaches the class path or the file system.
 */
final class Assets {
  private static final Map<String, String> TYPES = Map.of(
      "style.css", "text/css; charset=utf-8",
      "app.js", "text/javascript; charset=utf-8",
      "hpke.js", "text/javascript; charset=utf-8");

  private final Map<String, byte[]> files;

  private Assets(Map<String, byte[]> files) {
    this.files = files;
  }

  static Assets load() throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    for (String name : TYPES.keySet()) {
      try (InputStream in = Assets.class.getResourceAsStream("/web/assets/" + name)) {
        if (in == null) {
          throw new IOException("web/assets/" + name + " is missing from the server jar");
        }
        files.put(name, in.readAllBytes());
      }
    }
    return new Assets(Map.copyOf(files));
  }

  void serve(String name, ServerResponse res) {
    byte[] body = files.get(name);
    if (body == null) {
      res.status(404);
      res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      res.send("not found".getBytes(StandardCharsets.UTF_8));
      return;
    }
    res.status(200);
    res.header(HeaderNames.CONTENT_TYPE, TYPES.get(name));
    res.send(body);
  }
}
