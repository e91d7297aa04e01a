package org.sandyq.sanitizer.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import org.sandyq.sanitizer.Limits;

/**
 * Test-only: changes a PowerPoint 97-2003 file the way PowerPoint's fast save does, by appending
 * a new version of its document (with records added inside) and new objects after everything
 * else, then a persist directory for them and an edit that points back at the previous one. The
 * earlier version stays in the file, as it does in PowerPoint's own fast-saved files.
 */
public final class PptEdits {
  private PptEdits() {}

  /** The stream named {@code name} of a compound file. */
  public static byte[] stream(byte[] file, String name) throws IOException {
    Cfb cfb = Cfb.read(file, new Job(Limits.DEFAULT));
    for (Cfb.Entry e : cfb.root()) {
      if (e.name().equalsIgnoreCase(name)) {
        return cfb.stream(e, new Job(Limits.DEFAULT));
      }
    }
    throw new AssertionError("no stream " + name);
  }

  /** The document record of {@code ppt}'s newest save. */
  public static byte[] document(byte[] ppt) throws IOException {
    byte[] doc = stream(ppt, "PowerPoint Document");
    ByteBuffer d = ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN);
    int lastEdit = lastEdit(ppt);
    int docAt = find(d, d.getInt(lastEdit + 8 + 12), d.getInt(lastEdit + 8 + 16));
    return java.util.Arrays.copyOfRange(doc, docAt, docAt + 8 + d.getInt(docAt + 4));
  }

  /** {@code document} with {@code more} records appended inside it. */
  public static byte[] inside(byte[] document, byte[] more) {
    ByteBuffer d = ByteBuffer.wrap(document).order(ByteOrder.LITTLE_ENDIAN);
    return record(d.getShort(0) & 0xffff, d.getShort(2) & 0xffff,
        concat(List.of(java.util.Arrays.copyOfRange(document, 8, document.length), more)));
  }

  /**
   * A new save of {@code ppt}: {@code document} as its document, and {@code objects} as new
   * objects, numbered from {@link #nextId} on; {@code lastEdit} is the previous save it points
   * back at (its own newest, or anything a test wants there).
   */
  public static byte[] save(byte[] ppt, byte[] document, byte[]... objects) throws IOException {
    return save(ppt, lastEdit(ppt), document, objects);
  }

  public static byte[] save(byte[] ppt, int previous, byte[] document, byte[]... objects) throws IOException {
    return save(ppt, previous, false, document, objects);
  }

  /** A new save whose objects all lie in one place: every new id names the first object's offset. */
  public static byte[] aliased(byte[] ppt, byte[] document, byte[]... objects) throws IOException {
    return save(ppt, lastEdit(ppt), true, document, objects);
  }

  private static byte[] save(byte[] ppt, int previous, boolean alias, byte[] document, byte[]... objects)
      throws IOException {
    byte[] user = stream(ppt, "Current User");
    byte[] doc = stream(ppt, "PowerPoint Document");
    ByteBuffer d = ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN);
    int lastEdit = lastEdit(ppt);
    int docRef = d.getInt(lastEdit + 8 + 16);
    int seed = d.getInt(lastEdit + 8 + 20);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(doc);
    int newDoc = out.size();
    out.writeBytes(document);
    int[] at = new int[objects.length];
    for (int i = 0; i < objects.length; i++) {
      at[i] = out.size();
      out.writeBytes(objects[i]);
    }
    int dirAt = out.size();
    ByteBuffer dir = ByteBuffer.allocate(8 + 4 + 4 * objects.length).order(ByteOrder.LITTLE_ENDIAN);
    dir.putInt(docRef | 1 << 20).putInt(newDoc);
    if (objects.length > 0) {
      dir.putInt((seed + 1) | objects.length << 20);
      for (int a : at) {
        dir.putInt(alias ? at[0] : a);
      }
    }
    out.writeBytes(record(0, 0x1772, java.util.Arrays.copyOf(dir.array(), dir.position())));
    int editAt = out.size();
    byte[] edit = java.util.Arrays.copyOfRange(doc, lastEdit + 8, lastEdit + 8 + 28);
    ByteBuffer.wrap(edit).order(ByteOrder.LITTLE_ENDIAN).putInt(8, previous == -1 ? out.size() : previous)
        .putInt(12, dirAt).putInt(20, seed + objects.length);
    out.writeBytes(record(0, 0x0FF5, edit));
    byte[] newUser = user.clone();
    ByteBuffer.wrap(newUser).order(ByteOrder.LITTLE_ENDIAN).putInt(16, editAt);
    return withStreams(ppt, newUser, out.toByteArray());
  }

  /** {@code ppt} with its Current User and PowerPoint Document streams replaced. */
  public static byte[] withStreams(byte[] ppt, byte[] user, byte[] document) throws IOException {
    LinkedHashMap<String, byte[]> streams = new LinkedHashMap<>();
    streams.put("Current User", user);
    streams.put("PowerPoint Document", document);
    try {
      streams.put("Pictures", stream(ppt, "Pictures"));
    } catch (AssertionError none) {
      // a presentation without pictures
    }
    return Cfb.write(streams);
  }

  /** A compound file holding one stream: an embedded object's storage. */
  public static byte[] storage(String name, byte[] content) {
    LinkedHashMap<String, byte[]> streams = new LinkedHashMap<>();
    streams.put(name, content);
    return Cfb.write(streams);
  }

  private static int lastEdit(byte[] ppt) throws IOException {
    return ByteBuffer.wrap(stream(ppt, "Current User")).order(ByteOrder.LITTLE_ENDIAN).getInt(16);
  }

  /** The next free persist id of {@code ppt}: the first of {@link #save}'s new objects. */
  public static int nextId(byte[] ppt) throws IOException {
    byte[] doc = stream(ppt, "PowerPoint Document");
    return ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN).getInt(lastEdit(ppt) + 8 + 20) + 1;
  }

  /** The offset of object {@code id} in the directory at {@code at}. */
  private static int find(ByteBuffer d, int at, int id) {
    int end = at + 8 + d.getInt(at + 4);
    for (int p = at + 8; p < end; ) {
      int head = d.getInt(p);
      int first = head & 0xFFFFF;
      int count = head >>> 20;
      if (id >= first && id < first + count) {
        return d.getInt(p + 4 + 4 * (id - first));
      }
      p += 4 + 4 * count;
    }
    throw new AssertionError("no object " + id);
  }

  public static byte[] record(int verInst, int type, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header(verInst, type, data.length));
    out.writeBytes(data);
    return out.toByteArray();
  }

  public static byte[] container(int type, int instance, byte[]... children) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] c : children) {
      out.writeBytes(c);
    }
    return record(0x0F | instance << 4, type, out.toByteArray());
  }

  public static byte[] string(int instance, String s) {
    return record(instance << 4, 0x0FBA, s.getBytes(StandardCharsets.UTF_16LE));
  }

  public static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static byte[] header(int verInst, int type, int len) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) verInst).putShort((short) type)
        .putInt(len).array();
  }
}
