package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GIF: keeps the screen, colour tables, images, graphic control (timing, transparency), plain
 * text and the looping extension; drops comments, XMP and other application extensions, and
 * anything after the trailer. Image data is copied unchanged.
 */
final class Gif extends ByteCleaner {
  Gif() {
    super("gif", Warnings.IMAGE);
  }

  @Override
  void clean(Source in, Sink out, Job job) throws IOException {
    byte[] header = in.bytes(13, 13, "the GIF header");
    String sig = new String(header, 0, 6, StandardCharsets.ISO_8859_1);
    Job.check(sig.equals("GIF87a") || sig.equals("GIF89a"), "not a GIF image");
    out.write(header);
    colourTable(in, out, header[10]);
    int images = 0;
    int blocks = 0;
    while (true) {
      job.tick();
      Job.limit(++blocks, job.limits().maxItems(), "GIF blocks");
      if (images > 0 && in.remaining() == 0) {
        // ends after a whole image without the trailer (an icon in Python's own documentation):
        // viewers show it, and the copy gets the trailer
        out.write(0x3b);
        job.kept("the end marker, added: the file ended after its image without one");
        break;
      }
      int b = in.u8();
      if (b == 0x3b) {
        out.write(b);
        break;
      } else if (b == 0x2c) {
        byte[] d = in.bytes(9, 9, "an image descriptor");
        out.write(b);
        out.write(d);
        colourTable(in, out, d[8]);
        out.write(in.u8()); // LZW minimum code size
        subBlocks(in, out, job);
        images++;
      } else if (b == 0x21) {
        int label = in.u8();
        if (label == 0xf9 || label == 0x01) {
          out.write(b);
          out.write(label);
          subBlocks(in, out, job);
        } else if (label == 0xff) {
          int n = in.u8();
          byte[] id = in.bytes(n, 255, "an application extension");
          String app = new String(id, StandardCharsets.ISO_8859_1);
          if (app.startsWith("NETSCAPE2.0") || app.startsWith("ANIMEXTS1.0")) {
            out.write(b);
            out.write(label);
            out.write(n);
            out.write(id);
            subBlocks(in, out, job);
            job.kept("animation looping");
          } else {
            subBlocks(in, OutputStream.nullOutputStream(), job);
            job.removed(app.startsWith("XMP Data") ? "XMP metadata"
                : app.startsWith("ICCRGBG1") ? "colour profile" : "application extension");
          }
        } else {
          subBlocks(in, OutputStream.nullOutputStream(), job);
          job.removed(label == 0xfe ? "comment" : "unknown extension");
        }
      } else {
        throw new BadFileException("a damaged GIF (unknown block at offset " + (in.pos() - 1) + ")");
      }
    }
    Job.check(images > 0, "a GIF without an image");
    job.kept(images == 1 ? "the image data, byte for byte" : "all " + images + " frames, byte for byte");
    long trailing = in.remaining();
    if (trailing > 0) {
      job.removed(trailing + " bytes after the end of the image");
    }
  }

  private static void colourTable(Source in, OutputStream out, byte packed) throws IOException {
    if ((packed & 0x80) != 0) {
      int n = 3 << ((packed & 7) + 1);
      in.copyTo(out, n);
    }
  }

  private static void subBlocks(Source in, OutputStream out, Job job) throws IOException {
    while (true) {
      int n = in.u8();
      out.write(n);
      if (n == 0) {
        return;
      }
      in.copyTo(out, n);
      job.tick();
    }
  }
}
