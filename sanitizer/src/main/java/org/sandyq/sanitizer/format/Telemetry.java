package org.sandyq.sanitizer.format;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Drones and dash cams write their position, altitude, camera settings and serial number as a
 * subtitle per frame (found by review: a DJI drone's {@code [latitude: 42.8746] [longitude: …]},
 * older ones {@code HOME(74.56,42.87) … GPS(…)}, dash cams {@code N51.501234 W0.141923} or NMEA
 * sentences {@code $GPRMC,…}). Subtitle text that reads so is metadata, not speech; a spoken line
 * that mentions a place ("he went home (to the north)") does not, since every form needs a
 * coordinate's digits. One test for the video formats that carry subtitles.
 */
final class Telemetry {
  private Telemetry() {}

  static final String WHAT = "subtitle tracks holding GPS positions (as drones and dash cams write them)";
  private static final Pattern TEXT = Pattern.compile(
      "(?i)\\b(?:latitude|longitude|lat|lon|lng)\\s*[:=]?\\s*-?[0-9]{1,3}\\.[0-9]"
          + "|\\b(?:gps|home)\\s*\\(\\s*-?[0-9]{1,3}\\.[0-9]"
          + "|\\$G[PNLAB][A-Z]{3},"
          + "|\\b[NS]\\s?[0-9]{1,2}\\.[0-9]{4,}\\s*[,;/ ]\\s*[EW]\\s?[0-9]{1,3}\\.[0-9]{4,}"
          + "|-?[0-9]{1,2}\\.[0-9]{5,}\\s*[,;/ ]\\s*-?[0-9]{1,3}\\.[0-9]{5,}");

  /** Whether subtitle text (its bytes, in any ASCII-compatible encoding) reads as a device's telemetry. */
  static boolean in(byte[] text, int from, int to) {
    return TEXT.matcher(new String(text, from, to - from, StandardCharsets.ISO_8859_1)).find();
  }
}
