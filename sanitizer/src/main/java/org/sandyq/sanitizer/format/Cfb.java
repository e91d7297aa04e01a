package org.sandyq.sanitizer.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The compound file (MS-CFB, "OLE2") that old Office files are: read whole from memory, its root
 * storage's entries listed and its streams read; and a new compound file written with a single
 * stream, so that nothing of the original container (other streams, free sectors holding old
 * data, the directory's times and class ids) is carried over. Every chain is checked against the
 * file's size and for loops: a damaged or hostile file is a {@link BadFileException}.
 */
final class Cfb {
  private static final byte[] MAGIC = {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0, (byte) 0xa1, (byte) 0xb1, 0x1a, (byte) 0xe1};
  private static final int END = -2;
  private static final int FAT_SECTOR = -3;
  private static final int DIFAT_SECTOR = -4;
  private static final int FREE = -1;
  private static final int NONE = -1;
  /** Streams smaller than this live in the mini stream (the format fixes it at 4096). */
  private static final int CUTOFF = 4096;

  /** An entry of the root storage: a stream (type 2) or a storage (type 1). */
  record Entry(String name, int type, int start, long size, int child) {
    boolean isStream() {
      return type == 2;
    }
  }

  private ByteBuffer f;
  private final int sectorSize;
  private final long sectors;
  private final int[] fat;
  private final List<Entry> root = new ArrayList<>();
  private final int[] miniFat;
  private final byte[] miniStream;

  private Cfb(byte[] file, Job job) throws BadFileException {
    Job.check(file.length >= 512 && Arrays.equals(file, 0, 8, MAGIC, 0, 8), "not an OLE compound file");
    f = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int major = f.getShort(0x1a) & 0xffff;
    int shift = f.getShort(0x1e) & 0xffff;
    Job.check((major == 3 && shift == 9 || major == 4 && shift == 12) && (f.getShort(0x1c) & 0xffff) == 0xfffe
        && (f.getShort(0x20) & 0xffff) == 6 && f.getInt(0x38) == CUTOFF, "a damaged compound file header");
    sectorSize = 1 << shift;
    Job.check(file.length >= sectorSize, "a damaged compound file (shorter than its header)");
    sectors = (file.length - sectorSize + sectorSize - 1L) / sectorSize;
    if (file.length % sectorSize != 0) { // a last sector cut at the end of the file reads as zeros
      f = ByteBuffer.wrap(Arrays.copyOf(file, (int) ((sectors + 1) * sectorSize))).order(ByteOrder.LITTLE_ENDIAN);
    }
    // the FAT's sectors: 109 in the header, the rest in the DIFAT chain
    long fatCount = f.getInt(0x2c) & 0xffffffffL;
    Job.check(fatCount <= sectors, "a damaged compound file (more FAT sectors than the file holds)");
    int[] fatSectors = new int[(int) fatCount];
    int known = 0;
    for (int i = 0; i < 109 && known < fatCount; i++) {
      fatSectors[known++] = f.getInt(0x4c + 4 * i);
    }
    int difat = f.getInt(0x44);
    BitSet seen = new BitSet();
    while (known < fatCount) {
      job.tick();
      int at = checkedSector(difat, seen);
      for (int i = 0; i < sectorSize / 4 - 1 && known < fatCount; i++) {
        fatSectors[known++] = f.getInt(at + 4 * i);
      }
      difat = f.getInt(at + sectorSize - 4);
    }
    fat = new int[(int) fatCount * (sectorSize / 4)];
    seen.clear();
    for (int i = 0; i < fatCount; i++) {
      int at = checkedSector(fatSectors[i], seen);
      for (int j = 0; j < sectorSize / 4; j++) {
        fat[i * (sectorSize / 4) + j] = f.getInt(at + 4 * j);
      }
    }
    byte[] dir = chain(f.getInt(0x30), Long.MAX_VALUE, job);
    ByteBuffer d = ByteBuffer.wrap(dir).order(ByteOrder.LITTLE_ENDIAN);
    int entries = dir.length / 128;
    Job.check(entries > 0 && dir[0x42] == 5, "a compound file without its root entry");
    // the root's children: a tree through the left and right sibling links
    List<Integer> todo = new ArrayList<>(List.of(d.getInt(0x4c)));
    BitSet visited = new BitSet();
    while (!todo.isEmpty()) {
      job.tick();
      int id = todo.remove(todo.size() - 1);
      if (id == NONE) {
        continue;
      }
      Job.check(id > 0 && id < entries && !visited.get(id), "a damaged compound file directory");
      visited.set(id);
      int e = id * 128;
      int nameBytes = d.getShort(e + 0x40) & 0xffff;
      Job.check(nameBytes >= 2 && nameBytes <= 64 && nameBytes % 2 == 0, "a damaged compound file directory");
      String name = new String(dir, e, nameBytes - 2, StandardCharsets.UTF_16LE);
      int type = dir[e + 0x42];
      Job.check(type == 1 || type == 2, "a damaged compound file directory");
      long size = major == 3 ? d.getInt(e + 0x78) & 0xffffffffL : d.getLong(e + 0x78);
      root.add(new Entry(name, type, d.getInt(e + 0x74), size, d.getInt(e + 0x4c)));
      Job.limit(root.size(), 10_000, "compound file entries");
      todo.add(d.getInt(e + 0x44));
      todo.add(d.getInt(e + 0x48));
    }
    long miniSize = major == 3 ? d.getInt(0x78) & 0xffffffffL : d.getLong(0x78);
    miniStream = miniSize == 0 ? new byte[0] : chain(d.getInt(0x74), miniSize, job);
    Job.check(miniStream.length >= miniSize, "a damaged compound file (the mini stream is cut short)");
    byte[] mf = (f.getInt(0x40) & 0xffffffffL) == 0 ? new byte[0] : chain(f.getInt(0x3c), Long.MAX_VALUE, job);
    miniFat = new int[mf.length / 4];
    ByteBuffer.wrap(mf).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(miniFat);
  }

  static Cfb read(byte[] file, Job job) throws BadFileException {
    return new Cfb(file, job);
  }

  /**
   * True for a stream every Office 97-2003 file may carry beside its content, which a cleaned copy
   * leaves behind, recorded in {@code job}: the document properties (author, last saved by,
   * company, manager, title, dates), the program's name for the file type (it names the program
   * and its language), a preview picture, custom XML. {@code name} is in lower case: compound-file
   * names compare without case (MS-CFB 2.6.4).
   */
  static boolean leftBehind(String name, Job job) {
    switch (name) {
      case "\u0005summaryinformation" -> job.removed(ZipDocument.DOCUMENT_PROPERTIES);
      case "\u0005documentsummaryinformation" -> job.removed("more document properties (company, manager, custom properties)");
      case "\u0001compobj", "\u0001ole", "\u0001compobjref" ->
          job.removed("the writing program's name for the file type (it names the program and its language)");
      case "\u0002olepres000" -> job.removed("a preview picture of the file");
      case "msodatastore" -> job.removed("custom XML data (often document-management properties)");
      // WPS Office, common where sources live, writes its own stream into every file it saves
      // (28 bytes in Tika's testWPSAttachment.doc); other programs ignore it
      case "wpscustomdata", "etextdata" -> job.removed("WPS Office's own data about the file");
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The entries directly in the root storage. */
  List<Entry> root() {
    return List.copyOf(root);
  }

  /** The bytes of a stream of the root storage. */
  byte[] stream(Entry e, Job job) throws BadFileException {
    Job.check(e.isStream(), "not a stream");
    Job.limit(e.size(), job.limits().maxStructureBytes(), "bytes in one compound file stream");
    if (e.size() >= CUTOFF) {
      byte[] b = chain(e.start(), e.size(), job);
      Job.check(b.length >= e.size(), "a compound file stream cut short");
      return Arrays.copyOf(b, (int) e.size());
    }
    byte[] out = new byte[(int) e.size()];
    int s = e.start();
    BitSet seen = new BitSet();
    for (int done = 0; done < out.length; done += 64) {
      job.tick();
      Job.check(s >= 0 && s < miniFat.length && !seen.get(s) && (long) s * 64 + 64 <= miniStream.length,
          "a damaged compound file (a mini stream chain)");
      seen.set(s);
      System.arraycopy(miniStream, s * 64, out, done, Math.min(64, out.length - done));
      s = miniFat[s];
    }
    return out;
  }

  /** The offset of sector {@code s}, checked to lie in the file and not to repeat. */
  private int checkedSector(int s, BitSet seen) throws BadFileException {
    Job.check(s >= 0 && s < sectors && !seen.get(s), "a damaged compound file (a sector chain leaves the file or loops)");
    seen.set(s);
    return (s + 1) * sectorSize;
  }

  /** The sectors of the chain from {@code start}, concatenated; at most {@code max} bytes are needed. */
  private byte[] chain(int start, long max, Job job) throws BadFileException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    BitSet seen = new BitSet();
    int s = start;
    while (s != END && out.size() < max) {
      job.tick();
      int at = checkedSector(s, seen);
      Job.check(s < fat.length, "a damaged compound file (a sector outside the FAT)");
      out.write(f.array(), at, sectorSize);
      s = fat[s];
    }
    return out.toByteArray();
  }

  /**
   * A new compound file (version 3, 512-byte sectors) holding {@code streams} in the root storage,
   * each padded with zeros to the 4096 bytes from which a stream lives in the regular sectors (as
   * other writers do for a workbook), so no mini stream is needed. No times, no class ids, no free
   * sectors.
   */
  static byte[] write(java.util.SequencedMap<String, byte[]> streams) {
    List<String> names = new ArrayList<>(streams.keySet());
    int[] first = new int[names.size()];
    int n = 0;
    for (int i = 0; i < names.size(); i++) {
      first[i] = n;
      n += (Math.max(streams.get(names.get(i)).length, CUTOFF) + 511) / 512;
    }
    int dirSectors = (names.size() + 1 + 3) / 4;
    int fatSectors = 0;
    int difatSectors = 0;
    while (true) {
      int total = n + dirSectors + fatSectors + difatSectors;
      int needFat = (total + 127) / 128;
      int needDifat = needFat > 109 ? (needFat - 109 + 126) / 127 : 0;
      if (needFat == fatSectors && needDifat == difatSectors) {
        break;
      }
      fatSectors = needFat;
      difatSectors = needDifat;
    }
    int dirSector = n;
    int firstFat = n + dirSectors;
    int firstDifat = firstFat + fatSectors;
    int total = firstDifat + difatSectors;
    ByteBuffer out = ByteBuffer.allocate(512 * (total + 1)).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC);
    out.putShort(0x18, (short) 0x3e).putShort(0x1a, (short) 3).putShort(0x1c, (short) 0xfffe)
        .putShort(0x1e, (short) 9).putShort(0x20, (short) 6)
        .putInt(0x2c, fatSectors).putInt(0x30, dirSector).putInt(0x38, CUTOFF)
        .putInt(0x3c, END).putInt(0x40, 0)
        .putInt(0x44, difatSectors > 0 ? firstDifat : END).putInt(0x48, difatSectors);
    for (int i = 0; i < 109; i++) {
      out.putInt(0x4c + 4 * i, i < fatSectors ? firstFat + i : FREE);
    }
    int[] table = new int[fatSectors * 128];
    Arrays.fill(table, FREE);
    for (int i = 0; i < names.size(); i++) {
      byte[] data = streams.get(names.get(i));
      System.arraycopy(data, 0, out.array(), 512 * (first[i] + 1), data.length);
      int last = (i + 1 < names.size() ? first[i + 1] : n) - 1;
      for (int s = first[i]; s <= last; s++) {
        table[s] = s == last ? END : s + 1;
      }
    }
    // the directory: the root, then the streams as a balanced tree in the order MS-CFB sorts
    // names (shorter first, then by upper case), every node black but the last level's, which
    // keeps it a red-black tree
    int d = 512 * (dirSector + 1);
    Integer[] order = new Integer[names.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      String x = names.get(a);
      String y = names.get(b);
      return x.length() != y.length() ? Integer.compare(x.length(), y.length())
          : x.toUpperCase(java.util.Locale.ROOT).compareTo(y.toUpperCase(java.util.Locale.ROOT));
    });
    int depth = 32 - Integer.numberOfLeadingZeros(order.length); // levels of a tree of this size
    boolean perfect = Integer.bitCount(order.length + 1) == 1;
    int top = tree(out, d, order, 0, order.length, 0, perfect ? Integer.MAX_VALUE : depth - 1, names, streams, first);
    entry(out, d, "Root Entry", 5, top, END, 0, true);
    for (int e = names.size() + 1; e < dirSectors * 4; e++) {
      out.putInt(d + e * 128 + 0x44, NONE).putInt(d + e * 128 + 0x48, NONE).putInt(d + e * 128 + 0x4c, NONE);
    }
    for (int i = 0; i < dirSectors; i++) {
      table[dirSector + i] = i == dirSectors - 1 ? END : dirSector + i + 1;
    }
    for (int i = 0; i < fatSectors; i++) {
      table[firstFat + i] = FAT_SECTOR;
    }
    for (int i = 0; i < difatSectors; i++) {
      table[firstDifat + i] = DIFAT_SECTOR;
    }
    for (int i = 0; i < table.length; i++) {
      out.putInt(512 * (firstFat + 1) + 4 * i, table[i]);
    }
    for (int i = 0; i < difatSectors; i++) {
      int at = 512 * (firstDifat + i + 1);
      for (int j = 0; j < 127; j++) {
        int k = 109 + i * 127 + j;
        out.putInt(at + 4 * j, k < fatSectors ? firstFat + k : FREE);
      }
      out.putInt(at + 508, i == difatSectors - 1 ? END : firstDifat + i + 1);
    }
    return out.array();
  }

  /** Writes the entries {@code order[from..to)} as a subtree; its root's directory id (stream i has id i + 1). */
  private static int tree(ByteBuffer out, int d, Integer[] order, int from, int to, int level, int redLevel,
      List<String> names, java.util.SequencedMap<String, byte[]> streams, int[] first) {
    if (from >= to) {
      return NONE;
    }
    int mid = (from + to) >>> 1;
    int i = order[mid];
    int left = tree(out, d, order, from, mid, level + 1, redLevel, names, streams, first);
    int right = tree(out, d, order, mid + 1, to, level + 1, redLevel, names, streams, first);
    int at = d + (i + 1) * 128;
    entry(out, at, names.get(i), 2, NONE, first[i], Math.max(streams.get(names.get(i)).length, CUTOFF), level < redLevel);
    out.putInt(at + 0x44, left).putInt(at + 0x48, right);
    return i + 1;
  }

  private static void entry(ByteBuffer out, int at, String name, int type, int child, int start, long size, boolean black) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    System.arraycopy(n, 0, out.array(), at, n.length);
    out.putShort(at + 0x40, (short) (n.length + 2));
    out.put(at + 0x42, (byte) type).put(at + 0x43, (byte) (black ? 1 : 0));
    out.putInt(at + 0x44, NONE).putInt(at + 0x48, NONE).putInt(at + 0x4c, child);
    out.putInt(at + 0x74, start).putInt(at + 0x78, (int) size);
  }
}
