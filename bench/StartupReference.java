// bench/StartupReference.java — the in-process half of bench/startup.sh (a single-file program run
// with the launcher jar on the class path, not part of the build).
//
//   java -cp sandyq.jar bench/StartupReference.java jpeg FILE
//       writes a 640x480 JPEG photo to FILE (the "small photo" the script sanitizes)
//   java -cp sandyq.jar bench/StartupReference.java time RUNS ARG...
//       runs `sandyq ARG...` RUNS times in this one JVM through the launcher jar's command line
//       (org.sandyq.cli.Main.execute with the jar's server, witness and quickstart commands) and
//       prints the median wall time in seconds of the second half of the runs: the command's own
//       work once the JVM, its classes and the JIT are warm. "{n}" in an argument becomes the run's
//       number, for commands that need a fresh output directory each time.
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sandyq.cli.Io;
import org.sandyq.cli.Main;

public class StartupReference {
  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "jpeg" -> jpeg(args[1]);
      case "time" -> time(Integer.parseInt(args[1]), Arrays.copyOfRange(args, 2, args.length));
      default -> throw new IllegalArgumentException("jpeg FILE | time RUNS ARG...");
    }
  }

  static void jpeg(String file) throws Exception {
    var picture = new java.awt.image.BufferedImage(640, 480, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 480; y++) {
      for (int x = 0; x < 640; x++) {
        picture.setRGB(x, y, (x / 3) << 16 | (y / 2) << 8 | (x ^ y) & 0xff);
      }
    }
    javax.imageio.ImageIO.write(picture, "jpg", new java.io.File(file));
  }

  static void time(int runs, String[] template) throws Exception {
    // the same commands as the launcher jar's main class (org.sandyq.dist.Sandyq), found by name so
    // that this file compiles against any version of the jar
    List<Class<?>> more = List.of(Class.forName("org.sandyq.server.ServerCommand"),
        Class.forName("org.sandyq.witness.WitnessCommand"), Class.forName("org.sandyq.dist.QuickstartCommand"));
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    Io io = Io.system();
    List<Double> seconds = new ArrayList<>();
    for (int n = 1; n <= runs; n++) {
      String[] args = new String[template.length];
      for (int i = 0; i < args.length; i++) {
        args[i] = template[i].replace("{n}", Integer.toString(n));
      }
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      Io quiet = new Io(new PrintWriter(out), new PrintWriter(err), io.env(), question -> null);
      long t0 = System.nanoTime();
      int status = Main.execute(quiet, more, args);
      seconds.add((System.nanoTime() - t0) / 1e9);
      if (status != 0) {
        System.err.println("bench: in-process `" + String.join(" ", args) + "` exited " + status + ": " + err);
        System.exit(1);
      }
    }
    List<Double> warm = new ArrayList<>(seconds.subList(runs / 2, runs));
    warm.sort(null);
    System.out.printf("%.4f%n", warm.get(warm.size() / 2));
  }
}
