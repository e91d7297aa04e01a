package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * Windows bitmaps. BMP has no metadata fields, but a file can still carry something: reserved
 * header fields, bytes between the colour table and the pixels, data after the pixels, a colour
 * profile (whose texts and header name a device) and, in a V5 header, a <em>linked</em> profile,
 * which is a file path (often {@code C:\Users\<name>\...}). The copy is rebuilt from the parts a
 * viewer needs: file header, bitmap header, masks, colour table, the pixel rows byte for byte, and
 * an embedded profile cleaned like any other; everything else is dropped.
 */
final class Bmp extends ByteCleaner {
  private static final int FILE_HEADER = 14;
  private static final int CS_SRGB = 0x73524742; // 'sRGB'
  private static final int CS_LINKED = 0x4C494E4B; // 'LINK'
  private static final int CS_EMBEDDED = 0x4D424544; // 'MBED'

  Bmp() {
    super("bmp", Warnings.IMAGE);
  }

  @Override
  void clean(Source src, Sink dst, Job job) throws IOException {
    Job.check(src.size() >= FILE_HEADER + 12, "the file is truncated (no bitmap header)");
    Job.check(src.u8() == 'B' && src.u8() == 'M', "not a Windows bitmap");
    src.skip(4); // the declared file size is recomputed
    boolean reserved = src.u32le() != 0;
    long pixelOffset = src.u32le();
    long dibSize = src.u32le();
    Job.check(dibSize == 12 || dibSize == 40 || dibSize == 52 || dibSize == 56 || dibSize == 108 || dibSize == 124,
        Kind.UNSUPPORTED_VARIANT, "an OS/2 or unknown bitmap header of " + dibSize + " bytes (only Windows bitmap headers are cleaned)");
    ByteBuffer dib = ByteBuffer.wrap(src.bytesAt(FILE_HEADER, dibSize, 124, "the bitmap header")).order(ByteOrder.LITTLE_ENDIAN);
    long width;
    long height;
    int bpp;
    int compression = 0;
    long imageSize = 0;
    long colours = 0;
    if (dibSize == 12) {
      width = dib.getShort(4) & 0xffff;
      height = dib.getShort(6);
      bpp = dib.getShort(10) & 0xffff;
    } else {
      width = dib.getInt(4);
      height = dib.getInt(8);
      bpp = dib.getShort(14) & 0xffff;
      compression = dib.getInt(16);
      imageSize = dib.getInt(20) & 0xffffffffL;
      colours = dib.getInt(32) & 0xffffffffL;
    }
    Job.check(width > 0 && height != 0 && Math.abs(height) <= Integer.MAX_VALUE, "a bitmap header with an impossible size");
    Job.check(bpp == 1 || bpp == 4 || bpp == 8 || bpp == 16 || bpp == 24 || bpp == 32, "an impossible bit depth (" + bpp + ")");
    job.pixels(width, Math.abs(height));
    // JPEG and PNG inside a bitmap (4, 5) would carry their own metadata: refused, not guessed at
    Job.check(compression == 0 || compression == 1 || compression == 2 || compression == 3 || compression == 6,
        Kind.UNSUPPORTED_VARIANT, "a bitmap that wraps a JPEG or PNG picture, or an unknown compression (" + compression + ")");
    long rows = Math.abs(height);
    long pixels = (compression == 1 || compression == 2) ? imageSize : ((bpp * width + 31) / 32) * 4 * rows;
    Job.check(pixels > 0, "a compressed bitmap without its data size");
    // masks follow a 40-byte header for bit-field compression; bigger headers hold them inside
    int masks = dibSize == 40 ? (compression == 3 ? 12 : compression == 6 ? 16 : 0) : 0;
    int entry = dibSize == 12 ? 3 : 4;
    long tableEntries = bpp <= 8 ? (colours == 0 ? 1L << bpp : colours) : colours;
    Job.check(tableEntries <= 1L << Math.min(bpp, 16) || bpp > 8, "a colour table larger than the bit depth allows");
    Job.limit(tableEntries, 1 << 16, "colour table entries");
    long table = tableEntries * entry;
    long headersEnd = FILE_HEADER + dibSize + masks + table;
    // above 8 bits a pixel the pixels are colours, not indexes: a table there is read by nothing
    // and its entries can hold anything
    long keptTable = bpp > 8 ? 0 : table;
    if (bpp > 8 && table > 0) {
      dib.putInt(32, 0);
      job.removed("an unused colour table (the pixels hold their colours)");
    }
    Job.check(pixelOffset >= headersEnd, "the pixels overlap the headers");
    Job.check(pixelOffset + pixels <= src.size(), "the file is truncated (the pixels run past the end)");

    if (dibSize >= 108 && dib.getInt(56) != 0) {
      // the endpoints and gammas (60..107) are read only for a calibrated colour space (0): 48
      // bytes of anything otherwise
      boolean any = false;
      for (int i = 60; i < 108; i++) {
        any |= dib.get(i) != 0;
        dib.put(i, (byte) 0);
      }
      if (any) {
        job.removed("colour endpoints and gammas the colour space does not use");
      }
    }
    byte[] icc = null;
    long profileEnd = -1; // where an embedded profile that follows the pixels ends
    if (dibSize == 124) {
      int cs = dib.getInt(56);
      long profileAt = dib.getInt(112) & 0xffffffffL;
      long profileSize = dib.getInt(116) & 0xffffffffL;
      if (cs == CS_EMBEDDED && profileSize > 0) {
        icc = Icc.clean(src.bytesAt(FILE_HEADER + profileAt, profileSize, Icc.MAX_BYTES, "the colour profile"), job);
        profileEnd = FILE_HEADER + profileAt == pixelOffset + pixels ? FILE_HEADER + profileAt + profileSize : -1;
      } else if (cs == CS_LINKED) {
        job.removed("the path of a linked colour profile (a file name, often with a user name)");
      }
      dib.putInt(56, icc != null ? CS_EMBEDDED : cs == CS_EMBEDDED || cs == CS_LINKED ? CS_SRGB : cs);
      dib.putInt(112, 0);
      dib.putInt(116, 0);
      if (dib.getInt(120) != 0) {
        reserved = true;
        dib.putInt(120, 0);
      }
    }
    if (reserved) {
      job.removed("values in reserved header fields");
    }
    if (pixelOffset > headersEnd) {
      src.seek(headersEnd);
      if (Mp4.nonZero(src, pixelOffset - headersEnd, job)) {
        job.removed("data hidden between the headers and the pixels");
      }
    }
    long pixelsEnd = pixelOffset + pixels;
    long trailing = Math.max(pixelsEnd, profileEnd);
    if (src.size() > trailing) {
      src.seek(trailing);
      if (Mp4.nonZero(src, src.size() - trailing, job)) {
        job.removed("data after the picture");
      }
    }

    long outPixels = FILE_HEADER + dibSize + masks + keptTable;
    long total = outPixels + pixels + (icc == null ? 0 : icc.length);
    Job.limit(total, 0xffffffffL, "the bitmap's size");
    if (icc != null) {
      dib.putInt(112, (int) (outPixels + pixels - FILE_HEADER));
      dib.putInt(116, icc.length);
    }
    ByteBuffer head = ByteBuffer.allocate(FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 'B').put((byte) 'M').putInt((int) total).putInt(0).putInt((int) outPixels);
    dst.write(head.array());
    dst.write(dib.array());
    src.seek(FILE_HEADER + dibSize);
    src.copyTo(dst, masks + keptTable);
    src.seek(pixelOffset);
    src.copyTo(dst, pixels);
    if (icc != null) {
      dst.write(icc);
      job.kept("the colour profile (cleaned: device, creator and dates removed)");
    }
    job.kept("the pixels, byte for byte");
  }
}
