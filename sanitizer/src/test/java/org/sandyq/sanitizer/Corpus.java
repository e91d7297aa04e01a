package org.sandyq.sanitizer;

import static org.sandyq.sanitizer.Bin.ascii;
import static org.sandyq.sanitizer.Bin.be16;
import static org.sandyq.sanitizer.Bin.be32;
import static org.sandyq.sanitizer.Bin.cat;
import static org.sandyq.sanitizer.Bin.le16;
import static org.sandyq.sanitizer.Bin.le32;
import static org.sandyq.sanitizer.Bin.utf8;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.TimeZone;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionJavaScript;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;

/**
 * The test corpus: one file per supported format with a distinct marker in every metadata field
 * it can carry, and known content that must survive cleaning. Markers all start with
 * {@link #MARK}; content strings start with {@code EVIDENCE}. Also runnable as a program that
 * writes the corpus to a folder, for the benchmark. Public (and in the sanitizer's test-jar) for
 * browser-tests, which upload these files through the web page.
 */
public final class Corpus {
  public static final String MARK = "SQMK";

  /** One generated file: its name, expected type, bytes, and the format's exiftool allowlist. */
  record Sample(String name, String type, byte[] bytes) {}

  private static String m(String field) {
    return MARK + "-" + field;
  }

  /**
   * 1 for the tests (small files); the benchmark uses a larger scale so files have the sizes of
   * real evidence (a 3200x2400 photo, a 20-page PDF, a minute of audio).
   */
  static int scale = 1;

  static int samples() {
    return 8000 * scale;
  }

  static int mpegFrameCount() {
    return 40 * scale;
  }

  static int mdatSize() {
    return 4000 * scale * 25;
  }

  static List<Sample> all() {
    List<Sample> s = new ArrayList<>();
    s.add(new Sample("photo.jpg", "image/jpeg", jpeg()));
    s.add(new Sample("screen.png", "image/png", png()));
    s.add(new Sample("anim.gif", "image/gif", gif()));
    s.add(new Sample("scan.tif", "image/tiff", tiff()));
    s.add(new Sample("photo.webp", "image/webp", webp()));
    s.add(new Sample("voice.wav", "audio/vnd.wave", wav(samples())));
    s.add(new Sample("voice.mp3", "audio/mpeg", mp3()));
    s.add(new Sample("voice.flac", "audio/x-flac", flac()));
    s.add(new Sample("voice.ogg", "audio/vorbis", ogg()));
    s.add(new Sample("voice.opus", "audio/opus", opus()));
    s.add(new Sample("clip.mp4", "video/mp4", mp4("isom", mdatSize())));
    s.add(new Sample("clip.mov", "video/quicktime", mp4("qt  ", mdatSize())));
    s.add(new Sample("wages.pdf", "application/pdf", pdf()));
    s.add(new Sample("letter.docx", org.sandyq.sanitizer.format.Formats.DOCX, docx()));
    s.add(new Sample("sheet.xlsx", org.sandyq.sanitizer.format.Formats.XLSX, xlsx()));
    s.add(new Sample("slides.pptx", org.sandyq.sanitizer.format.Formats.PPTX, pptx()));
    s.add(new Sample("letter.odt", "application/vnd.oasis.opendocument.text", odt()));
    s.add(new Sample("contact.vcf", org.sandyq.sanitizer.format.Formats.VCARD, vcard()));
    s.add(new Sample("chat.html", "text/html", html().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    s.add(new Sample("export.zip", "application/zip", archive()));
    return s;
  }

  /**
   * Writes the corpus to {@code args[0]} at scale {@code args[1]}, with the benchmark's extra
   * files ({@link #benchOnly}: a bitmap, and Matroska, WebM, AVI and Windows Media made by ffmpeg when it is
   * installed); with {@code args[2]}, the active-content fixtures there ({@link #active}).
   */
  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    scale = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    for (Sample s : all()) {
      Files.write(dir.resolve(s.name()), s.bytes());
    }
    int side = 40 * scale; // 1600 x 1200 at scale 40, a scanner's or a screenshot's size
    Files.write(dir.resolve("scan.bmp"), MediaTest.bmp(side, side * 3 / 4, 0x4D424544, icc(),
        ascii(m("bmp-gap")), ascii(m("bmp-trailing"))));
    if (Readers.has("ffmpeg", "-version")) {
      int seconds = Math.max(1, scale / 4);
      Path scratch = Files.createTempDirectory("sandyq-corpus");
      MediaTest.matroska(scratch, dir.resolve("clip.mkv"), "mpeg4", "flac", scale > 1 ? "640x480" : "64x48", seconds);
      MediaTest.matroska(scratch, dir.resolve("clip.webm"), "libvpx", "libvorbis", scale > 1 ? "320x240" : "64x48", seconds);
      MediaTest.avi(dir.resolve("clip.avi"), scale > 1 ? "320x240" : "64x48", seconds);
      AsfTest.wmv(dir.resolve("clip.wmv"), "wmv2", "wmav2", scale > 1 ? "320x240" : "64x48", seconds);
      try (var files = Files.list(scratch)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(scratch);
    }
    if (args.length > 2) {
      Path active = Files.createDirectories(Path.of(args[2]));
      for (Sample s : active()) {
        Files.write(active.resolve(s.name()), s.bytes());
      }
    }
  }

  /** The benchmark's files that are not in {@link #all()} (made by {@link #main}), by name and type. */
  static List<Sample> benchOnly() {
    return List.of(new Sample("scan.bmp", "image/bmp", null), new Sample("clip.mkv", "video/x-matroska", null),
        new Sample("clip.webm", "video/webm", null), new Sample("clip.avi", "video/x-msvideo", null),
        new Sample("clip.wmv", "video/x-ms-wmv", null));
  }

  /** The active-content fixtures (ActiveContentTest's), for the benchmark's "active content kept". */
  static List<Sample> active() {
    return List.of(new Sample("active.docx", org.sandyq.sanitizer.format.Formats.DOCX, ActiveFixtures.docx()),
        new Sample("active.xlsx", "application/vnd.ms-excel.sheet.macroenabled.12", ActiveFixtures.xlsm()),
        new Sample("active.pptx", org.sandyq.sanitizer.format.Formats.PPTX, ActiveFixtures.pptx()),
        new Sample("active.odt", "application/vnd.oasis.opendocument.text", ActiveFixtures.odt()),
        new Sample("active.pdf", "application/pdf", ActiveFixtures.pdf()));
  }

  // ---------------------------------------------------------------- images

  static BufferedImage picture(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int noise = (x * 7919 + y * 104729) % 23; // so a large photo compresses like a real one
        img.setRGB(x, y, ((x * 8 + noise) & 0xff) << 16 | ((y * 8) & 0xff) << 8 | ((x + y) * 4 & 0xff));
      }
    }
    return img;
  }

  static byte[] encode(BufferedImage img, String format) {
    try {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      if (!ImageIO.write(img, format, o)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return o.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JDK's sRGB profile with markers in the header and in its device and description texts. */
  static byte[] icc() {
    byte[] p = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    ByteBuffer in = ByteBuffer.wrap(p);
    int n = in.getInt(128);
    ByteArrayOutputStream extra = new ByteArrayOutputStream();
    byte[] r = p.clone();
    for (int i = 0; i < n; i++) {
      int e = 132 + 12 * i;
      String sig = new String(p, e, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (sig.equals("dmnd") || sig.equals("dmdd") || sig.equals("desc")) {
        byte[] t = descTag(m("icc-" + sig));
        int at = p.length + extra.size();
        extra.writeBytes(t);
        while (extra.size() % 4 != 0) {
          extra.write(0);
        }
        ByteBuffer.wrap(r).putInt(e + 4, at).putInt(e + 8, t.length);
      }
    }
    r = cat(r, extra.toByteArray());
    ByteBuffer.wrap(r).putInt(0, r.length);
    System.arraycopy(ascii(MARK), 0, r, 52, 4); // device model in the header
    System.arraycopy(ascii(MARK), 0, r, 80, 4); // profile creator
    return r;
  }

  private static byte[] descTag(String text) {
    byte[] a = cat(ascii(text), new byte[1]);
    return ByteBuffer.allocate(12 + a.length + 8 + 3 + 67).put(ascii("desc")).putInt(0).putInt(a.length)
        .put(a).putInt(0).putInt(0).putShort((short) 0).put((byte) 0).put(new byte[67]).array();
  }

  /** An EXIF block (the TIFF structure, without "Exif\0\0") with a GPS block and a thumbnail. */
  static byte[] exif(String prefix, byte[] thumbnail) {
    Bin.Tiff t = new Bin.Tiff();
    int exifIfd = t.newTarget(), gps = t.newTarget(), ifd1 = t.newTarget(), thumb = t.newTarget();
    t.ifd(-1, ifd1,
        Bin.Tiff.ascii(0x010e, m(prefix + "-description")),
        Bin.Tiff.ascii(0x010f, m(prefix + "-make")),
        Bin.Tiff.ascii(0x0110, m(prefix + "-model")),
        Bin.Tiff.shortValue(0x0112, 6),
        Bin.Tiff.ascii(0x0131, m(prefix + "-software")),
        Bin.Tiff.ascii(0x0132, "2026:11:02 14:32:11"),
        Bin.Tiff.ascii(0x013b, m(prefix + "-artist")),
        Bin.Tiff.ascii(0x8298, m(prefix + "-copyright")),
        Bin.Tiff.undefined(0x9c9d, Bin.cat(m(prefix + "-xpauthor").getBytes(java.nio.charset.StandardCharsets.UTF_16LE), new byte[2])),
        Bin.Tiff.pointer(0x8769, exifIfd),
        Bin.Tiff.pointer(0x8825, gps));
    t.ifd(exifIfd, -1,
        Bin.Tiff.ascii(0x9003, "2026:11:02 14:32:11"),
        Bin.Tiff.undefined(0x9286, cat(ascii("ASCII\0\0\0"), ascii(m(prefix + "-usercomment")))),
        Bin.Tiff.undefined(0x927c, ascii(m(prefix + "-makernote") + "-serial-1234567")),
        Bin.Tiff.ascii(0xa420, m(prefix + "-uniqueid")),
        Bin.Tiff.ascii(0xa430, m(prefix + "-owner")),
        Bin.Tiff.ascii(0xa431, m(prefix + "-bodyserial")),
        Bin.Tiff.ascii(0xa435, m(prefix + "-lensserial")));
    t.ifd(gps, -1,
        new Bin.Tiff.E(0x0000, 1, 4, new byte[] {2, 3, 0, 0}, -1),
        Bin.Tiff.ascii(0x0001, "N"),
        new Bin.Tiff.E(0x0002, 5, 3, cat(be32(43), be32(1), be32(15), be32(1), be32(30), be32(1)), -1),
        Bin.Tiff.ascii(0x0003, "E"),
        new Bin.Tiff.E(0x0004, 5, 3, cat(be32(76), be32(1), be32(55), be32(1), be32(12), be32(1)), -1),
        Bin.Tiff.undefined(0x001c, cat(ascii("ASCII\0\0\0"), ascii(m(prefix + "-gpsarea")))));
    t.ifd(ifd1, -1,
        Bin.Tiff.shortValue(0x0103, 6),
        Bin.Tiff.pointer(0x0201, thumb),
        Bin.Tiff.longValue(0x0202, thumbnail.length));
    t.blob(thumb, thumbnail);
    return t.bytes();
  }

  private static byte[] segment(int marker, byte[] payload) {
    return cat(new byte[] {(byte) 0xff, (byte) marker}, be16(payload.length + 2), payload);
  }

  static byte[] xmp(String prefix) {
    return utf8("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\">"
        + "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description rdf:about=\"\""
        + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">"
        + "<dc:creator><rdf:Seq><rdf:li>" + m(prefix + "-xmp-creator") + "</rdf:li></rdf:Seq></dc:creator>"
        + "<xmp:CreatorTool>" + m(prefix + "-xmp-tool") + "</xmp:CreatorTool>"
        + "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>");
  }

  /** A JPEG carrying EXIF (with GPS and a thumbnail that has its own comment), XMP, IPTC, ICC, comments, private segments and a trailer. */
  public static byte[] jpeg() {
    byte[] base = encode(picture(64 * scale, 48 * scale), "jpg");
    byte[] thumb = Bin.splice(encode(picture(8, 6), "jpg"), 2, segment(0xfe, ascii(m("jpeg-thumbnail-comment"))));
    byte[] iptc = cat(ascii("Photoshop 3.0\0"), ascii("8BIM"), be16(0x0404), new byte[] {0, 0},
        be32(4 + m("jpeg-iptc-byline").length()), new byte[] {0x1c, 2, 80}, be16(m("jpeg-iptc-byline").length()),
        ascii(m("jpeg-iptc-byline")));
    byte[] icc = icc();
    byte[] extra = cat(
        segment(0xe1, cat(ascii("Exif\0\0"), exif("jpeg-exif", thumb))),
        segment(0xe1, cat(ascii("http://ns.adobe.com/xap/1.0/\0"), xmp("jpeg"))),
        segment(0xe2, cat(ascii("ICC_PROFILE\0"), new byte[] {1, 1}, icc)),
        segment(0xed, iptc),
        segment(0xef, ascii(m("jpeg-app15"))),
        segment(0xfe, ascii(m("jpeg-comment"))));
    // after the JFIF APP0 (SOI + APP0 of 18 bytes)
    int app0End = 2 + 2 + (((base[4] & 0xff) << 8) | (base[5] & 0xff));
    return cat(Bin.splice(base, app0End, extra), ascii(m("jpeg-after-eoi") + " hidden motion photo"));
  }

  static byte[] pngChunk(String type, byte[] data) {
    byte[] td = cat(ascii(type), data);
    CRC32 c = new CRC32();
    c.update(td);
    return cat(be32(data.length), td, be32(c.getValue()));
  }

  static byte[] deflate(byte[] b) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(o, new Deflater(9))) {
      z.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return o.toByteArray();
  }

  static byte[] png() {
    byte[] base = encode(picture(40 * scale, 30 * scale), "png");
    int afterIhdr = 8 + 25;
    byte[] extra = cat(
        pngChunk("iCCP", cat(ascii(m("png-iccname")), new byte[] {0, 0}, deflate(icc()))),
        pngChunk("tEXt", cat(ascii("Author\0"), ascii(m("png-text-author")))),
        pngChunk("zTXt", cat(ascii("Comment\0\0"), deflate(ascii(m("png-ztxt-comment"))))),
        pngChunk("iTXt", cat(ascii("XML:com.adobe.xmp\0\0\0\0\0"), xmp("png"))),
        pngChunk("eXIf", exif("png-exif", new byte[] {1, 2, 3})),
        pngChunk("tIME", new byte[] {0x07, (byte) 0xea, 11, 2, 14, 32, 11}),
        pngChunk("prVt", ascii(m("png-private"))));
    byte[] withExtra = Bin.splice(base, afterIhdr, extra);
    return cat(withExtra, ascii(m("png-after-iend")));
  }

  static byte[] gif() {
    byte[] base = encode(picture(20 * Math.min(scale, 20), 10 * Math.min(scale, 20)), "gif");
    // after the header, screen descriptor and global colour table
    int packed = base[10] & 0xff;
    int at = 13 + ((packed & 0x80) != 0 ? 3 << ((packed & 7) + 1) : 0);
    byte[] loop = cat(new byte[] {0x21, (byte) 0xff, 11}, ascii("NETSCAPE2.0"), new byte[] {3, 1, 0, 0, 0});
    byte[] comment = cat(new byte[] {0x21, (byte) 0xfe}, subBlocks(ascii(m("gif-comment"))));
    byte[] xmp = cat(new byte[] {0x21, (byte) 0xff, 11}, ascii("XMP DataXMP"), subBlocks(xmp("gif")));
    byte[] other = cat(new byte[] {0x21, (byte) 0xff, 11}, ascii("SQMKAPP1.0x"), subBlocks(ascii(m("gif-app"))));
    byte[] b = Bin.splice(base, at, cat(loop, comment, xmp, other));
    return cat(b, ascii(m("gif-after-trailer")));
  }

  private static byte[] subBlocks(byte[] data) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int i = 0; i < data.length; i += 255) {
      int n = Math.min(255, data.length - i);
      o.write(n);
      o.write(data, i, n);
    }
    o.write(0);
    return o.toByteArray();
  }

  /** Raw 8-bit RGB pixels of {@link #picture}, row by row. */
  static byte[] rgb(int w, int h) {
    BufferedImage img = picture(w, h);
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int c = img.getRGB(x, y);
        px[3 * (y * w + x)] = (byte) (c >> 16);
        px[3 * (y * w + x) + 1] = (byte) (c >> 8);
        px[3 * (y * w + x) + 2] = (byte) c;
      }
    }
    return px;
  }

  /** A two-page TIFF with descriptive tags, EXIF, GPS, XMP, IPTC and an ICC profile, plus a thumbnail directory. */
  static byte[] tiff() {
    Bin.Tiff t = new Bin.Tiff();
    int w = 16 * scale, h = 8 * scale;
    int page2 = t.newTarget(), thumbIfd = t.newTarget(), strip1 = t.newTarget(), strip2 = t.newTarget(),
        strip3 = t.newTarget(), exifIfd = t.newTarget(), gps = t.newTarget();
    Bin.Tiff.E[] common = {
      Bin.Tiff.shortValue(256, w), Bin.Tiff.shortValue(257, h),
      new Bin.Tiff.E(258, 3, 3, cat(be16(8), be16(8), be16(8)), -1),
      Bin.Tiff.shortValue(259, 1), Bin.Tiff.shortValue(262, 2), Bin.Tiff.shortValue(277, 3),
      Bin.Tiff.shortValue(278, h), Bin.Tiff.longValue(279, w * h * 3),
      Bin.Tiff.rational(282, 72, 1), Bin.Tiff.rational(283, 72, 1), Bin.Tiff.shortValue(296, 2),
    };
    List<Bin.Tiff.E> first = new ArrayList<>(List.of(common));
    first.addAll(List.of(
        Bin.Tiff.pointer(273, strip1),
        Bin.Tiff.ascii(0x010d, m("tiff-docname")), Bin.Tiff.ascii(0x010e, m("tiff-description")),
        Bin.Tiff.ascii(0x010f, m("tiff-make")), Bin.Tiff.ascii(0x0110, m("tiff-model")),
        Bin.Tiff.ascii(0x0131, m("tiff-software")), Bin.Tiff.ascii(0x0132, "2026:11:02 14:32:11"),
        Bin.Tiff.ascii(0x013b, m("tiff-artist")), Bin.Tiff.ascii(0x013c, m("tiff-host")),
        Bin.Tiff.ascii(0x8298, m("tiff-copyright")),
        Bin.Tiff.undefined(700, xmp("tiff")),
        Bin.Tiff.undefined(0x83bb, cat(new byte[] {0x1c, 2, 80}, be16(m("tiff-iptc").length()), ascii(m("tiff-iptc")))),
        Bin.Tiff.undefined(34675, icc()),
        Bin.Tiff.pointer(0x8769, exifIfd), Bin.Tiff.pointer(0x8825, gps)));
    t.ifd(-1, thumbIfd, first.toArray(Bin.Tiff.E[]::new));
    t.ifd(exifIfd, -1, Bin.Tiff.ascii(0xa431, m("tiff-bodyserial")),
        Bin.Tiff.undefined(0x9286, cat(ascii("ASCII\0\0\0"), ascii(m("tiff-usercomment")))));
    t.ifd(gps, -1, Bin.Tiff.ascii(0x0001, "N"),
        Bin.Tiff.undefined(0x001c, cat(ascii("ASCII\0\0\0"), ascii(m("tiff-gpsarea")))));
    List<Bin.Tiff.E> th = new ArrayList<>(List.of(common));
    th.add(Bin.Tiff.longValue(254, 1));
    th.add(Bin.Tiff.pointer(273, strip3));
    t.ifd(thumbIfd, page2, th.toArray(Bin.Tiff.E[]::new));
    List<Bin.Tiff.E> second = new ArrayList<>(List.of(common));
    second.add(Bin.Tiff.pointer(273, strip2));
    second.add(Bin.Tiff.ascii(0x011d, m("tiff-pagename")));
    t.ifd(page2, -1, second.toArray(Bin.Tiff.E[]::new));
    byte[] px = rgb(w, h);
    t.blob(strip1, px);
    byte[] px2 = px.clone();
    for (int i = 0; i < px2.length; i++) {
      px2[i] = (byte) ~px2[i];
    }
    t.blob(strip2, px2);
    byte[] thumbPx = new byte[w * h * 3];
    byte[] mk = ascii(m("tiff-thumbnail-pixels"));
    System.arraycopy(mk, 0, thumbPx, 0, mk.length);
    t.blob(strip3, thumbPx);
    return t.bytes();
  }

  static byte[] webpBase() {
    try (var in = Corpus.class.getResourceAsStream("pattern-lossless.webp")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] riffChunk(String id, byte[] data) {
    return cat(ascii(id), le32(data.length), data, (data.length & 1) != 0 ? new byte[1] : new byte[0]);
  }

  /** The lossless WebP fixture in an extended container with ICC, EXIF, XMP and a private chunk. */
  static byte[] webp() {
    byte[] base = webpBase();
    byte[] vp8l = java.util.Arrays.copyOfRange(base, 12, base.length);
    // VP8X: flags ICC|EXIF|XMP, canvas 24x16
    byte[] x = new byte[10];
    x[0] = 0x20 | 0x08 | 0x04;
    x[4] = 23;
    x[7] = 15;
    byte[] body = cat(ascii("WEBP"), riffChunk("VP8X", x), riffChunk("ICCP", icc()), vp8l,
        riffChunk("EXIF", exif("webp-exif", new byte[] {1, 2})), riffChunk("XMP ", xmp("webp")),
        riffChunk("SQMK", ascii(m("webp-private"))));
    return cat(ascii("RIFF"), le32(body.length), body);
  }

  // ---------------------------------------------------------------- audio and video

  static byte[] pcm(int samples) {
    ByteBuffer b = ByteBuffer.allocate(2 * samples).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      b.putShort((short) (Math.sin(i * 2 * Math.PI * 440 / 8000) * 8000));
    }
    return b.array();
  }

  static byte[] wav(int samples) {
    byte[] fmt = cat(le16(1), le16(1), le32(8000), le32(16000), le16(2), le16(16));
    byte[] info = cat(ascii("INFO"), riffChunk("INAM", cat(ascii(m("wav-title")), new byte[1])),
        riffChunk("IART", cat(ascii(m("wav-artist")), new byte[1])),
        riffChunk("ICMT", cat(ascii(m("wav-comment")), new byte[1])),
        riffChunk("ISFT", cat(ascii(m("wav-software")), new byte[1])),
        riffChunk("ICRD", ascii("2026-11-02\0")));
    byte[] bext = new byte[602 + 40];
    System.arraycopy(ascii(m("wav-bext-description")), 0, bext, 0, m("wav-bext-description").length());
    System.arraycopy(ascii(m("wav-bext-originator")), 0, bext, 256, m("wav-bext-originator").length());
    System.arraycopy(ascii("2026-11-02"), 0, bext, 320, 10);
    System.arraycopy(ascii(m("wav-codinghistory")), 0, bext, 602, m("wav-codinghistory").length());
    byte[] body = cat(ascii("WAVE"), riffChunk("fmt ", fmt), riffChunk("LIST", info),
        riffChunk("bext", bext), riffChunk("iXML", utf8("<BWFXML><NOTE>" + m("wav-ixml") + "</NOTE></BWFXML>")),
        riffChunk("_PMX", xmp("wav")), riffChunk("id3 ", id3v2("wav-id3")),
        riffChunk("data", pcm(samples)), riffChunk("JUNK", ascii(m("wav-junk"))));
    return cat(ascii("RIFF"), le32(body.length), body);
  }

  private static byte[] syncsafe(int n) {
    return new byte[] {(byte) (n >> 21 & 0x7f), (byte) (n >> 14 & 0x7f), (byte) (n >> 7 & 0x7f), (byte) (n & 0x7f)};
  }

  private static byte[] id3Frame(String id, byte[] body) {
    return cat(ascii(id), be32(body.length), new byte[2], body);
  }

  static byte[] id3v2(String prefix) {
    byte[] frames = cat(
        id3Frame("TIT2", cat(new byte[] {0}, ascii(m(prefix + "-title")))),
        id3Frame("TPE1", cat(new byte[] {0}, ascii(m(prefix + "-artist")))),
        id3Frame("TENC", cat(new byte[] {0}, ascii(m(prefix + "-encodedby")))),
        id3Frame("COMM", cat(new byte[] {0}, ascii("eng"), new byte[1], ascii(m(prefix + "-comment")))),
        id3Frame("TXXX", cat(new byte[] {0}, ascii("PHONE\0"), ascii(m(prefix + "-txxx")))),
        id3Frame("APIC", cat(new byte[] {0}, ascii("image/jpeg\0"), new byte[] {3}, ascii("cover\0"),
            ascii(m(prefix + "-picture")))));
    return cat(ascii("ID3"), new byte[] {3, 0, 0}, syncsafe(frames.length), frames);
  }

  /** MPEG-1 layer III frames (128 kbit/s, 44.1 kHz, 417 bytes) with a recognisable payload. */
  static byte[] mpegFrames(int count) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      byte[] f = new byte[417];
      f[0] = (byte) 0xff;
      f[1] = (byte) 0xfb;
      f[2] = (byte) 0x90;
      f[3] = (byte) 0x64;
      for (int j = 4; j < f.length; j++) {
        f[j] = (byte) ((i * 31 + j) & 0x7f);
      }
      o.writeBytes(f);
    }
    return o.toByteArray();
  }

  static byte[] mp3() {
    byte[] ape = apeTag();
    byte[] v1 = new byte[128];
    System.arraycopy(ascii("TAG"), 0, v1, 0, 3);
    System.arraycopy(ascii(m("mp3-v1-title")), 0, v1, 3, m("mp3-v1-title").length());
    System.arraycopy(ascii(m("mp3-v1-artist")), 0, v1, 33, m("mp3-v1-artist").length());
    return cat(id3v2("mp3-id3"), mpegFrames(mpegFrameCount()), ape, v1);
  }

  static byte[] apeTag() {
    byte[] item = cat(le32(m("mp3-ape-artist").length()), le32(0), ascii("Artist\0"), ascii(m("mp3-ape-artist")));
    int size = item.length + 32;
    byte[] footer = cat(ascii("APETAGEX"), le32(2000), le32(size), le32(1), le32(0x80000000L), new byte[8]);
    byte[] header = cat(ascii("APETAGEX"), le32(2000), le32(size), le32(1), le32(0xa0000000L), new byte[8]);
    return cat(header, item, footer);
  }

  /**
   * Real FLAC frames (mono, 16-bit samples stored verbatim, 256 per frame) with a recognisable
   * payload and valid CRC-8 and CRC-16, computed here independently of the cleaner, which checks
   * that the audio ends with a whole frame.
   */
  static byte[] flacFrames() {
    int count = flacFrameCount();
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      ByteArrayOutputStream f = new ByteArrayOutputStream();
      f.write(0xff);
      f.write(0xf8); // sync code, fixed block size
      f.write(0x80); // 256 samples; the sample rate from the stream information
      f.write(0x08); // mono, 16 bits per sample
      if (i < 0x80) { // the frame number, UTF-8 coded
        f.write(i);
      } else {
        f.write(0xc0 | i >> 6);
        f.write(0x80 | i & 0x3f);
      }
      f.write(crc(f.toByteArray(), 8, 0x07));
      f.write(0x02); // a verbatim subframe
      for (int j = 0; j < 512; j++) {
        f.write((i * 31 + j * 7) & 0x7f);
      }
      byte[] frame = f.toByteArray();
      int crc16 = crc(frame, 16, 0x8005);
      o.writeBytes(frame);
      o.write(crc16 >> 8);
      o.write(crc16);
    }
    return o.toByteArray();
  }

  private static int flacFrameCount() {
    return Math.max(1, 3000 * scale / 522);
  }

  /** A CRC of {@code width} bits with polynomial {@code poly}, initial value 0, not reflected (FLAC's two). */
  static int crc(byte[] b, int width, int poly) {
    int top = 1 << (width - 1);
    int mask = (1 << width) - 1;
    int crc = 0;
    for (byte x : b) {
      crc ^= (x & 0xff) << (width - 8);
      for (int k = 0; k < 8; k++) {
        crc = (crc & top) != 0 ? ((crc << 1) ^ poly) & mask : (crc << 1) & mask;
      }
    }
    return crc;
  }

  static byte[] flac() {
    byte[] streaminfo = new byte[34];
    ByteBuffer.wrap(streaminfo).putShort((short) 256).putShort((short) 256);
    // 8000 Hz, mono, 16 bit: sample rate (20 bits) | channels-1 (3) | bps-1 (5) | total samples (36)
    long packed = (8000L << 44) | (0L << 41) | (15L << 36) | (256L * flacFrameCount());
    ByteBuffer.wrap(streaminfo, 10, 8).putLong(packed);
    byte[] vendor = ascii(m("flac-vendor"));
    byte[] comment = ascii("ARTIST=" + m("flac-artist"));
    byte[] vorbis = cat(le32(vendor.length), vendor, le32(1), le32(comment.length), comment);
    byte[] pic = cat(be32(3), be32(10), ascii("image/jpeg"), be32(m("flac-picdesc").length()),
        ascii(m("flac-picdesc")), be32(1), be32(1), be32(24), be32(0), be32(m("flac-picture").length()),
        ascii(m("flac-picture")));
    byte[] app = cat(ascii("SQMK"), ascii(m("flac-application")));
    byte[] pad = ascii(m("flac-padding-leftover"));
    return cat(ascii("fLaC"), block(0, streaminfo, false), block(4, vorbis, false), block(6, pic, false),
        block(2, app, false), block(1, pad, true), flacFrames());
  }

  private static byte[] block(int type, byte[] data, boolean last) {
    return cat(new byte[] {(byte) (type | (last ? 0x80 : 0)), (byte) (data.length >> 16), (byte) (data.length >> 8),
        (byte) data.length}, data);
  }

  static byte[] oggPage(int flags, long granule, int seq, byte[]... packets) {
    ByteArrayOutputStream lacing = new ByteArrayOutputStream();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (byte[] p : packets) {
      int n = p.length;
      while (n >= 255) {
        lacing.write(255);
        n -= 255;
      }
      lacing.write(n);
      data.writeBytes(p);
    }
    byte[] l = lacing.toByteArray();
    ByteBuffer h = ByteBuffer.allocate(27).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    h.put(ascii("OggS")).put((byte) 0).put((byte) flags).putLong(granule).putInt(0x5a5a).putInt(seq).putInt(0)
        .put((byte) l.length);
    byte[] page = cat(h.array(), l, data.toByteArray());
    long crc = oggCrc(page);
    System.arraycopy(le32(crc), 0, page, 22, 4);
    return page;
  }

  static long oggCrc(byte[] p) {
    int c = 0;
    for (byte b : p) {
      c ^= (b & 0xff) << 24;
      for (int i = 0; i < 8; i++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04c11db7 : c << 1;
      }
    }
    return c & 0xffffffffL;
  }

  /** Audio packets of the Ogg sample, to compare after cleaning. */
  static byte[][] oggAudio() {
    byte[][] a = new byte[6][];
    for (int i = 0; i < a.length; i++) {
      a[i] = new byte[300 + i];
      for (int j = 0; j < a[i].length; j++) {
        a[i][j] = (byte) (2 * i + j); // a Vorbis audio packet starts with a 0 bit: an odd first byte is a header
      }
    }
    return a;
  }

  static byte[] ogg() {
    byte[] id = cat(new byte[] {1}, ascii("vorbis"), le32(0), new byte[] {1}, le32(8000), le32(0), le32(32000),
        le32(0), new byte[] {(byte) 0xb8, 1});
    byte[] vendor = ascii(m("ogg-vendor"));
    byte[] c1 = ascii("ARTIST=" + m("ogg-artist"));
    byte[] c2 = ascii("METADATA_BLOCK_PICTURE=" + m("ogg-picture"));
    byte[] comment = cat(new byte[] {3}, ascii("vorbis"), le32(vendor.length), vendor, le32(2), le32(c1.length), c1,
        le32(c2.length), c2, new byte[] {1});
    byte[] setup = cat(new byte[] {5}, ascii("vorbis"), new byte[400]);
    byte[][] audio = oggAudio();
    return cat(oggPage(2, 0, 0, id), oggPage(0, 0, 1, comment, setup),
        oggPage(0, 1000, 2, audio[0], audio[1], audio[2]), oggPage(4, 2000, 3, audio[3], audio[4], audio[5]));
  }

  static byte[] opus() {
    byte[] head = cat(ascii("OpusHead"), new byte[] {1, 1}, le16(312), le32(48000), le16(0), new byte[] {0});
    byte[] vendor = ascii(m("opus-vendor"));
    byte[] c1 = ascii("ARTIST=" + m("opus-artist") + " ");
    byte[] c2 = ascii("TITLE=" + m("opus-title") + " recorded at the dormitory");
    byte[] tags = cat(ascii("OpusTags"), le32(vendor.length), vendor, le32(2), le32(c1.length), c1, le32(c2.length), c2);
    byte[][] audio = oggAudio();
    return cat(oggPage(2, 0, 0, head), oggPage(0, 0, 1, tags),
        oggPage(0, 960, 2, audio[0], audio[1], audio[2]), oggPage(4, 1920, 3, audio[3], audio[4], audio[5]));
  }

  static byte[] box(String type, byte[]... content) {
    byte[] c = cat(content);
    return cat(be32(8 + c.length), ascii(type), c);
  }

  static byte[] fullBox(String type, int version, byte[]... content) {
    return box(type, cat(new byte[] {(byte) version, 0, 0, 0}), cat(content));
  }

  /** Media data with a recognisable pattern, to compare after cleaning. */
  static byte[] mdatPayload(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 13 + 7);
    }
    return b;
  }

  /** An MP4 or MOV with times, user data (GPS, make, model), a QuickTime meta box and an XMP uuid box. */
  static byte[] mp4(String brand, int mdatSize) {
    long t = 3_900_000_000L; // 2027 in seconds since 1904
    byte[] ftyp = box("ftyp", ascii(brand), be32(0), ascii(brand), ascii("mp41"));
    byte[] mvhd = fullBox("mvhd", 0, be32(t), be32(t + 1), be32(1000), be32(1000), be32(0x00010000), be16(0x0100),
        new byte[10], new byte[36], new byte[24], be32(2));
    byte[] tkhd = fullBox("tkhd", 0, be32(t), be32(t + 1), be32(1), be32(0), be32(1000), new byte[8], new byte[8],
        new byte[36], be32(0), be32(0));
    byte[] mdhd = fullBox("mdhd", 0, be32(t), be32(t + 1), be32(1000), be32(1000), be16(0x55c4), be16(0));
    byte[] hdlr = fullBox("hdlr", 0, be32(0), ascii("soun"), new byte[12], ascii("SoundHandler\0"));
    byte[] stsd = fullBox("stsd", 0, be32(0));
    byte[] stts = fullBox("stts", 0, be32(0));
    byte[] stsc = fullBox("stsc", 0, be32(0));
    byte[] stsz = fullBox("stsz", 0, be32(0), be32(0));
    byte[] stco0 = fullBox("stco", 0, be32(1), be32(0));
    byte[] smhd = fullBox("smhd", 0, be32(0));
    byte[] dref = fullBox("dref", 0, be32(1), fullBox("url ", 1));
    byte[] udtaTrak = box("udta", box("name", ascii(m("mp4-trackname"))));
    byte[] udta = box("udta",
        box("\u00a9xyz", be16(m("mp4-gps").length() + 9), be16(0x15c7), ascii("+43.2500+076.9300/"), ascii(m("mp4-gps"))),
        box("\u00a9mak", be16(m("mp4-make").length()), be16(0), ascii(m("mp4-make"))),
        box("\u00a9mod", be16(m("mp4-model").length()), be16(0), ascii(m("mp4-model"))));
    byte[] meta = fullBox("meta", 0, fullBox("hdlr", 0, be32(0), ascii("mdta"), new byte[12], new byte[1]),
        fullBox("keys", 0, be32(1), be32(8 + "com.apple.quicktime.location.ISO6709".length()), ascii("mdta"),
            ascii("com.apple.quicktime.location.ISO6709")),
        box("ilst", box("\0\0\0\1", box("data", be32(1), be32(0), ascii(m("mp4-meta-location"))))));
    byte[] xmpBox = box("uuid", new byte[] {(byte) 0xbe, 0x7a, (byte) 0xcf, (byte) 0xcb, (byte) 0x97, (byte) 0xa9,
        0x42, (byte) 0xe8, (byte) 0x9c, 0x71, (byte) 0x99, (byte) 0x94, (byte) 0x91, (byte) 0xe3, (byte) 0xaf, (byte) 0xac},
        xmp("mp4"));
    byte[] freeLeftover = box("free", ascii(m("mp4-free-leftover")));
    java.util.function.IntFunction<byte[]> moov = off -> box("moov", mvhd,
        box("trak", tkhd, box("mdia", mdhd, hdlr, box("minf", smhd, box("dinf", dref),
            box("stbl", stsd, stts, stsc, stsz, fullBox("stco", 0, be32(1), be32(off))))), udtaTrak),
        udta, meta);
    int moovSize = moov.apply(0).length;
    int mdatOffset = ftyp.length + moovSize + xmpBox.length + freeLeftover.length + 8;
    return cat(ftyp, moov.apply(mdatOffset), xmpBox, freeLeftover, box("mdat", mdatPayload(mdatSize)));
  }

  // ---------------------------------------------------------------- documents

  public static final String PDF_TEXT = "EVIDENCE-PDF wages unpaid since March";

  public static byte[] pdf() {
    try {
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      try (PDDocument doc = new PDDocument()) {
        PDPage page = new PDPage(PDRectangle.A6);
        doc.addPage(page);
        PDImageXObject image = JPEGFactory.createFromByteArray(doc, jpeg());
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
          cs.newLineAtOffset(20, 300);
          cs.showText(PDF_TEXT);
          cs.endText();
          cs.drawImage(image, 20, 200, 64, 48);
        }
        for (int i = 1; i < (scale > 1 ? 20 : 1); i++) {
          PDPage more = new PDPage(PDRectangle.A4);
          doc.addPage(more);
          try (PDPageContentStream cs = new PDPageContentStream(doc, more)) {
            cs.beginText();
            cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 10);
            cs.newLineAtOffset(40, 800);
            cs.setLeading(12);
            for (int line = 0; line < 60; line++) {
              cs.showText("Page " + (i + 1) + ", line " + line + ": hours worked, wages promised, wages paid.");
              cs.newLine();
            }
            cs.endText();
          }
        }
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setAuthor(m("pdf-author"));
        info.setTitle(m("pdf-title"));
        info.setSubject(m("pdf-subject"));
        info.setKeywords(m("pdf-keywords"));
        info.setCreator(m("pdf-creator"));
        info.setProducer(m("pdf-producer"));
        info.setCustomMetadataValue("Company", m("pdf-company"));
        Calendar when = new GregorianCalendar(TimeZone.getTimeZone("Asia/Almaty"));
        when.set(2026, Calendar.NOVEMBER, 2, 14, 32, 11);
        info.setCreationDate(when);
        PDMetadata xmp = new PDMetadata(doc);
        try (var o = xmp.createOutputStream()) {
          o.write(xmp("pdf"));
        }
        doc.getDocumentCatalog().setMetadata(xmp);
        COSArray id = new COSArray();
        id.add(new COSString(ascii(m("pdf-docid"))));
        id.add(new COSString(ascii(m("pdf-docid"))));
        doc.getDocument().getTrailer().setItem(COSName.ID, id);
        doc.getDocumentCatalog().setOpenAction(new PDActionJavaScript("app.alert('" + m("pdf-javascript") + "')"));
        page.getCOSObject().setString(COSName.getPDFName("PieceInfo"), m("pdf-pieceinfo"));
        List<org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation> annotations = new ArrayList<>();
        PDAnnotationText note = new PDAnnotationText();
        note.setRectangle(new PDRectangle(10, 10, 20, 20));
        note.setContents("EVIDENCE-note");
        note.setTitlePopup(m("pdf-annotation-author"));
        note.getCOSObject().setString(COSName.M, "D:20261102143211+05'00'");
        annotations.add(note);
        PDComplexFileSpecification fs = new PDComplexFileSpecification();
        fs.setFile("dormitory.txt");
        PDEmbeddedFile ef = new PDEmbeddedFile(doc, new java.io.ByteArrayInputStream(ascii(m("pdf-embedded-file"))));
        fs.setEmbeddedFile(ef);
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(java.util.Map.of("dormitory.txt", fs));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
        PDAnnotationFileAttachment att = new PDAnnotationFileAttachment();
        att.setRectangle(new PDRectangle(40, 10, 20, 20));
        PDComplexFileSpecification fs2 = new PDComplexFileSpecification();
        fs2.setFile("attached.txt");
        fs2.setEmbeddedFile(new PDEmbeddedFile(doc, new java.io.ByteArrayInputStream(ascii(m("pdf-attachment")))));
        att.setFile(fs2);
        annotations.add(att);
        page.setAnnotations(annotations);
        doc.save(first, org.apache.pdfbox.pdfwriter.compress.CompressParameters.NO_COMPRESSION);
      }
      // an incremental update: the first revision, with its author, stays in the bytes
      ByteArrayOutputStream update = new ByteArrayOutputStream();
      try (PDDocument doc = Loader.loadPDF(first.toByteArray())) {
        COSDictionary info = doc.getDocumentInformation().getCOSObject();
        info.setString(COSName.AUTHOR, m("pdf-author-revision2"));
        info.setNeedToBeUpdated(true);
        doc.saveIncremental(update);
      }
      return cat(first.toByteArray(), update.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final LocalDateTime ORIGINAL_TIME = LocalDateTime.of(2026, 11, 2, 14, 32, 11);

  static byte[] zip(boolean odf, String[][] members) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      z.setComment(m("zip-comment"));
      for (String[] mbr : members) {
        byte[] data = mbr[1].startsWith("BYTES:") ? java.util.Base64.getDecoder().decode(mbr[1].substring(6)) : utf8(mbr[1]);
        ZipEntry e = new ZipEntry(mbr[0]);
        e.setTimeLocal(ORIGINAL_TIME);
        e.setComment(m("zip-entry-comment"));
        if (odf && mbr[0].equals("mimetype")) {
          e.setMethod(ZipEntry.STORED);
          e.setSize(data.length);
          CRC32 c = new CRC32();
          c.update(data);
          e.setCrc(c.getValue());
        }
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return o.toByteArray();
  }

  static final String CHAT_TEXT = "EVIDENCE-ARCHIVE [02.11.26, 14:32] Айбек: зарплату не платят три месяца\n";

  /**
   * A chat exported with its attachments, as WhatsApp on an iPhone shares it: the chat's text, a
   * photo, a voice note and a wage sheet, a zip inside it, and what macOS and Finder add when such
   * a folder is zipped there (each with markers), with dates, comments and extra fields.
   */
  static byte[] archive() {
    byte[] inner = zip(false, new String[][] {{"screen.png", b64(png())}});
    return zip(false, new String[][] {
        {"chat/_chat.txt", CHAT_TEXT},
        {"chat/00000003-PHOTO.jpg", b64(jpeg())},
        {"chat/00000004-AUDIO.opus", b64(opus())},
        {"chat/00000005-Boss.vcf", new String(vcard(), java.nio.charset.StandardCharsets.UTF_8)},
        {"chat/wages.pdf", b64(pdf())},
        {"chat/screens.zip", b64(inner)},
        {"chat/.DS_Store", m("finder-folder-view")},
        {"__MACOSX/chat/._00000003-PHOTO.jpg", m("where-from-https-example-org")}});
  }

  /** The contact's content, which must come out as it went in. */
  static final String VCARD_NAME = "EVIDENCE-VCF Рустам Каримов";
  static final String VCARD_NOTE = "EVIDENCE-VCF-note takes passports\\, at the gate";

  /**
   * A contact card as an iPhone shares one (vCard 3.0, CRLF, an Apple item group), with what the
   * phone writes about it (markers) and a photo with its camera data and GPS position, folded at
   * 75 bytes; and a second card whose logo loads from an address when it is shown.
   */
  static byte[] vcard() {
    String photo = java.util.Base64.getEncoder().encodeToString(jpeg());
    StringBuilder folded = new StringBuilder("PHOTO;ENCODING=b;TYPE=JPEG:");
    int first = 75 - folded.length();
    folded.append(photo, 0, first);
    for (int i = first; i < photo.length(); i += 74) {
      folded.append("\r\n ").append(photo, i, Math.min(photo.length(), i + 74));
    }
    return String.join("\r\n",
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//" + m("vcf-prodid") + "//iPhone OS 17.4//EN",
        "N:Каримов;Рустам;;;", "FN:" + VCARD_NAME, "ORG:EVIDENCE-VCF Stroy Invest LLP;",
        "item1.TEL;type=pref:+7 701 555 0101", "item1.X-ABLabel:_$!<Mobile>!$_",
        "NOTE:" + VCARD_NOTE, "REV:2026-11-02T14:32:11Z", "UID:" + m("vcf-uid"), "X-ABUID:" + m("vcf-abuid") + ":ABPerson",
        "CATEGORIES:" + m("vcf-group"), "TEL;PID=" + m("vcf-pid") + ";TYPE=work:+7 727 000 0000",
        folded.toString(), "END:VCARD",
        "BEGIN:VCARD", "VERSION:3.0", "FN:EVIDENCE-VCF Intermediary", "LOGO;VALUE=uri:http://198.51.100.7/" + m("vcf-logo") + ".png",
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/relation;" + m("vcf-relation"), "END:VCARD", "")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }


  /** What a page's text says, which must come out as it went in. */
  static final String HTML_TEXT = "EVIDENCE-HTML зарплату не платят три месяца";
  /** The address a hostile page loads from. */
  static final String HTML_EVIL = "198.51.100.7";

  /**
   * A chat as Telegram Desktop exports it ({@code messages.html}), with what a hostile source or a
   * browser's save adds: scripts, handlers, pictures, style sheets and frames from an address,
   * links to shares, a form, metadata and a comment naming where it was saved from (markers), and a
   * photo with its camera data inside it.
   */
  static String html() {
    String photo = java.util.Base64.getEncoder().encodeToString(Corpus.jpeg());
    return "<!DOCTYPE html>\n<html>\n <head>\n  <meta charset=\"utf-8\"/>\n  <title>Exported Data</title>\n"
        + "  <meta content=\"width=device-width, initial-scale=1.0\" name=\"viewport\"/>\n"
        + "  <meta name=\"generator\" content=\"" + MARK + "-generator\">\n"
        + "  <meta name=\"author\" content=\"" + MARK + "-author\">\n"
        + "  <meta http-equiv=\"refresh\" content=\"30; url=http://" + HTML_EVIL + "/" + MARK + "-refresh\">\n"
        + "  <base href=\"http://" + HTML_EVIL + "/\">\n"
        + "  <link href=\"css/style.css\" rel=\"stylesheet\"/>\n"
        + "  <link rel=\"icon\" href=\"http://" + HTML_EVIL + "/" + MARK + "-icon.png\">\n"
        + "  <script src=\"js/script.js\" type=\"text/javascript\"></script>\n"
        + "  <style>body{background:url(http://" + HTML_EVIL + "/" + MARK + "-bg.png)}</style>\n"
        + "  <style>.ok { color: red }</style>\n"
        + " </head>\n <!-- saved from url=(0040)https://" + HTML_EVIL + "/" + MARK + "-saved-from -->\n"
        + " <body onload=\"CheckLocation();\">\n  <div class=\"page_wrap\">\n"
        + "   <div class=\"page_header\"><div class=\"content\"><div class=\"text bold\">Бригадир</div></div></div>\n"
        + "   <div class=\"history\">\n    <div class=\"message default clearfix\" id=\"message123\">\n"
        + "     <div class=\"userpic userpic2\" style=\"width: 42px; height: 42px\"><div class=\"initials\">Б</div></div>\n"
        + "     <div class=\"body\">\n"
        + "      <div class=\"pull_right date details\" title=\"02.11.2026 14:32:11 UTC+05:00\">14:32</div>\n"
        + "      <div class=\"from_name\">Бригадир</div>\n"
        + "      <div class=\"text\">" + HTML_TEXT + "</div>\n"
        + "      <a class=\"photo_wrap clearfix pull_left\" href=\"photos/photo_1@02-11-2026_14-32-11.jpg\">"
        + "<img class=\"photo\" src=\"photos/photo_1@02-11-2026_14-32-11_thumb.jpg\" style=\"width: 260px; height: 195px\"/></a>\n"
        + "      <div class=\"reply_to details\">In reply to <a href=\"#go_to_message122\" onclick=\"return GoToMessage(122)\">"
        + "this message</a></div>\n"
        + "      <a href=\"https://t.me/boss_stroy\">t.me/boss_stroy</a>\n"
        + "      <img src=\"http://" + HTML_EVIL + "/" + MARK + "-pixel.png\" alt=\"pixel\">\n"
        + "      <img src=\"data:image/jpeg;base64," + photo + "\" alt=\"EVIDENCE-inline\">\n"
        + "      <a href=\"java\tscript:alert(1)\">script</a> <a href=\"file://///" + HTML_EVIL + "/share/" + MARK + "\">share</a>\n"
        + "      <a href=\"\\\\" + HTML_EVIL + "\\share\">unc</a> <a href=\"//" + HTML_EVIL + "/share\">relative to the scheme</a>\n"
        + "      <a href=\"../../../Windows/win.ini\">up</a> <img src=\"%5C%5C" + HTML_EVIL + "%5Cshare%5Cx.png\">\n"
        + "      <iframe src=\"http://" + HTML_EVIL + "/" + MARK + "-frame\"></iframe>\n"
        + "      <object data=\"http://" + HTML_EVIL + "/x.swf\"></object>\n"
        + "      <form action=\"http://" + HTML_EVIL + "/" + MARK + "-form\"><input name=\"q\" value=\"" + MARK + "-input\">"
        + "<button formaction=\"http://" + HTML_EVIL + "/b\">EVIDENCE-button</button></form>\n"
        + "      <div data-tracking=\"" + MARK + "-data\" style=\"background-image:url(http://" + HTML_EVIL + "/" + MARK + "-st)\">"
        + "EVIDENCE-styled</div>\n"
        + "      <svg><image href=\"http://" + HTML_EVIL + "/" + MARK + "-svg\"/></svg>\n"
        + "      <table background=\"http://" + HTML_EVIL + "/t.png\"><tr><td colspan=\"2\">EVIDENCE-cell</td></tr></table>\n"
        + "     </div>\n    </div>\n   </div>\n  </div>\n </body>\n</html>\n";
  }

  static String b64(byte[] b) {
    return "BYTES:" + java.util.Base64.getEncoder().encodeToString(b);
  }

  private static final String XML = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  private static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
  private static final String OD = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

  private static String core(String p) {
    return XML + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
        + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>" + m(p + "-title") + "</dc:title>"
        + "<dc:creator>" + m(p + "-creator") + "</dc:creator><cp:lastModifiedBy>" + m(p + "-lastmodifiedby")
        + "</cp:lastModifiedBy><cp:keywords>" + m(p + "-keywords") + "</cp:keywords><cp:revision>7</cp:revision>"
        + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-02T14:32:11Z</dcterms:created></cp:coreProperties>";
  }

  private static String app(String p) {
    return XML + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
        + "<Template>" + m(p + "-template") + "</Template><TotalTime>93</TotalTime><Company>" + m(p + "-company")
        + "</Company><Manager>" + m(p + "-manager") + "</Manager><Application>Microsoft Office Word</Application>"
        + "<AppVersion>16.0000</AppVersion></Properties>";
  }

  private static String custom(String p) {
    return XML + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\""
        + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
        + "<property fmtid=\"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}\" pid=\"2\" name=\"Case owner\"><vt:lpwstr>"
        + m(p + "-custom") + "</vt:lpwstr></property></Properties>";
  }

  private static String packageRels() {
    return XML + "<Relationships xmlns=\"" + RELS + "\">"
        + "<Relationship Id=\"rId1\" Type=\"" + OD + "/officeDocument\" Target=\"MAIN\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"" + OD + "/extended-properties\" Target=\"docProps/app.xml\"/>"
        + "<Relationship Id=\"rId4\" Type=\"" + OD + "/custom-properties\" Target=\"docProps/custom.xml\"/>"
        + "<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail\" Target=\"docProps/thumbnail.jpeg\"/>"
        + "</Relationships>";
  }

  private static String contentTypes(String mainPart, String mainType, String... overrides) {
    StringBuilder s = new StringBuilder(XML + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
        + "<Override PartName=\"/" + mainPart + "\" ContentType=\"" + mainType + "\"/>"
        + "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        + "<Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>");
    for (int i = 0; i < overrides.length; i += 2) {
      s.append("<Override PartName=\"/").append(overrides[i]).append("\" ContentType=\"").append(overrides[i + 1]).append("\"/>");
    }
    return s.append("</Types>").toString();
  }

  static final String DOCX_TEXT = "EVIDENCE-DOCX the employer took our passports";

  static byte[] docx() {
    String w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    String document = XML + "<w:document xmlns:w=\"" + w + "\" xmlns:r=\"" + OD + "\""
        + " xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"><w:body>"
        + "<w:p w:rsidR=\"00A1B2C3\" w:rsidRDefault=\"00A1B2C3\" w14:paraId=\"1A2B3C4D\" w14:textId=\"5E6F7A8B\">"
        + "<w:commentRangeStart w:id=\"0\"/><w:r w:rsidR=\"00D4E5F6\"><w:t>" + DOCX_TEXT + "</w:t></w:r>"
        + "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>"
        + "<w:ins w:id=\"1\" w:author=\"" + m("docx-change-author") + "\" w:date=\"2026-11-02T14:32:00Z\">"
        + "<w:r><w:t>EVIDENCE-DOCX-inserted</w:t></w:r></w:ins>"
        + "<w:del w:id=\"2\" w:author=\"" + m("docx-change-author2") + "\" w:date=\"2026-11-02T14:33:00Z\">"
        + "<w:r><w:delText>EVIDENCE-DOCX-deleted</w:delText></w:r></w:del></w:p>"
        + "<w:p><w:r><w:drawing><a:blip xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" r:embed=\"rId9\"/>"
        // Office 2016's random id of a drawing object, which links copies of the document
        + "<a:extLst xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\"><a:ext uri=\"{FF2B5EF4-FFF2-40B4-BE49-F238E27FC236}\">"
        + "<a16:creationId xmlns:a16=\"http://schemas.microsoft.com/office/drawing/2014/main\" id=\"{" + m("docx-a16-id") + "}\"/>"
        + "</a:ext></a:extLst></w:drawing></w:r></w:p>"
        + "<!-- " + m("docx-xml-comment") + " --></w:body></w:document>";
    String settings = XML + "<w:settings xmlns:w=\"" + w + "\" xmlns:r=\"" + OD + "\"><w:attachedTemplate r:id=\"rId1\"/>"
        + "<w:docVars><w:docVar w:name=\"owner\" w:val=\"" + m("docx-docvar") + "\"/></w:docVars>"
        + "<w:rsids><w:rsidRoot w:val=\"00A1B2C3\"/><w:rsid w:val=\"00D4E5F6\"/></w:rsids>"
        // the document's persistent GUIDs (Word 2010 and 2013), which link every copy of it
        + "<w14:docId xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" w14:val=\"" + m("docx-w14-docid") + "\"/>"
        + "<w15:docId xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" w15:val=\"{" + m("docx-w15-docid") + "}\"/>"
        + "</w:settings>";
    String settingsRels = XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OD
        + "/attachedTemplate\" Target=\"file:///C:/Users/" + m("docx-template-user") + "/Templates/Normal.dotm\" TargetMode=\"External\"/></Relationships>";
    String comments = XML + "<w:comments xmlns:w=\"" + w + "\"><w:comment w:id=\"0\" w:author=\"" + m("docx-comment-author")
        + "\" w:initials=\"SQ\" w:date=\"2026-11-02T14:32:00Z\"><w:p><w:r><w:t>" + m("docx-comment-text") + "</w:t></w:r></w:p></w:comment></w:comments>";
    String people = XML + "<w15:people xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\"><w15:person w15:author=\""
        + m("docx-person") + "\"/></w15:people>";
    String docRels = XML + "<Relationships xmlns=\"" + RELS + "\">"
        + "<Relationship Id=\"rId1\" Type=\"" + OD + "/settings\" Target=\"settings.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"" + OD + "/comments\" Target=\"comments.xml\"/>"
        + "<Relationship Id=\"rId3\" Type=\"http://schemas.microsoft.com/office/2011/relationships/people\" Target=\"people.xml\"/>"
        + "<Relationship Id=\"rId4\" Type=\"" + OD + "/customXml\" Target=\"../customXml/item1.xml\"/>"
        + "<Relationship Id=\"rId9\" Type=\"" + OD + "/image\" Target=\"media/image1.jpeg\"/></Relationships>";
    String wml = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    return zip(false, new String[][] {
      {"[Content_Types].xml", contentTypes("word/document.xml", wml + ".document.main+xml",
          "word/settings.xml", wml + ".settings+xml", "word/comments.xml", wml + ".comments+xml",
          "word/people.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml")},
      {"_rels/.rels", packageRels().replace("MAIN", "word/document.xml")},
      {"docProps/core.xml", core("docx")}, {"docProps/app.xml", app("docx")}, {"docProps/custom.xml", custom("docx")},
      {"docProps/thumbnail.jpeg", b64(Bin.splice(encode(picture(8, 8), "jpg"), 2, segment(0xfe, ascii(m("docx-thumbnail")))))},
      {"word/document.xml", document}, {"word/_rels/document.xml.rels", docRels},
      {"word/settings.xml", settings}, {"word/_rels/settings.xml.rels", settingsRels},
      {"word/comments.xml", comments}, {"word/people.xml", people},
      {"word/media/image1.jpeg", b64(jpeg())},
      {"customXml/item1.xml", XML + "<root>" + m("docx-customxml") + "</root>"},
    });
  }

  static final String XLSX_TEXT = "EVIDENCE-XLSX wages owed 1200";

  /** A DOCX whose document part is 200 MiB of valid XML whitespace deflated to about 200 KiB: a zip bomb. */
  public static byte[] docxBomb() {
    try {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      try (ZipOutputStream z = new ZipOutputStream(o)) {
        z.putNextEntry(new ZipEntry("[Content_Types].xml"));
        z.write(utf8("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"));
        z.putNextEntry(new ZipEntry("word/document.xml"));
        z.write(utf8("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"));
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        for (int i = 0; i < 200; i++) {
          z.write(spaces);
        }
      }
      return o.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] xlsx() {
    String s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    String workbook = XML + "<workbook xmlns=\"" + s + "\" xmlns:r=\"" + OD + "\""
        + " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\""
        + " xmlns:x15ac=\"http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac\""
        + " xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\">"
        + "<mc:AlternateContent><mc:Choice Requires=\"x15\"><x15ac:absPath url=\"C:\\Users\\" + m("xlsx-abspath")
        + "\\Documents\\\"/></mc:Choice></mc:AlternateContent>"
        + "<xr:revisionPtr revIDLastSave=\"0\" documentId=\"13_ncr:1_{" + m("xlsx-docid") + "}\"/>"
        + "<sheets><sheet name=\"Wages\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    String sheet = XML + "<worksheet xmlns=\"" + s + "\" xmlns:xr=\"http://schemas.microsoft.com/office/spreadsheetml/2014/revision\""
        + " xr:uid=\"{" + m("xlsx-uid") + "}\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row></sheetData></worksheet>";
    String shared = XML + "<sst xmlns=\"" + s + "\" count=\"1\" uniqueCount=\"1\"><si><t>" + XLSX_TEXT + "</t></si></sst>";
    String comments = XML + "<comments xmlns=\"" + s + "\"><authors><author>" + m("xlsx-comment-author")
        + "</author></authors><commentList><comment ref=\"A1\" authorId=\"0\"><text><t>" + m("xlsx-comment-text")
        + "</t></text></comment></commentList></comments>";
    String wbRels = XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OD
        + "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + OD
        + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
    String sheetRels = XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OD
        + "/comments\" Target=\"../comments1.xml\"/></Relationships>";
    String sml = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    return zip(false, new String[][] {
      {"[Content_Types].xml", contentTypes("xl/workbook.xml", sml + ".sheet.main+xml",
          "xl/worksheets/sheet1.xml", sml + ".worksheet+xml", "xl/sharedStrings.xml", sml + ".sharedStrings+xml",
          "xl/comments1.xml", sml + ".comments+xml")},
      {"_rels/.rels", packageRels().replace("MAIN", "xl/workbook.xml")},
      {"docProps/core.xml", core("xlsx")}, {"docProps/app.xml", app("xlsx")}, {"docProps/custom.xml", custom("xlsx")},
      {"xl/workbook.xml", workbook}, {"xl/_rels/workbook.xml.rels", wbRels},
      {"xl/worksheets/sheet1.xml", sheet}, {"xl/worksheets/_rels/sheet1.xml.rels", sheetRels},
      {"xl/sharedStrings.xml", shared}, {"xl/comments1.xml", comments},
      {"xl/printerSettings/printerSettings1.bin", b64(ascii(m("xlsx-printer")))},
    });
  }

  static final String PPTX_TEXT = "EVIDENCE-PPTX raid on 2 November";
  static final String PPTX_SECTION = "EVIDENCE-PPTX-section";
  static final String PPTX_SERIES = "EVIDENCE-PPTX-series";

  static byte[] pptx() {
    String p = "http://schemas.openxmlformats.org/presentationml/2006/main";
    String a = "http://schemas.openxmlformats.org/drawingml/2006/main";
    // PowerPoint 2010's slide sections, each with a random GUID that stays through every save
    String pres = XML + "<p:presentation xmlns:p=\"" + p + "\" xmlns:r=\"" + OD + "\"><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/></p:sldIdLst>"
        + "<p:extLst><p:ext uri=\"{521415D9-36F7-43E2-AB2F-B90AF26B5E84}\"><p14:sectionLst xmlns:p14=\"http://schemas.microsoft.com/office/powerpoint/2010/main\">"
        + "<p14:section name=\"" + PPTX_SECTION + "\" id=\"{" + m("pptx-section-id") + "}\"><p14:sldIdLst><p14:sldId id=\"256\"/></p14:sldIdLst>"
        + "</p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>";
    // a chart whose series carries Office 2016's random id (c16:uniqueId)
    String chart = XML + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"><c:chart><c:plotArea><c:barChart>"
        + "<c:ser><c:idx val=\"0\"/><c:order val=\"0\"/><c:tx><c:v>" + PPTX_SERIES + "</c:v></c:tx><c:extLst>"
        + "<c:ext uri=\"{C3380CC4-5D6E-409C-BE32-E72D297353CC}\" xmlns:c16=\"http://schemas.microsoft.com/office/drawing/2014/chart\">"
        + "<c16:uniqueId val=\"{" + m("pptx-series-id") + "}\"/></c:ext></c:extLst></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>";
    String slide = XML + "<p:sld xmlns:p=\"" + p + "\" xmlns:a=\"" + a + "\" xmlns:p14=\"http://schemas.microsoft.com/office/powerpoint/2010/main\">"
        + "<p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>" + PPTX_TEXT + "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>"
        + "<p:custDataLst><p:tags xmlns:r=\"" + OD + "\" r:id=\"rId2\"/></p:custDataLst></p:cSld>"
        + "<p:extLst><p:ext uri=\"{BB962C8B-B14F-4D97-AF65-F5344CB8AC3E}\"><p14:creationId val=\"1234567890\"/></p:ext></p:extLst></p:sld>";
    String authors = XML + "<p:cmAuthorLst xmlns:p=\"" + p + "\"><p:cmAuthor id=\"0\" name=\"" + m("pptx-comment-author")
        + "\" initials=\"SQ\" lastIdx=\"1\" clrIdx=\"0\"/></p:cmAuthorLst>";
    String comment = XML + "<p:cmLst xmlns:p=\"" + p + "\"><p:cm authorId=\"0\" dt=\"2026-11-02T14:32:11\" idx=\"1\"><p:text>"
        + m("pptx-comment-text") + "</p:text></p:cm></p:cmLst>";
    String presRels = XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OD
        + "/slide\" Target=\"slides/slide1.xml\"/><Relationship Id=\"rId2\" Type=\"" + OD
        + "/commentAuthors\" Target=\"commentAuthors.xml\"/></Relationships>";
    String slideRels = XML + "<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\"" + OD
        + "/comments\" Target=\"../comments/comment1.xml\"/><Relationship Id=\"rId2\" Type=\"" + OD
        + "/tags\" Target=\"../tags/tag1.xml\"/><Relationship Id=\"rId3\" Type=\"" + OD
        + "/chart\" Target=\"../charts/chart1.xml\"/></Relationships>";
    // an add-in's tags (iSpring keeps the original file name there)
    String tags = XML + "<p:tagLst xmlns:p=\"" + p + "\"><p:tag name=\"ISPRING_PRESENTATION_TITLE\" val=\""
        + m("pptx-addin-tag") + ".pptx\"/></p:tagLst>";
    String pml = "application/vnd.openxmlformats-officedocument.presentationml";
    return zip(false, new String[][] {
      {"[Content_Types].xml", contentTypes("ppt/presentation.xml", pml + ".presentation.main+xml",
          "ppt/slides/slide1.xml", pml + ".slide+xml", "ppt/commentAuthors.xml", pml + ".commentAuthors+xml",
          "ppt/comments/comment1.xml", pml + ".comments+xml", "ppt/tags/tag1.xml", pml + ".tags+xml",
          "ppt/charts/chart1.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")},
      {"_rels/.rels", packageRels().replace("MAIN", "ppt/presentation.xml")},
      {"docProps/core.xml", core("pptx")}, {"docProps/app.xml", app("pptx")}, {"docProps/custom.xml", custom("pptx")},
      {"ppt/presentation.xml", pres}, {"ppt/_rels/presentation.xml.rels", presRels},
      {"ppt/slides/slide1.xml", slide}, {"ppt/slides/_rels/slide1.xml.rels", slideRels},
      {"ppt/commentAuthors.xml", authors}, {"ppt/comments/comment1.xml", comment}, {"ppt/tags/tag1.xml", tags},
      {"ppt/charts/chart1.xml", chart},
    });
  }

  static final String ODT_TEXT = "EVIDENCE-ODT the police came with the employer";

  static byte[] odt() {
    String ns = " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
        + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:meta=\"urn:oasis:names:tc:opendocument:xmlns:meta:1.0\""
        + " xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\""
        + " xmlns:config=\"urn:oasis:names:tc:opendocument:xmlns:config:1.0\""
        + " xmlns:officeooo=\"http://openoffice.org/2009/office\"";
    String meta = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta" + ns + " office:version=\"1.3\"><office:meta>"
        + "<meta:initial-creator>" + m("odt-initial-creator") + "</meta:initial-creator><dc:creator>" + m("odt-creator")
        + "</dc:creator><meta:generator>" + m("odt-generator") + "</meta:generator><dc:title>" + m("odt-title")
        + "</dc:title><meta:creation-date>2026-11-02T14:32:11</meta:creation-date>"
        + "<meta:user-defined meta:name=\"Case\">" + m("odt-userdefined") + "</meta:user-defined></office:meta></office:document-meta>";
    String settings = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-settings" + ns + " office:version=\"1.3\"><office:settings>"
        + "<config:config-item-set config:name=\"ooo:configuration-settings\"><config:config-item config:name=\"PrinterName\" config:type=\"string\">"
        + m("odt-printer") + "</config:config-item></config:config-item-set></office:settings></office:document-settings>";
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content" + ns + " office:version=\"1.3\">"
        + "<office:automatic-styles><style:style style:name=\"P1\" style:family=\"paragraph\"><style:text-properties officeooo:rsid=\"0012ab34\" officeooo:paragraph-rsid=\"0012ab34\"/></style:style></office:automatic-styles>"
        + "<office:body><office:text><text:tracked-changes><text:changed-region text:id=\"ct1\"><text:insertion>"
        + "<office:change-info><dc:creator>" + m("odt-change-author") + "</dc:creator><dc:date>2026-11-02T14:32:11</dc:date></office:change-info>"
        + "</text:insertion></text:changed-region></text:tracked-changes>"
        + "<text:p text:style-name=\"P1\">" + ODT_TEXT + "<office:annotation><dc:creator>" + m("odt-comment-author")
        + "</dc:creator><dc:date>2026-11-02T14:32:11</dc:date><text:p>" + m("odt-comment-text") + "</text:p></office:annotation>"
        + "<text:change-start text:change-id=\"ct1\"/>EVIDENCE-ODT-inserted<text:change-end text:change-id=\"ct1\"/></text:p>"
        + "<text:p><draw:frame xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"><draw:image xmlns:xlink=\"http://www.w3.org/1999/xlink\" xlink:href=\"Pictures/photo.jpg\"/></draw:frame></text:p>"
        + "</office:text></office:body></office:document-content>";
    String styles = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles" + ns + " office:version=\"1.3\"/>";
    String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">"
        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"styles.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"meta.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"settings.xml\" manifest:media-type=\"text/xml\"/>"
        + "<manifest:file-entry manifest:full-path=\"Pictures/photo.jpg\" manifest:media-type=\"image/jpeg\"/>"
        + "<manifest:file-entry manifest:full-path=\"Thumbnails/thumbnail.png\" manifest:media-type=\"image/png\"/>"
        + "</manifest:manifest>";
    return zip(true, new String[][] {
      {"mimetype", "application/vnd.oasis.opendocument.text"},
      {"meta.xml", meta}, {"settings.xml", settings}, {"content.xml", content}, {"styles.xml", styles},
      {"Thumbnails/thumbnail.png", b64(cat(encode(picture(8, 8), "png"), ascii(m("odt-thumbnail"))))},
      {"Pictures/photo.jpg", b64(jpeg())},
      {"META-INF/manifest.xml", manifest},
    });
  }
}
