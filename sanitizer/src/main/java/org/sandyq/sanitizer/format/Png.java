package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * PNG (and APNG): keeps the chunks needed to render (header, palette, image data, transparency,
 * colour information, animation control); drops text, EXIF, time, signatures, private chunks and
 * anything after the end. Image data chunks are copied unchanged.
 */
final class Png extends ByteCleaner {
  Png() {
    super("png", Warnings.IMAGE);
  }

  static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final Set<String> KEEP = Set.of(
      "IHDR", "PLTE", "IDAT", "IEND", "tRNS", "cHRM", "gAMA", "sBIT", "sRGB", "bKGD", "pHYs",
      "hIST", "cICP", "mDCV", "mDCv", "cLLI", "cLLi", "acTL", "fcTL", "fdAT");
  private static final Map<String, String> NAMES = Map.of(
      "tEXt", "text metadata", "zTXt", "compressed text metadata", "iTXt", "international text metadata (often XMP)",
      "eXIf", "EXIF metadata", "tIME", "last-modified time", "dSIG", "digital signature",
      "sPLT", "suggested palette (with a name)", "caBX", "content credentials (C2PA)");

  @Override
  void clean(Source in, Sink out, Job job) throws IOException {
    Job.check(Arrays.equals(in.bytes(8, 8, "the PNG signature"), SIGNATURE), "not a PNG image");
    out.write(SIGNATURE);
    int chunks = 0;
    boolean first = true;
    boolean sawData = false;
    int colourType = -1;
    long palette = 0;
    while (true) {
      job.tick();
      Job.limit(++chunks, job.limits().maxItems(), "PNG chunks");
      if (sawData && in.remaining() == 0) {
        // ends at a chunk boundary after its image data, without the end marker (LibreOffice ships
        // such pictures in its own templates): viewers show it, and the copy gets the marker
        out.write(IEND);
        job.kept("the end marker, added: the file ended after its image data without one");
        break;
      }
      long len = in.u32be();
      Job.check(len <= 0x7fffffffL, "a damaged PNG (bad chunk length)");
      byte[] typeBytes = in.bytes(4, 4, "a PNG chunk type");
      String type = new String(typeBytes, StandardCharsets.ISO_8859_1);
      for (byte b : typeBytes) {
        Job.check((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'), "a damaged PNG (bad chunk type)");
      }
      Job.check(!first || type.equals("IHDR"), "a damaged PNG (no header chunk)");
      first = false;
      if (type.equals("IDAT") || type.equals("fdAT")) {
        sawData = true;
        writeHeader(out, len, typeBytes);
        in.copyTo(out, len + 4);
        continue;
      }
      if (KEEP.contains(type)) {
        byte[] chunk = in.bytes(len + 4, job.limits().maxStructureBytes(), "a PNG chunk");
        if (type.equals("IHDR") && len >= 8) {
          java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.wrap(chunk);
          job.pixels(Integer.toUnsignedLong(ihdr.getInt(0)), Integer.toUnsignedLong(ihdr.getInt(4)));
          colourType = len == 13 ? chunk[9] & 0xff : -1;
        } else if (type.equals("PLTE")) {
          palette = len / 3;
        }
        if (!fits(type, len, colourType, palette)) {
          // the bytes past a chunk's values are read by nothing and can hold anything; libpng
          // ignores an ancillary chunk of the wrong length, a critical one is damage
          Job.check(Character.isLowerCase(type.charAt(0)), "a damaged PNG (a " + type + " chunk of " + len + " bytes)");
          job.removed("a " + type + " chunk of a length it cannot have");
          continue;
        }
        writeHeader(out, len, typeBytes);
        out.write(chunk);
        if (type.equals("IEND")) {
          break;
        }
        continue;
      }
      if (type.equals("iCCP")) {
        byte[] data = in.bytes(len, job.limits().maxStructureBytes(), "a PNG colour profile");
        in.skip(4);
        writeIcc(out, data, job);
        continue;
      }
      if (Character.isUpperCase(type.charAt(0))) {
        throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "a PNG with an unknown critical chunk cannot be cleaned safely");
      }
      in.skip(len + 4);
      job.removed(NAMES.getOrDefault(type, "private or unknown chunks"));
    }
    job.kept("the image data, byte for byte (pixels are identical)");
    job.kept("chunks needed to display the image (size, palette, transparency, colour, density, animation)");
    long trailing = in.remaining();
    if (trailing > 0) {
      job.removed(trailing + " bytes after the end of the image");
    }
  }

  /**
   * Whether a kept chunk has the length the PNG specification (third edition, with APNG) gives it
   * for the image's colour type and palette; chunks of any length (image data) fit.
   */
  private static boolean fits(String type, long len, int colourType, long palette) {
    return switch (type) {
      case "IHDR" -> len == 13;
      case "PLTE" -> len % 3 == 0 && len >= 3 && len <= 768;
      case "IEND" -> len == 0;
      case "gAMA", "cICP" -> len == 4;
      case "sRGB" -> len == 1;
      case "pHYs" -> len == 9;
      case "cHRM" -> len == 32;
      case "acTL", "cLLI", "cLLi" -> len == 8;
      case "fcTL" -> len == 26;
      case "mDCV", "mDCv" -> len == 24;
      case "hIST" -> len == 2 * palette;
      case "sBIT" -> len == switch (colourType) {
        case 0 -> 1;
        case 2, 3 -> 3;
        case 4 -> 2;
        case 6 -> 4;
        default -> -1;
      };
      case "bKGD" -> len == switch (colourType) {
        case 3 -> 1;
        case 0, 4 -> 2;
        case 2, 6 -> 6;
        default -> -1;
      };
      case "tRNS" -> switch (colourType) {
        case 0 -> len == 2;
        case 2 -> len == 6;
        case 3 -> len >= 1 && len <= palette;
        default -> false;
      };
      default -> true;
    };
  }

  /** An empty IEND chunk with its CRC. */
  private static final byte[] IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82};

  private static void writeHeader(OutputStream out, long len, byte[] type) throws IOException {
    out.write(ByteBuffer.allocate(4).putInt((int) len).array());
    out.write(type);
  }

  private static void writeIcc(OutputStream out, byte[] data, Job job) throws IOException {
    int nul = 0;
    while (nul < data.length && data[nul] != 0) {
      nul++;
    }
    byte[] profile = null;
    if (nul < 80 && nul + 2 <= data.length && data[nul + 1] == 0) {
      try {
        profile = Zlib.inflate(data, nul + 2, data.length - nul - 2, Icc.MAX_BYTES, job);
      } catch (BadFileException e) {
        profile = null;
      }
    }
    byte[] clean = profile == null ? null : Icc.clean(profile, job);
    if (clean == null) {
      job.removed("a damaged colour profile");
      return;
    }
    if (!new String(data, 0, nul, StandardCharsets.ISO_8859_1).equals(Icc.NEUTRAL)) {
      job.removed("colour profile name");
    }
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes("iCCP".getBytes(StandardCharsets.ISO_8859_1));
    chunk.writeBytes(Icc.NEUTRAL.getBytes(StandardCharsets.ISO_8859_1));
    chunk.write(0);
    chunk.write(0);
    try (DeflaterOutputStream z = new DeflaterOutputStream(chunk, new Deflater(9))) {
      z.write(clean);
    }
    byte[] c = chunk.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(c);
    out.write(ByteBuffer.allocate(4).putInt(c.length - 4).array());
    out.write(c);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
