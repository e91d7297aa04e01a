package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GIF: keeps the screen, colour tables, images, graphic control (timing, transparency) and the
 * looping extension, each written with its values alone; drops plain text, comments, XMP and other
 * application extensions, and anything after the trailer. Image data is copied unchanged.
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
    byte[] control = null; // a graphic control block waiting for its image
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
        if (control != null) {
          out.write(control);
          control = null;
        }
        byte[] d = in.bytes(9, 9, "an image descriptor");
        out.write(b);
        out.write(d);
        colourTable(in, out, d[8]);
        out.write(in.u8()); // LZW minimum code size
        subBlocks(in, out, job);
        images++;
      } else if (b == 0x21) {
        int label = in.u8();
        if (label == 0xf9) {
          // its 4 bytes (flags, delay, transparent colour) alone, which is all viewers read; it
          // applies to the next image, so it is held until then
          int n = in.u8();
          Job.check(n >= 4, "a damaged GIF (a graphic control block of " + n + " bytes)");
          control = java.nio.ByteBuffer.allocate(8).put(new byte[] {0x21, (byte) 0xf9, 4})
              .put(in.bytes(4, 4, "a graphic control block")).array();
          in.copyTo(OutputStream.nullOutputStream(), n - 4);
          if (dropSubBlocks(in, job) || n > 4) {
            job.removed("data after a frame's timing and transparency values");
          }
        } else if (label == 0x01) {
          // text to draw over the picture: browsers and most viewers never draw it, exiftool prints
          // it; the graphic control block before it belongs to it and goes with it
          dropSubBlocks(in, job);
          control = null;
          job.removed("plain text (a GIF text block, not shown by browsers)");
        } else if (label == 0xff) {
          int n = in.u8();
          byte[] id = in.bytes(n, 255, "an application extension");
          String app = new String(id, StandardCharsets.ISO_8859_1);
          boolean looping = app.equals("NETSCAPE2.0") || app.equals("ANIMEXTS1.0");
          int size = looping ? in.u8() : 0;
          byte[] first = looping ? in.bytes(size, 255, "an application extension") : null;
          // looping is one sub-block: 1, then the loop count; anything else is no looping
          boolean extra = size != 0 && dropSubBlocks(in, job);
          if (!looping) {
            dropSubBlocks(in, job);
            job.removed(app.startsWith("XMP Data") ? "XMP metadata"
                : app.startsWith("ICCRGBG1") ? "colour profile" : "application extension");
          } else if (size == 3 && first[0] == 1) {
            out.write(java.nio.ByteBuffer.allocate(19).put(new byte[] {0x21, (byte) 0xff, 11}).put(id)
                .put((byte) 3).put(first).array());
            job.kept("animation looping");
            if (extra) {
              job.removed("data after the animation looping count");
            }
          } else {
            job.removed("an animation looping block without a loop count");
          }
        } else {
          dropSubBlocks(in, job);
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

  /** Skips sub-blocks to their terminator; whether there were any. */
  private static boolean dropSubBlocks(Source in, Job job) throws IOException {
    boolean any = false;
    for (int n = in.u8(); n != 0; n = in.u8()) {
      in.copyTo(OutputStream.nullOutputStream(), n);
      any = true;
      job.tick();
    }
    return any;
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
