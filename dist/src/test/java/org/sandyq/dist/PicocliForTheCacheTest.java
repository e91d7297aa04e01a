package org.sandyq.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.net.URL;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The launcher's jar carries picocli compiled for Java 21 (module sandyq-picocli), not the
 * published Java 5 bytecode that the JDK's AOT cache skips: this module's class path, which the
 * shade plugin packs, must resolve picocli to it, and it must be the version the modules compile
 * against.
 */
class PicocliForTheCacheTest {
  @Test
  void picocliComesFromTheRebuiltJarAsJava21Bytecode() throws Exception {
    URL url = CommandLine.class.getResource("CommandLine.class");
    assertNotNull(url);
    assertTrue(url.toString().contains("sandyq-picocli") || url.toString().contains("/picocli/target/classes/"),
        "picocli is loaded from " + url + ", not from sandyq-picocli");
    try (InputStream in = url.openStream(); DataInputStream data = new DataInputStream(in)) {
      assertEquals(0xCAFEBABE, data.readInt());
      data.readUnsignedShort(); // minor
      int major = data.readUnsignedShort();
      assertTrue(major >= 65, "class version " + major + ": the AOT cache holds only version 50 and up; 65 is Java 21");
    }
  }

  @Test
  void theRebuiltPicocliIsTheVersionTheModulesCompileAgainst() throws Exception {
    String expected = System.getProperty("sandyq.picocli.version"); // the POM's picocli.version (surefire)
    assertNotNull(expected, "dist's surefire configuration passes picocli.version");
    // read at run time: javac would inline the constant from whichever jar it compiled against
    assertEquals(expected, CommandLine.class.getField("VERSION").get(null));
  }
}
