package org.sandyq.witness;

/**
 * Runs a witness in its own JVM (the crash test starts it as a child process):
 * {@code java -cp … org.sandyq.witness.WitnessMain --key W.key --data DIR --policy P --log-key V
 * [--port 0]}, which is {@code sandyq witness run --json}: once listening it prints one line,
 * {@code {"event":"listening","host":…,"port":…,"witness_vkey":…}}, and runs until killed.
 */
public final class WitnessMain {
  private WitnessMain() {}

  public static void main(String[] args) {
    int status = WitnessCommand.runAlone("sandyq-witness").execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }
}
