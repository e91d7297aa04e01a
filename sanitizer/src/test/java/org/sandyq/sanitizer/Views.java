package org.sandyq.sanitizer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Every way a marker could hide in a file: its raw bytes, each zip member inflated, each PDF
 * stream decoded, each compressed PNG chunk inflated; in ASCII and in UTF-16.
 */
final class Views {
  private Views() {}

  private static final Pattern MARKER = Pattern.compile(Corpus.MARK + "[A-Za-z0-9-]*");

  static List<byte[]> of(byte[] file) throws IOException {
    List<byte[]> views = new ArrayList<>();
    views.add(file);
    if (file.length > 4 && file[0] == 'P' && file[1] == 'K') {
      try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(file))) {
        ZipEntry e;
        while ((e = z.getNextEntry()) != null) {
          byte[] member = z.readNBytes(64 << 20);
          views.addAll(of(member));
          if (e.getComment() != null) {
            views.add(e.getComment().getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    }
    views.addAll(cardPictures(file));
    views.addAll(dataPictures(file));
    if (file.length > 5 && new String(file, 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-")) {
      try (PDDocument doc = Loader.loadPDF(file)) {
        for (COSObjectKey k : doc.getDocument().getXrefTable().keySet()) {
          COSObject o = doc.getDocument().getObjectFromPool(k);
          COSBase b = o.getObject();
          if (b instanceof COSStream s) {
            try (InputStream in = s.createInputStream()) {
              views.add(in.readAllBytes());
            } catch (IOException ignored) {
              // a stream with a filter PDFBox cannot decode is covered by the raw view
            }
          }
        }
      }
    }
    if (file.length > 8 && file[0] == (byte) 0x89 && file[1] == 'P' && file[2] == 'N') {
      int p = 8;
      while (p + 12 <= file.length) {
        int len = java.nio.ByteBuffer.wrap(file, p, 4).getInt();
        String type = new String(file, p + 4, 4, StandardCharsets.ISO_8859_1);
        if (len < 0 || p + 12 + len > file.length) {
          break;
        }
        if (type.equals("iCCP") || type.equals("zTXt")) {
          int nul = p + 8;
          while (file[nul] != 0) {
            nul++;
          }
          try {
            views.add(new java.util.zip.InflaterInputStream(new ByteArrayInputStream(file, nul + 2, p + 8 + len - nul - 2)).readAllBytes());
          } catch (IOException ignored) {
            // covered by the raw view
          }
        }
        p += 12 + len;
      }
    }
    return views;
  }

  private static final Pattern CARD_PICTURE = Pattern.compile(
      "(?im)^(?:[a-z0-9-]+\\.)?(?:PHOTO|LOGO)[;:](?:.*?(?:ENCODING=(?:b|base64)[^:]*:|base64,))([A-Za-z0-9+/=\\s]+)$");

  private static final Pattern DATA_PICTURE = Pattern.compile("data:image/[a-z0-9.+-]+;base64,([A-Za-z0-9+/=]+)");

  /** The pictures inside a web page ({@code data:} addresses), decoded, and their views. */
  private static List<byte[]> dataPictures(byte[] file) throws IOException {
    List<byte[]> views = new ArrayList<>();
    Matcher m = DATA_PICTURE.matcher(new String(file, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      views.addAll(of(java.util.Base64.getMimeDecoder().decode(m.group(1))));
    }
    return views;
  }

  /** The pictures inside a contact card (base64 after PHOTO or LOGO), unfolded and decoded, and their views. */
  private static List<byte[]> cardPictures(byte[] file) throws IOException {
    String text = new String(file, StandardCharsets.ISO_8859_1);
    if (!text.stripLeading().regionMatches(true, 0, "BEGIN:VCARD", 0, 11)) {
      return List.of();
    }
    String unfolded = text.replace("\r\n", "\n").replaceAll("\n[ \t]", "");
    List<byte[]> views = new ArrayList<>();
    Matcher m = CARD_PICTURE.matcher(unfolded);
    while (m.find()) {
      views.addAll(of(java.util.Base64.getMimeDecoder().decode(m.group(1))));
    }
    return views;
  }

  /**
   * The zip with the given members' bytes in place of theirs, and those it does not have added at
   * the end; the rest (and the order) as it was, a stored member stored again.
   */
  static byte[] rewritten(byte[] zip, java.util.Map<String, byte[]> members) throws IOException {
    java.util.Map<String, byte[]> left = new java.util.LinkedHashMap<>(members);
    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
        java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(o)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        byte[] b = left.containsKey(e.getName()) ? left.remove(e.getName()) : in.readAllBytes();
        put(out, e.getName(), b, e.getMethod() == ZipEntry.STORED);
      }
      for (java.util.Map.Entry<String, byte[]> m : left.entrySet()) {
        put(out, m.getKey(), m.getValue(), false);
      }
    }
    return o.toByteArray();
  }

  private static void put(java.util.zip.ZipOutputStream out, String name, byte[] b, boolean stored) throws IOException {
    ZipEntry copy = new ZipEntry(name);
    if (stored) {
      copy.setMethod(ZipEntry.STORED);
      copy.setSize(b.length);
      java.util.zip.CRC32 c = new java.util.zip.CRC32();
      c.update(b);
      copy.setCrc(c.getValue());
    }
    out.putNextEntry(copy);
    out.write(b);
    out.closeEntry();
  }

  /**
   * {@link #rewritten} with every member given also reached from {@code relsPart} (a relationship
   * with an absolute target, created with the part if need be): an Office package writes only
   * what its relationships reach, so a member added to test its cleaning must be one.
   */
  static byte[] reached(byte[] zip, String relsPart, java.util.Map<String, byte[]> members) throws IOException {
    String rels = memberBytes(zip, relsPart) == null
        ? "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>"
        : member(zip, relsPart);
    StringBuilder added = new StringBuilder();
    int id = 0;
    for (String name : members.keySet()) {
      added.append("<Relationship Id=\"rIdReached").append(++id).append("\" Type=\"http://schemas.openxmlformats.org/")
          .append("officeDocument/2006/relationships/image\" Target=\"/").append(name).append("\"/>");
    }
    java.util.Map<String, byte[]> all = new java.util.LinkedHashMap<>(members);
    all.put(relsPart, rels.replace("</Relationships>", added + "</Relationships>").getBytes(StandardCharsets.UTF_8));
    return rewritten(zip, all);
  }

  /** The zip with its member {@code name}'s text changed by {@code edit}, the rest as it was. */
  static byte[] edited(byte[] zip, String name, java.util.function.UnaryOperator<String> edit) throws IOException {
    return rewritten(zip, java.util.Map.of(name, edit.apply(member(zip, name)).getBytes(StandardCharsets.UTF_8)));
  }

  /** One member of a zip, as UTF-8 text; fails if the zip has no such member. */
  static String member(byte[] zip, String name) throws IOException {
    byte[] b = memberBytes(zip, name);
    if (b == null) {
      throw new AssertionError(name + " missing");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** One member of a zip, or null if the zip has no such member. */
  static byte[] memberBytes(byte[] zip, String name) throws IOException {
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return z.readAllBytes();
        }
      }
    }
    return null;
  }

  /** Every distinct marker in any view, in ASCII, UTF-16LE or UTF-16BE. */
  static TreeSet<String> markers(byte[] file) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    for (byte[] v : of(file)) {
      for (java.nio.charset.Charset cs : List.of(StandardCharsets.ISO_8859_1, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
        for (int shift = 0; shift < (cs == StandardCharsets.ISO_8859_1 ? 1 : 2) && shift <= v.length; shift++) {
          Matcher m = MARKER.matcher(new String(v, shift, v.length - shift, cs));
          while (m.find()) {
            found.add(m.group());
          }
        }
      }
    }
    return found;
  }

  /** The first JPEG picture inside a document, from its SOI to its EOI. */
  static byte[] embeddedJpeg(byte[] doc) {
    for (int i = 0; i + 3 < doc.length; i++) {
      if ((doc[i] & 0xff) == 0xFF && (doc[i + 1] & 0xff) == 0xD8 && (doc[i + 2] & 0xff) == 0xFF) {
        for (int j = i + 2; j + 1 < doc.length; j++) {
          if ((doc[j] & 0xff) == 0xFF && (doc[j + 1] & 0xff) == 0xD9) {
            return java.util.Arrays.copyOfRange(doc, i, j + 2);
          }
        }
      }
    }
    throw new AssertionError("no JPEG");
  }

  static String pixels(byte[] jpeg) throws Exception {
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new ByteArrayInputStream(jpeg));
    StringBuilder s = new StringBuilder(img.getWidth() + "x" + img.getHeight());
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        s.append(',').append(img.getRGB(x, y));
      }
    }
    return s.toString();
  }

  /** True when {@code b} holds {@code s} in one byte per character or as UTF-16 (at either byte parity). */
  static boolean contains(byte[] b, String s) {
    String all = new String(b, StandardCharsets.ISO_8859_1);
    String wide = new String(b, StandardCharsets.UTF_16LE) + new String(b, 1, b.length - 1, StandardCharsets.UTF_16LE);
    return all.contains(s) || wide.contains(s);
  }

  /** A cleaned copy is the same whether written in memory or on disk, and cleaning it again finds nothing. */
  static void settled(Sanitizer sanitizer, byte[] original, byte[] cleaned, String extension) throws Exception {
    org.junit.jupiter.api.Assertions.assertArrayEquals(cleaned, sanitizer.clean(original, "file." + extension, 1).bytes(),
        "in memory as on disk");
    org.junit.jupiter.api.Assertions.assertEquals(List.of("the original file name"),
        sanitizer.clean(cleaned, "again." + extension, 1).report().removed(), "a second cleaning finds nothing");
  }
}
