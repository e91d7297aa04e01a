package org.sandyq.desk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.Sanitizer;

/**
 * The recordings and videos sources' phones make, as the sanitizer names them, are offered to the
 * desk's player: a Vorbis or FLAC recording, a phone's AAC, an iPhone's MOV, a 3GP video were
 * offered only for saving, so a lawyer had to open them in a desktop player, outside the desk.
 * AMR, which no browser plays, stays a download.
 */
class PlayableTest {
  @Test
  void whatPhonesRecordIsOfferedToThePlayer(@TempDir Path dir) throws Exception {
    String sine = "sine=frequency=440:duration=1";
    String picture = "testsrc=size=64x48:rate=10:duration=1";
    List<List<String>> made = List.of(
        List.of("voice.ogg", "-f", "lavfi", "-i", sine, "-c:a", "libvorbis"),
        List.of("voice.opus", "-f", "lavfi", "-i", sine, "-c:a", "libopus"),
        List.of("voice.flac", "-f", "lavfi", "-i", sine, "-c:a", "flac"),
        List.of("voice.aac", "-f", "lavfi", "-i", sine, "-c:a", "aac", "-f", "adts"),
        List.of("voice.m4a", "-f", "lavfi", "-i", sine, "-c:a", "aac"),
        List.of("voice.mp3", "-f", "lavfi", "-i", sine, "-c:a", "libmp3lame"),
        List.of("voice.wav", "-f", "lavfi", "-i", sine),
        List.of("clip.mov", "-f", "lavfi", "-i", picture, "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        List.of("clip.mp4", "-f", "lavfi", "-i", picture, "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        List.of("clip.3gp", "-f", "lavfi", "-i", picture, "-c:v", "libx264", "-pix_fmt", "yuv420p", "-f", "3gp"),
        List.of("clip.mkv", "-f", "lavfi", "-i", picture, "-c:v", "libx264", "-pix_fmt", "yuv420p"),
        List.of("clip.webm", "-f", "lavfi", "-i", picture, "-c:v", "libvpx"));
    Sanitizer sanitizer = new Sanitizer();
    for (List<String> m : made) {
      Path file = dir.resolve(m.get(0));
      List<String> command = new java.util.ArrayList<>(List.of("ffmpeg", "-v", "error", "-y"));
      command.addAll(m.subList(1, m.size()));
      command.add(file.toString());
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "ffmpeg (a package of .ci/run): " + said);
      String type = sanitizer.detect(Files.readAllBytes(file));
      assertEquals(Rendering.Kind.MEDIA, Rendering.kind(type), m.get(0) + " (" + type + ") is offered to the player");
    }
    assertEquals(Rendering.Kind.OTHER, Rendering.kind("audio/amr"), "no browser plays AMR: saved, not played");
  }
}
