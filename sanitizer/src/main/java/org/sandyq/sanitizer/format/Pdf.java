package org.sandyq.sanitizer.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * PDF, with PDFBox, always saved in full (an incremental save would keep earlier revisions in the
 * file). Removes the document information dictionary, XMP metadata everywhere, the document id,
 * embedded and associated files, JavaScript and other actions, annotation authors and dates,
 * page-piece data, thumbnails, signatures' signer data; JPEG images inside are cleaned like JPEG
 * files. Page contents are not touched, so the text and drawings stay as they are.
 */
final class Pdf extends Cleaner {
  Pdf() {
    super("pdf", Warnings.DOCUMENT);
  }

  /**
   * Actions removed wherever they are, even behind a click: they run code or programs, send form
   * data, or open another file (a {@code /GoToR} to {@code \\host\share\x.pdf} sends the
   * reader's Windows credentials to that host).
   */
  private static final Set<String> DANGEROUS_ACTIONS = Set.of(
      "JavaScript", "Launch", "SubmitForm", "ImportData", "ResetForm", "Rendition", "GoToE", "GoToR", "Sound", "Movie",
      "RichMediaExecute", "GoTo3DView");
  /**
   * Annotations that play or run embedded content (Flash and its assets, 3D models with their
   * own JavaScript, movies, sounds, screens that play renditions) or carry files: removed whole,
   * with what only they reference; the page's own content is not touched.
   */
  private static final Map<String, String> ACTIVE_ANNOTATIONS = Map.of(
      "FileAttachment", "file attachment annotations (attached files)",
      "RichMedia", "rich media annotations (Flash or video players with their files and scripts)",
      "3D", "3D annotations (3D models with their own scripts)",
      "Screen", "screen annotations (media players)",
      "Movie", "movie and sound annotations",
      "Sound", "movie and sound annotations");
  private static final Map<String, String> DROP_KEYS = Map.ofEntries(
      Map.entry("Metadata", "XMP metadata (author, tools, dates, document ids)"),
      Map.entry("PieceInfo", "application private data (PieceInfo)"),
      Map.entry("LastModified", "last-modified dates"),
      Map.entry("AA", "automatic actions"),
      Map.entry("Thumb", "page thumbnails"),
      Map.entry("AF", "associated files"),
      Map.entry("SpiderInfo", "web-capture information (source URLs)"),
      Map.entry("Perms", "permission signatures"),
      Map.entry("Legal", "legal attestation"),
      Map.entry("Collection", "portfolio (attached files)"),
      Map.entry("DSS", "signature validation data (certificates)"),
      Map.entry("OPI", "links to outside image files (OPI, with their paths)"),
      Map.entry("NeedsRendering", "XFA form (its scripts and submit addresses; the ordinary form fields are kept)"),
      Map.entry("XFA", "XFA form (its scripts and submit addresses; the ordinary form fields are kept)"),
      Map.entry("JS", "JavaScript"));
  /**
   * The document catalog's keys (ISO 32000-2, table 29). Any other key is a program's private
   * data, which readers ignore: Infix keeps its editing history there, each change with the
   * editor's user name and time.
   */
  private static final Set<String> CATALOG_KEYS = Set.of(
      "Type", "Version", "Extensions", "Pages", "PageLabels", "Names", "Dests", "ViewerPreferences", "PageLayout",
      "PageMode", "Outlines", "Threads", "OpenAction", "AA", "URI", "AcroForm", "Metadata", "StructTreeRoot", "MarkInfo",
      "Lang", "SpiderInfo", "OutputIntents", "PieceInfo", "OCProperties", "Perms", "Legal", "Requirements", "Collection",
      "NeedsRendering", "DSS", "AF", "DPartRoot");
  /** The trailer's keys that a full save writes; any other (a program's banner, say) goes. */
  private static final Set<String> TRAILER_KEYS = Set.of("Size", "Root", "Encrypt", "Info", "ID");
  /**
   * pdfTeX and LuaTeX record in every PDF they include (a figure, a scan) its file name as
   * given ({@code ./figures/IMG_2031.pdf}, or a path with the user's name), its page and its whole
   * document information dictionary (author, dates, programs): keys named {@code PTEX.*}.
   */
  private static final String TEX_PREFIX = "PTEX.";
  private static final String PRIVATE_DATA = "private data of the programs that wrote or edited the PDF"
      + " (an editor's change history with user names, an included figure's file name and author)";
  /**
   * Layers (optional content, ISO 32000-2 8.11.4): a layer's usage dictionary can name the people
   * or organisations it is meant for ({@code /User}, with their names) and the program that made
   * it ({@code /CreatorInfo}); each layer configuration names its program ({@code /Creator}).
   */
  private static final String LAYER_NAMES = "the people and programs named in layers (the layers are kept)";
  /** The keys of a stream whose data would be read from an outside file or address. */
  private static final List<String> EXTERNAL_STREAM_KEYS = List.of("F", "FFilter", "FDecodeParms");
  private static final List<String> ANNOT_KEYS = List.of("T", "M", "CreationDate", "NM");
  private static final List<String> SIG_KEYS = List.of(
      "Name", "M", "Location", "Reason", "ContactInfo", "Contents", "Cert", "Prop_Build", "Prop_AuthTime", "Prop_AuthType");

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    PDDocument doc;
    try {
      // PDFBox's scratch space follows the file: on disk for a file, in memory for bytes that
      // must not touch the disk; either way the same parser reads the same bytes
      doc = switch (in) {
        case Input.OnDisk d -> Loader.loadPDF(d.path().toFile(), IOUtils.createTempFileOnlyStreamCache());
        case Input.InMemory m -> Loader.loadPDF(new org.apache.pdfbox.io.RandomAccessReadBuffer(
            java.nio.ByteBuffer.wrap(m.array(), 0, m.length()).slice()), IOUtils.createMemoryOnlyStreamCache());
      };
    } catch (InvalidPasswordException e) {
      throw new BadFileException(Kind.UNSUPPORTED_VARIANT,
          "password-protected PDFs cannot be cleaned; save an unprotected copy first");
    } catch (StackOverflowError e) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "a PDF nested too deeply to read safely");
    } catch (IOException e) {
      throw new BadFileException("a damaged PDF (" + e.getClass().getSimpleName() + ")");
    }
    try (doc) {
      if (doc.isEncrypted()) {
        doc.setAllSecurityToBeRemoved(true);
        job.removed("encryption with an empty password (and its document id)");
      }
      COSDictionary trailer = doc.getDocument().getTrailer();
      COSBase info = trailer.getDictionaryObject(COSName.INFO);
      if (info instanceof COSDictionary d && d.size() > 0) {
        job.removed("document information (author, title, subject, keywords, creator and producer software, dates)");
      }
      trailer.removeItem(COSName.INFO);
      COSArray id = trailer.getCOSArray(COSName.ID);
      if (id != null && !isNeutralId(id)) {
        job.removed(DOCUMENT_ID);
      }
      COSArray neutral = new COSArray();
      neutral.add(new COSString(new byte[16]));
      neutral.add(new COSString(new byte[16]));
      trailer.setItem(COSName.ID, neutral);
      COSBase root = trailer.getDictionaryObject(COSName.ROOT);
      dropUnlisted(trailer, TRAILER_KEYS, job);
      if (root instanceof COSDictionary catalog) {
        dropUnlisted(catalog, CATALOG_KEYS, job);
      }
      walk(trailer, job);
      // number objects from 1 in the order they are written: deterministic, and the gaps left by
      // removed objects do not show how many there were
      doc.getDocument().setHighestXRefObjectNumber(0);
      try (Sink dst = new Sink(out)) {
        doc.save(dst, CompressParameters.NO_COMPRESSION);
      } catch (StackOverflowError e) {
        throw new BadFileException(Kind.BEYOND_LIMITS, "a PDF nested too deeply to write safely");
      }
      job.kept("the pages' text, fonts, drawings and images as they were");
      job.kept("the document structure, links, bookmarks and form fields (without scripts)");
      job.kept("saved as a single revision: earlier versions of the document are not carried over");
    }
  }

  private static boolean isNeutralId(COSArray id) {
    for (COSBase b : id) {
      if (!(b instanceof COSString s) || s.getBytes().length != 16) {
        return false;
      }
      for (byte x : s.getBytes()) {
        if (x != 0) {
          return false;
        }
      }
    }
    return id.size() == 2;
  }

  /** Visits every object reachable from the trailer once, without recursion. */
  private void walk(COSDictionary trailer, Job job) throws IOException {
    Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    ArrayDeque<COSBase> todo = new ArrayDeque<>();
    todo.push(trailer);
    int jpegs = 0;
    while (!todo.isEmpty()) {
      job.tick();
      COSBase b = todo.pop();
      if (b instanceof COSObject o) {
        try {
          b = o.getObject();
        } catch (StackOverflowError e) {
          throw new BadFileException(Kind.BEYOND_LIMITS, "a PDF nested too deeply to read safely");
        }
        if (b == null) {
          continue;
        }
      }
      if (!seen.add(b)) {
        continue;
      }
      Job.limit(seen.size(), job.limits().maxItems(), "PDF objects");
      if (b instanceof COSArray a) {
        if (a.size() > 0) {
          for (int i = a.size() - 1; i >= 0; i--) {
            COSBase item = a.get(i);
            String active = activeItem(item);
            if (active != null) {
              a.remove(i); // an annotation in /Annots, or an action in a /Next chain
              job.removed(active);
              continue;
            }
            if (item != null) {
              todo.push(item);
            }
          }
        }
        continue;
      }
      if (!(b instanceof COSDictionary d)) {
        continue;
      }
      clean(d, job);
      if (d instanceof COSStream s && COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))
          && COSName.DCT_DECODE.equals(s.getDictionaryObject(COSName.FILTER))) {
        jpegs += cleanJpeg(s, job) ? 1 : 0;
      } else if (d instanceof COSStream s && COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))
          && COSName.JPX_DECODE.equals(s.getDictionaryObject(COSName.FILTER))) {
        job.warn("JPEG 2000 images inside the PDF are kept as they are; they rarely carry metadata, but it is not checked");
      }
      for (COSBase v : d.getValues()) {
        if (v != null) {
          todo.push(v);
        }
      }
    }
    if (jpegs > 0) {
      job.kept("JPEG images inside the PDF, pixel for pixel");
    }
  }

  /** What an array item is that goes whole (an active annotation, a dangerous or local action), or null. */
  private static String activeItem(COSBase item) {
    COSBase b = item instanceof COSObject o ? o.getObject() : item;
    if (!(b instanceof COSDictionary d)) {
      return null;
    }
    if (d.containsKey(COSName.RECT)) {
      COSName subtype = d.getCOSName(COSName.SUBTYPE);
      return subtype == null ? null : ACTIVE_ANNOTATIONS.get(subtype.getName());
    }
    String s = d.getNameAsString(COSName.S);
    if (s == null || !(d.containsKey(COSName.TYPE) ? COSName.getPDFName("Action").equals(d.getCOSName(COSName.TYPE))
        : d.containsKey(COSName.NEXT) || d.containsKey(COSName.URI) || d.containsKey(COSName.F) || d.containsKey(COSName.JS))) {
      return null;
    }
    if (DANGEROUS_ACTIONS.contains(s)) {
      return s.equals("JavaScript") ? "JavaScript" : "actions that run or send something (" + s + ")";
    }
    String uri = "URI".equals(s) ? d.getString(COSName.URI) : null;
    return "URI".equals(s) && (uri == null || !Links.clickableWeb(uri)) ? Links.LOCAL : null;
  }

  private static void dropUnlisted(COSDictionary d, Set<String> keep, Job job) {
    for (COSName k : List.copyOf(d.keySet())) {
      if (!keep.contains(k.getName())) {
        d.removeItem(k);
        job.removed(PRIVATE_DATA);
      }
    }
  }

  /**
   * A layer's usage names (see {@link #LAYER_NAMES}) go, and every layer configuration's program
   * (the default one and the others the catalog's {@code /OCProperties} lists). Readers draw the
   * layers as before; only showing a layer to a named user by default (an {@code /AS} entry of
   * category {@code /User}) no longer applies.
   */
  private static void layers(COSDictionary d, Job job) {
    if (COSName.getPDFName("OCG").equals(d.getCOSName(COSName.TYPE))
        && d.getDictionaryObject(COSName.getPDFName("Usage")) instanceof COSDictionary usage) {
      removeNames(usage, List.of("CreatorInfo", "User"), job);
    }
    if (d.containsKey(COSName.getPDFName("OCGs"))) { // the catalog's /OCProperties
      if (d.getDictionaryObject(COSName.D) instanceof COSDictionary config) {
        removeNames(config, List.of("Creator"), job);
      }
      if (d.getDictionaryObject(COSName.getPDFName("Configs")) instanceof COSArray configs) {
        for (COSBase c : configs) {
          if ((c instanceof COSObject o ? o.getObject() : c) instanceof COSDictionary config) {
            removeNames(config, List.of("Creator"), job);
          }
        }
      }
    }
  }

  private static void removeNames(COSDictionary d, List<String> keys, Job job) {
    for (String k : keys) {
      if (d.containsKey(COSName.getPDFName(k))) {
        d.removeItem(COSName.getPDFName(k));
        job.removed(LAYER_NAMES);
      }
    }
  }

  private void clean(COSDictionary d, Job job) {
    for (COSName k : List.copyOf(d.keySet())) {
      if (k.getName().startsWith(TEX_PREFIX)) {
        d.removeItem(k);
        job.removed(PRIVATE_DATA);
      }
    }
    for (Map.Entry<String, String> k : DROP_KEYS.entrySet()) {
      COSName n = COSName.getPDFName(k.getKey());
      if (d.containsKey(n)) {
        d.removeItem(n);
        job.removed(k.getValue());
      }
    }
    openAction(d, job);
    layers(d, job);
    for (String key : List.of("A", "Next")) {
      COSBase a = d.getDictionaryObject(COSName.getPDFName(key));
      if (a instanceof COSDictionary act) {
        String s = act.getNameAsString(COSName.S);
        if (s != null && DANGEROUS_ACTIONS.contains(s)) {
          d.removeItem(COSName.getPDFName(key));
          job.removed(s.equals("JavaScript") ? "JavaScript" : "actions that run or send something (" + s + ")");
        } else if ("URI".equals(s)) {
          // a link: it needs a click, so it stays if it reaches the web or e-mail, and is listed
          String uri = act.getString(COSName.URI);
          if (uri == null || !Links.clickableWeb(uri)) {
            d.removeItem(COSName.getPDFName(key));
            job.removed(Links.LOCAL);
          } else {
            Links.listKept(job, uri);
          }
        }
      }
    }
    if (d instanceof COSStream) {
      for (String k : EXTERNAL_STREAM_KEYS) {
        if (d.containsKey(COSName.getPDFName(k))) {
          d.removeItem(COSName.getPDFName(k));
          job.removed("stream data that would be read from outside files or addresses");
        }
      }
    }
    COSBase names = d.getDictionaryObject(COSName.NAMES);
    if (names instanceof COSDictionary nd && d.containsKey(COSName.PAGES)) {
      if (nd.containsKey(COSName.EMBEDDED_FILES)) {
        nd.removeItem(COSName.EMBEDDED_FILES);
        job.removed("embedded files");
      }
      if (nd.containsKey(COSName.JAVA_SCRIPT)) {
        nd.removeItem(COSName.JAVA_SCRIPT);
        job.removed("JavaScript");
      }
    }
    if (d.containsKey(COSName.RECT) && d.containsKey(COSName.SUBTYPE)) { // an annotation
      for (String k : ANNOT_KEYS) {
        if (d.containsKey(COSName.getPDFName(k))) {
          d.removeItem(COSName.getPDFName(k));
          job.removed("annotation authors, dates and ids (the annotations are kept)");
        }
      }
    }
    if (d.containsKey(COSName.BYTERANGE)) { // a signature value
      for (String k : SIG_KEYS) {
        if (d.containsKey(COSName.getPDFName(k))) {
          d.removeItem(COSName.getPDFName(k));
          job.removed("digital signature (signer name, certificate, place, reason, time)");
        }
      }
    }
    if (d.containsKey(COSName.EF) && COSName.FILESPEC.equals(d.getCOSName(COSName.TYPE))) {
      d.removeItem(COSName.EF);
      job.removed("embedded files");
    }
  }

  /**
   * The action run when the document opens: only a plain jump inside the document stays (a
   * destination, or a {@code /GoTo} with nothing chained after it); a web address, another file,
   * a script or anything chained is removed, because nobody clicked.
   */
  private static void openAction(COSDictionary d, Job job) {
    COSBase a = d.getDictionaryObject(COSName.OPEN_ACTION);
    if (a == null || a instanceof COSArray) {
      return;
    }
    if (a instanceof COSDictionary act && "GoTo".equals(act.getNameAsString(COSName.S))
        && !act.containsKey(COSName.NEXT)) {
      return;
    }
    String s = a instanceof COSDictionary act ? act.getNameAsString(COSName.S) : null;
    d.removeItem(COSName.OPEN_ACTION);
    job.removed("JavaScript".equals(s) ? "JavaScript"
        : "the action run when the PDF is opened (" + (s == null ? "unknown" : s)
            + "; it could open a web address or another file, or run something)");
  }

  /** Cleans a JPEG image stream in place; returns whether it was one. */
  private static boolean cleanJpeg(COSStream s, Job job) throws IOException {
    byte[] raw;
    try (InputStream in = s.createRawInputStream()) {
      raw = in.readNBytes(job.limits().maxStructureBytes() + 1);
    }
    Job.limit(raw.length, job.limits().maxStructureBytes(), "a JPEG image inside the PDF");
    Job inner = new Job(job.limits());
    byte[] clean;
    try {
      clean = new Jpeg().clean(raw, inner);
    } catch (BadFileException e) {
      throw new BadFileException(e.kind(), "a damaged JPEG image inside the PDF (" + e.getMessage() + ")");
    }
    if (!inner.removed().isEmpty()) {
      job.removed("metadata of JPEG images inside the PDF (" + String.join("; ", inner.removed()) + ")");
      try (OutputStream o = s.createRawOutputStream()) {
        o.write(clean);
      }
    }
    return true;
  }
}
