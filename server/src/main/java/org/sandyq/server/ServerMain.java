package org.sandyq.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.sandyq.crypto.json.Json;

/**
 * Runs a vault server in its own JVM (the crash test and benchmarks start it as a child process):
 *
 * <pre>java -cp … org.sandyq.server.ServerMain --data DIR [--host 127.0.0.1] [--port 8080] [--pow-bits N]</pre>
 *
 * Once listening it prints one line on standard output,
 * {@code {"event":"listening","host":"127.0.0.1","port":43210}}, and runs until killed (SIGTERM
 * stops it cleanly; SIGKILL is what the crash test uses). {@code sandyq server run} does the same
 * in-process.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    Path data = null;
    String host = "127.0.0.1";
    int port = 8080;
    OptionalInt powBits = OptionalInt.empty();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = Path.of(require(args[i], value));
        case "--host" -> host = require(args[i], value);
        case "--port" -> port = Integer.parseInt(require(args[i], value));
        case "--pow-bits" -> powBits = OptionalInt.of(Integer.parseInt(require(args[i], value)));
        default -> usage("unknown argument " + args[i]);
      }
      i++;
    }
    if (data == null) {
      usage("--data DIR is required");
    }
    ServerLogging.configure(System.err);
    run(new VaultServer.Options(data, host, port, powBits));
  }

  /** Starts the server, prints the listening line, and blocks until the JVM is asked to stop. */
  public static void run(VaultServer.Options options) throws Exception {
    VaultServer server = VaultServer.start(options);
    System.out.println(listeningLine(options.host(), server.port()));
    System.out.flush();
    server.runUntilShutdown();
  }

  public static String listeningLine(String host, int port) {
    ObjectNode o = Json.object();
    o.put("event", "listening");
    o.put("host", host);
    o.put("port", port);
    return o.toString();
  }

  private static String require(String flag, String value) {
    if (value == null) {
      usage(flag + " needs a value");
    }
    return value;
  }

  private static void usage(String problem) {
    System.err.println("sandyq-server: " + problem);
    System.err.println("usage: ServerMain --data DIR [--host 127.0.0.1] [--port 8080] [--pow-bits N]");
    System.exit(2);
  }
}
