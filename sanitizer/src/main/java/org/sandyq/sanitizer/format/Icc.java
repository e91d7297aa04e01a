package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Colour profiles (ICC), embedded in JPEG, PNG, TIFF and WebP. The colorimetric tags are kept so
 * the picture renders the same; the header's date, device maker and model, creator and profile id
 * are zeroed; device and viewing descriptions and private tags are dropped; the description and
 * copyright texts are replaced by a neutral text.
 */
final class Icc {
  private Icc() {}

  private static final Set<String> KEEP = Set.of(
      "A2B0", "A2B1", "A2B2", "A2B3", "B2A0", "B2A1", "B2A2", "B2A3", "D2B0", "D2B1", "D2B2", "D2B3",
      "B2D0", "B2D1", "B2D2", "B2D3", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC", "kTRC", "wtpt",
      "bkpt", "chad", "chrm", "clro", "clrt", "cicp", "gamt", "lumi", "meas", "ncl2", "pre0", "pre1",
      "pre2", "tech", "view", "rig0", "rig2", "ciis", "Gdb0", "Gdb1", "Gdb2");
  /**
   * The tag types the ICC specification (v4, and iccMAX for the D2Bx, B2Dx and Gdbx tags) allows for
   * each kept tag. A kept tag of another type is no colour data: exiftool printed a 'text' put in
   * 'tech', 'lumi' or 'ciis'.
   */
  private static final Map<String, Set<String>> TYPES = types();
  private static final Set<String> REWRITE = Set.of("desc", "cprt");
  static final String NEUTRAL = "ICC profile";
  /** Real profiles are a few kilobytes; large ones exist (lookup tables) but not this large. */
  static final int MAX_BYTES = 4 << 20;

  /**
   * The cleaned profile, or null when the profile is damaged (then it is dropped, and the picture
   * renders with the default colours).
   */
  static byte[] clean(byte[] p, Job job) {
    try {
      return rewrite(p, job);
    } catch (RuntimeException | BadFileException e) {
      job.removed("a damaged colour profile (the picture may render with slightly different colours)");
      return null;
    }
  }

  private static byte[] rewrite(byte[] p, Job job) throws BadFileException {
    Job.check(p.length >= 132, "short profile");
    ByteBuffer in = ByteBuffer.wrap(p);
    long declared = in.getInt(0) & 0xffffffffL;
    Job.check(declared >= 132 && declared <= p.length, "bad profile size");
    Job.check(new String(p, 36, 4, StandardCharsets.ISO_8859_1).equals("acsp"), "not a profile");
    int count = in.getInt(128);
    Job.check(count >= 0 && count <= 200 && 132 + 12L * count <= declared, "bad tag count");
    byte[] header = java.util.Arrays.copyOf(p, 128);
    boolean headerChanged = false;
    // date and time 24..35, device manufacturer and model 48..55, creator 80..83, profile id 84..99
    for (int[] r : new int[][] {{24, 36}, {48, 56}, {80, 100}, {100, 128}}) {
      for (int i = r[0]; i < r[1]; i++) {
        headerChanged |= header[i] != 0;
        header[i] = 0;
      }
    }
    if (headerChanged) {
      job.removed("colour profile header: creation date, device maker and model, creator, profile id");
    }
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<String, Integer> placed = new HashMap<>();
    int kept = 0;
    record Tag(String sig, byte[] body) {}
    java.util.List<Tag> tags = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      int e = 132 + 12 * i;
      String sig = new String(p, e, 4, StandardCharsets.ISO_8859_1);
      long off = in.getInt(e + 4) & 0xffffffffL;
      long len = in.getInt(e + 8) & 0xffffffffL;
      Job.check(off >= 128 && len >= 8 && off + len <= declared, "tag outside the profile");
      byte[] body = java.util.Arrays.copyOfRange(p, (int) off, (int) (off + len));
      if (REWRITE.contains(sig)) {
        String type = new String(body, 0, 4, StandardCharsets.ISO_8859_1);
        byte[] neutral = text(type);
        if (neutral == null) {
          job.removed("colour profile text '" + sig + "'");
          continue;
        }
        if (!java.util.Arrays.equals(neutral, body)) {
          job.removed("colour profile " + (sig.equals("desc") ? "description" : "copyright") + " text (replaced by '" + NEUTRAL + "')");
        }
        tags.add(new Tag(sig, neutral));
      } else if (KEEP.contains(sig)) {
        String type = new String(body, 0, 4, StandardCharsets.ISO_8859_1);
        long need = size(type, body);
        if (!TYPES.get(sig).contains(type) || need > body.length) {
          job.removed("colour profile tag '" + sig + "' of a type it cannot have");
          continue;
        }
        if (need >= 0 && need < body.length) {
          body = java.util.Arrays.copyOf(body, (int) need); // bytes past the tag's values are not read
        }
        java.util.Arrays.fill(body, 4, 8, (byte) 0); // reserved
        tags.add(new Tag(sig + "@" + off + ":" + len, body));
      } else {
        job.removed(switch (sig) {
          case "dmnd" -> "colour profile device maker text";
          case "dmdd" -> "colour profile device model text";
          case "vued" -> "colour profile viewing conditions text";
          default -> "colour profile private or descriptive tags";
        });
      }
    }
    int dataStart = 132 + 12 * tags.size();
    ByteBuffer table = ByteBuffer.allocate(12 * tags.size());
    for (Tag t : tags) {
      String sig = t.sig().substring(0, 4);
      String shared = t.sig().length() > 4 ? t.sig().substring(4) : null; // tags may share data
      Integer at = shared == null ? null : placed.get(shared);
      if (at == null) {
        at = dataStart + data.size();
        data.writeBytes(t.body());
        while (data.size() % 4 != 0) {
          data.write(0);
        }
        if (shared != null) {
          placed.put(shared, at);
        }
      }
      table.put(sig.getBytes(StandardCharsets.ISO_8859_1)).putInt(at).putInt(t.body().length);
      kept++;
    }
    int total = dataStart + data.size();
    ByteBuffer out = ByteBuffer.allocate(total);
    out.put(header).putInt(kept).put(table.array()).put(data.toByteArray());
    out.putInt(0, total);
    job.kept("colour profile (the colour data needed to render the picture)");
    return out.array();
  }

  private static Map<String, Set<String>> types() {
    Map<String, Set<String>> m = new HashMap<>();
    Set<String> lut = Set.of("mft1", "mft2", "mAB ", "mBA ");
    for (String s : new String[] {"A2B0", "A2B1", "A2B2", "A2B3", "B2A0", "B2A1", "B2A2", "B2A3", "gamt", "pre0", "pre1", "pre2"}) {
      m.put(s, lut);
    }
    for (String s : new String[] {"D2B0", "D2B1", "D2B2", "D2B3", "B2D0", "B2D1", "B2D2", "B2D3"}) {
      m.put(s, Set.of("mpet"));
    }
    for (String s : new String[] {"rXYZ", "gXYZ", "bXYZ", "wtpt", "bkpt", "lumi"}) {
      m.put(s, Set.of("XYZ "));
    }
    for (String s : new String[] {"rTRC", "gTRC", "bTRC", "kTRC"}) {
      m.put(s, Set.of("curv", "para"));
    }
    for (String s : new String[] {"tech", "ciis", "rig0", "rig2"}) {
      m.put(s, Set.of("sig "));
    }
    for (String s : new String[] {"Gdb0", "Gdb1", "Gdb2"}) {
      m.put(s, Set.of("gbd "));
    }
    m.put("chad", Set.of("sf32"));
    m.put("chrm", Set.of("chrm"));
    m.put("clro", Set.of("clro"));
    m.put("clrt", Set.of("clrt"));
    m.put("cicp", Set.of("cicp"));
    m.put("meas", Set.of("meas"));
    m.put("ncl2", Set.of("ncl2"));
    m.put("view", Set.of("view"));
    return m;
  }

  /**
   * How many bytes a tag of a fixed-size type holds, from the type and its first fields; -1 for
   * types whose size is not fixed that way. A longer tag is cut to it (readers read no further).
   */
  private static long size(String type, byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    return switch (type) {
      case "sig " -> 12;
      case "meas", "view" -> 36;
      case "sf32" -> 44; // chad: a 3×3 matrix
      case "XYZ " -> 20; // every kept XYZ tag holds one value
      case "curv" -> body.length >= 12 ? 12 + 2L * (b.getInt(8) & 0xffffffffL) : Long.MAX_VALUE;
      case "para" -> {
        int[] params = {1, 3, 4, 5, 7};
        int f = body.length >= 10 ? b.getShort(8) & 0xffff : 99;
        yield f < params.length ? 12 + 4L * params[f] : Long.MAX_VALUE;
      }
      default -> -1;
    };
  }

  /** A neutral text in the same tag type, or null for a type we do not write. */
  private static byte[] text(String type) {
    byte[] ascii = (NEUTRAL + "\0").getBytes(StandardCharsets.US_ASCII);
    switch (type) {
      case "text": {
        return ByteBuffer.allocate(8 + ascii.length).put("text".getBytes(StandardCharsets.US_ASCII))
            .putInt(0).put(ascii).array();
      }
      case "desc": {
        // textDescriptionType: ASCII, then empty Unicode and ScriptCode parts
        return ByteBuffer.allocate(12 + ascii.length + 8 + 3 + 67)
            .put("desc".getBytes(StandardCharsets.US_ASCII)).putInt(0).putInt(ascii.length).put(ascii)
            .putInt(0).putInt(0).putShort((short) 0).put((byte) 0).put(new byte[67]).array();
      }
      case "mluc": {
        byte[] u = NEUTRAL.getBytes(StandardCharsets.UTF_16BE);
        return ByteBuffer.allocate(28 + u.length).put("mluc".getBytes(StandardCharsets.US_ASCII))
            .putInt(0).putInt(1).putInt(12).put("enUS".getBytes(StandardCharsets.US_ASCII))
            .putInt(u.length).putInt(28).put(u).array();
      }
      default:
        return null;
    }
  }
}
