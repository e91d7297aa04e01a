package org.sandyq.sanitizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** exiftool as an independent oracle: which tags does it still find, beyond a structural allowlist? */
final class Oracle {
  private Oracle() {}

  /** Tags exiftool may still report after cleaning: structure only, nothing descriptive. */
  static final Map<String, Set<String>> ALLOWED;
  /** Tags that may stay only with a blank or neutral value (a zeroed date, an empty name). */
  static final Map<String, String> NEUTRAL = Map.ofEntries(
      Map.entry("ICC-header:ProfileDateTime", "0000:00:00 00:00:00"), Map.entry("ICC-header:DeviceManufacturer", ""),
      Map.entry("ICC-header:DeviceModel", ""), Map.entry("ICC-header:ProfileCreator", ""),
      Map.entry("ICC-header:ProfileID", "0"), Map.entry("ICC_Profile:ProfileDescription", "ICC profile"),
      Map.entry("PNG:ProfileName", "ICC profile"), Map.entry("Vorbis:Vendor", ""),
      Map.entry("QuickTime:CreateDate", "0000:00:00 00:00:00"), Map.entry("QuickTime:ModifyDate", "0000:00:00 00:00:00"),
      Map.entry("Track1:TrackCreateDate", "0000:00:00 00:00:00"), Map.entry("Track1:TrackModifyDate", "0000:00:00 00:00:00"),
      Map.entry("Track1:MediaCreateDate", "0000:00:00 00:00:00"), Map.entry("Track1:MediaModifyDate", "0000:00:00 00:00:00"),
      Map.entry("ZIP:ZipModifyDate", "1980:02:01 00:00:00"));

  private static Set<String> tags(String group, String... names) {
    Set<String> s = new java.util.HashSet<>();
    for (String n : names) {
      s.add(group + ":" + n);
    }
    return s;
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> s = new java.util.HashSet<>();
    for (Set<String> x : sets) {
      s.addAll(x);
    }
    return s;
  }

  static {
    Set<String> icc = union(
        tags("ICC-header", "ProfileCMMType", "ProfileVersion", "ProfileClass", "ColorSpaceData", "ProfileConnectionSpace",
            "ProfileFileSignature", "PrimaryPlatform", "CMMFlags", "DeviceAttributes", "RenderingIntent",
            "ConnectionSpaceIlluminant"),
        tags("ICC_Profile", "MediaWhitePoint", "RedMatrixColumn", "GreenMatrixColumn", "BlueMatrixColumn", "RedTRC",
            "GreenTRC", "BlueTRC"),
        tags("ICC-chrm", "ChromaticityChannels", "ChromaticityColorant", "ChromaticityChannel1", "ChromaticityChannel2",
            "ChromaticityChannel3"));
    Set<String> jpeg = union(icc, tags("JFIF", "JFIFVersion", "ResolutionUnit", "XResolution", "YResolution"),
        tags("IFD0", "Orientation"));
    String[] tiffTags = {"ImageWidth", "ImageHeight", "BitsPerSample", "Compression", "PhotometricInterpretation",
        "StripOffsets", "SamplesPerPixel", "RowsPerStrip", "StripByteCounts", "XResolution", "YResolution",
        "ResolutionUnit", "Orientation", "PlanarConfiguration"};
    Set<String> zip = tags("ZIP", "ZipRequiredVersion", "ZipBitFlag", "ZipCompression", "ZipCRC", "ZipCompressedSize",
        "ZipUncompressedSize", "ZipFileName");
    Set<String> mp4 = union(
        tags("QuickTime", "MajorBrand", "MinorVersion", "CompatibleBrands", "MovieHeaderVersion", "TimeScale", "Duration",
            "PreferredRate", "PreferredVolume", "MatrixStructure", "PreviewTime", "PreviewDuration", "PosterTime",
            "SelectionTime", "SelectionDuration", "CurrentTime", "NextTrackID", "Unknown_free", "Free", "MediaDataSize",
            "MediaDataOffset", "MediaData"),
        tags("Track1", "TrackHeaderVersion", "TrackID", "TrackDuration", "TrackLayer", "TrackVolume", "MatrixStructure",
            "MediaHeaderVersion", "MediaTimeScale", "MediaDuration", "MediaLanguageCode", "HandlerType",
            "HandlerDescription", "Balance", "URL", "TimeToSampleTable", "SampleToChunk", "SampleSizes", "ChunkOffset",
            "Unknown_free"));
    ALLOWED = Map.ofEntries(
        Map.entry("application/zip", zip),
        // a web page's title is its content (its author and generator are not)
        Map.entry("text/html", tags("HTML", "Title")),
        // a contact card's content (the picture is extracted and checked as a JPEG apart)
        Map.entry(org.sandyq.sanitizer.format.Formats.VCARD, union(
            tags("VCard", "VCardVersion", "Name", "FormattedName", "Organization", "Note", "TelephoneWork", "PhotoJpeg"),
            tags("Item1", "TelephonePref", "ABLabel"))),
        Map.entry("image/jpeg", jpeg),
        Map.entry("image/png", union(icc, tags("PNG", "ImageWidth", "ImageHeight", "BitDepth", "ColorType", "Compression",
            "Filter", "Interlace"))),
        Map.entry("image/gif", tags("GIF", "GIFVersion", "ImageWidth", "ImageHeight", "HasColorMap",
            "ColorResolutionDepth", "BitsPerPixel", "BackgroundColor", "AnimationIterations")),
        Map.entry("image/tiff", union(icc, tags("IFD0", tiffTags), tags("IFD1", tiffTags))),
        Map.entry("image/webp", union(icc, tags("RIFF", "WebP_Flags", "ImageWidth", "ImageHeight"))),
        Map.entry("audio/vnd.wave", tags("RIFF", "Encoding", "NumChannels", "SampleRate", "AvgBytesPerSec", "BitsPerSample")),
        Map.entry("audio/mpeg", tags("MPEG", "MPEGAudioVersion", "AudioLayer", "AudioBitrate", "SampleRate", "ChannelMode",
            "MSStereo", "IntensityStereo", "CopyrightFlag", "OriginalMedia", "Emphasis")),
        Map.entry("audio/x-flac", tags("FLAC", "BlockSizeMin", "BlockSizeMax", "FrameSizeMin", "FrameSizeMax",
            "SampleRate", "Channels", "BitsPerSample", "TotalSamples", "MD5Signature")),
        Map.entry("audio/vorbis", tags("Vorbis", "VorbisVersion", "AudioChannels", "SampleRate", "NominalBitrate")),
        Map.entry("audio/opus", tags("Opus", "OpusVersion", "AudioChannels", "SampleRate", "OutputGain")),
        Map.entry("video/mp4", mp4),
        Map.entry("video/quicktime", mp4),
        Map.entry("application/pdf", union(jpeg, tags("PDF", "Linearized", "PDFVersion", "PageCount",
            "EmbeddedImageFilter", "EmbeddedImageWidth", "EmbeddedImageHeight", "EmbeddedImageColorSpace",
            "EmbeddedImage"))),
        Map.entry(org.sandyq.sanitizer.format.Formats.DOCX, zip),
        Map.entry(org.sandyq.sanitizer.format.Formats.XLSX, zip),
        Map.entry(org.sandyq.sanitizer.format.Formats.PPTX, zip),
        Map.entry("application/vnd.oasis.opendocument.text", zip));
  }

  static boolean available() {
    try {
      Process p = new ProcessBuilder("exiftool", "-ver").redirectErrorStream(true).start();
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /**
   * Whether exiftool's tag {@code key} (as {@code Group:Name}) with {@code value} names a person, a
   * program, a place or a time the test files were given, or holds a planted marker: the test's
   * dates are of 2026 (a date, not "2026" inside a random id such as a TrackUID).
   */
  static boolean reveals(String key, String value) {
    return !key.startsWith("System:") && !key.startsWith("File:") && !key.startsWith("ExifTool:")
        && (value.contains(Corpus.MARK) || value.contains("Lavf") || value.contains("Lavc")
            || value.matches("(?s).*\\b2026[-:]\\d\\d.*")
            || key.matches(".*:(Title|Artist|DateTimeOriginal|MuxingApp|WritingApp|TagName|TagString|AttachedFile.*"
                + "|ChapterString|ProfileFileName)"));
  }

  static JsonNode tags(Path file) throws Exception {
    Process p = new ProcessBuilder("exiftool", "-j", "-a", "-u", "-G1", "-ee", "-api", "LargeFileSupport=1", file.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("exiftool took too long");
    }
    return new ObjectMapper().readTree(out).get(0);
  }

  /** Tags exiftool reports for {@code file} that are neither structural nor neutral for {@code type}. */
  static List<String> unexpected(String type, Path file) throws Exception {
    JsonNode tags = tags(file);
    List<String> unexpected = new ArrayList<>();
    for (Iterator<String> it = tags.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      String group = k.contains(":") ? k.substring(0, k.indexOf(':')) : "";
      if (k.equals("SourceFile") || Set.of("ExifTool", "System", "File", "Composite").contains(group)) {
        continue;
      }
      if (NEUTRAL.containsKey(k) && NEUTRAL.get(k).equals(tags.get(k).asText())) {
        continue;
      }
      if (!ALLOWED.getOrDefault(type, Set.of()).contains(k)) {
        unexpected.add(k + "=" + tags.get(k));
      }
    }
    return unexpected;
  }
}
