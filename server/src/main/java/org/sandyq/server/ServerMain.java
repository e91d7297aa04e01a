package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.sandyq.crypto.json.Json;

/**
 * Runs a vault server in its own JVM (the crash test and benchmarks start it as a child process):
 *
 * <pre>java -cp … org.sandyq.server.ServerMain --data DIR [--host 127.0.0.1] [--port 8080] [--pow-bits N]</pre>
 *
 * It is {@code sandyq server run --json} ({@link ServerCommand.Run}, the same picocli command and
 * options), named {@code sandyq-server}: once listening it prints one line on standard output,
 * {@code {"event":"listening","host":"127.0.0.1","port":43210}}, and runs until killed (SIGTERM
 * stops it cleanly; SIGKILL is what the crash test uses).
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) {
    int status = ServerCommand.runAlone("sandyq-server").execute(args);
    if (status != 0) {
      System.exit(status); // a usage error (2) or a refusal (1); after a clean stop the JVM is already exiting
    }
  }

  /** The line a server prints once it listens, with {@code --json}. */
  public static String listeningLine(String host, int port) {
    ObjectNode o = Json.object();
    o.put("event", "listening");
    o.put("host", host);
    o.put("port", port);
    return o.toString();
  }
}
