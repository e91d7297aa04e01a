package org.sandyq.sanitizer.format;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNull;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdfparser.PDFStreamParser;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * PDF, with PDFBox, always saved in full (an incremental save would keep earlier revisions in the
 * file). Removes the document information dictionary, XMP metadata everywhere, the document id,
 * embedded and associated files, JavaScript and other actions, annotation authors and dates,
 * page-piece data, thumbnails, signatures' signer data, article threads' information; JPEG images
 * inside are cleaned like JPEG files, whatever filters come before the JPEG. Page contents are not
 * touched, so the text and drawings stay as they are (a JPEG with metadata drawn inline in them is
 * refused).
 */
final class Pdf extends Cleaner {
  Pdf() {
    super("pdf", Warnings.DOCUMENT);
  }

  /**
   * Actions removed wherever they are, even behind a click: they run code or programs, send form
   * data, or open another file (a {@code /GoToR} to {@code \\host\share\x.pdf} sends the
   * reader's Windows credentials to that host). A {@code /Thread} action goes too when it opens
   * another file ({@code /F}), see {@link #dangerousAction}.
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
  /**
   * A page's keys (ISO 32000-2, table 31) and a stream's (table 5): any other is a program's
   * private data, which readers ignore. PDFpen marks the pages and content streams it edited
   * ({@code /PDFpenImprints}, {@code /PDFpenMarker}: Tika's {@code testExtraSpaces.pdf}, found by
   * the fourth real-file sweep), which names the program and what it touched.
   */
  private static final Set<String> PAGE_KEYS = Set.of(
      "Type", "Parent", "LastModified", "Resources", "MediaBox", "CropBox", "BleedBox", "TrimBox", "ArtBox",
      "BoxColorInfo", "Contents", "Rotate", "Group", "Thumb", "B", "Dur", "Trans", "Annots", "AA", "Metadata",
      "PieceInfo", "StructParents", "ID", "PZ", "SeparationInfo", "Tabs", "TemplateInstantiated", "PresSteps",
      "UserUnit", "VP", "AF", "OutputIntents", "DPart");
  private static final Set<String> CONTENT_STREAM_KEYS = Set.of(
      "Length", "Filter", "DecodeParms", "F", "FFilter", "FDecodeParms", "DL");
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
  /**
   * Where a reader finds an action to run on a click or a jump: an annotation's or outline item's
   * {@code /A}, the next actions of a chain ({@code /Next}, one or an array), a link's former
   * action ({@code /PA}).
   */
  private static final List<COSName> ACTION_KEYS = List.of(COSName.A, COSName.NEXT, COSName.PA);
  /**
   * The picture codecs a filter chain can end in, by full name and abbreviation (readers take the
   * abbreviations outside inline images too), each with the name it is written back under.
   */
  private static final Map<COSName, COSName> CODECS = Map.of(
      COSName.DCT_DECODE, COSName.DCT_DECODE, COSName.DCT_DECODE_ABBREVIATION, COSName.DCT_DECODE,
      COSName.JPX_DECODE, COSName.JPX_DECODE, COSName.JBIG2_DECODE, COSName.JBIG2_DECODE,
      COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE, COSName.CCITTFAX_DECODE_ABBREVIATION, COSName.CCITTFAX_DECODE);
  private static final String JPEG_METADATA = "metadata of JPEG images inside the PDF";
  private static final String THREAD_INFO = "article threads' information (title, author, dates, programs; the"
      + " threads are kept)";
  /**
   * A reference XObject ({@code /Ref}, ISO 32000-2 8.10.4) names a page of another PDF, a file or
   * an address, that a reader may draw in place of the form: removed, the form's own drawing stays.
   */
  private static final String REFERENCE_XOBJECTS = "pages of outside files or addresses drawn in place of a"
      + " figure (reference XObjects; the figure's own drawing is kept)";
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
    Set<COSStream> contents = Collections.newSetFromMap(new IdentityHashMap<>());
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
      clean(d, job, contents);
      if (d instanceof COSStream s && COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))) {
        jpegs += image(s, job) ? 1 : 0;
      }
      for (COSBase v : d.getValues()) {
        if (v != null) {
          todo.push(v);
        }
      }
    }
    for (COSStream c : contents) {
      job.tick();
      inlineImages(c, job);
    }
    if (jpegs > 0) {
      job.kept("JPEG images inside the PDF, pixel for pixel");
    }
  }

  /**
   * What an array item is that goes whole (an annotation that plays, runs or carries something),
   * or null. Actions in a {@code /Next} array and annotations in {@code /Annots} are judged where
   * they are found, by {@link #clean(COSDictionary, Job, Set)}; this catches an annotation anywhere
   * else.
   */
  private static String activeItem(COSBase item) {
    COSBase b = item instanceof COSObject o ? o.getObject() : item;
    return b instanceof COSDictionary d && isAnnotation(d) ? activeAnnotation(d) : null;
  }

  private static boolean isAnnotation(COSDictionary d) {
    return d.containsKey(COSName.RECT) && d.containsKey(COSName.SUBTYPE) || COSName.ANNOT.equals(d.getCOSName(COSName.TYPE));
  }

  private static String activeAnnotation(COSDictionary d) {
    COSName subtype = d.getCOSName(COSName.SUBTYPE);
    return subtype == null ? null : ACTIVE_ANNOTATIONS.get(subtype.getName());
  }

  /**
   * Why an action goes, judged by its type ({@code /S}) alone, whatever else it carries or lacks;
   * or null if it stays (a jump inside the document, a web or e-mail link, which is listed). A
   * {@code /Thread} action stays only within the document: with {@code /F} it opens another file,
   * and one on a share ({@code \\host\share\t.pdf}) sends Windows credentials, like a {@code /GoToR}.
   */
  private static String dangerousAction(COSDictionary act, Job job) {
    String s = act.getNameAsString(COSName.S);
    if (s == null) {
      return null;
    }
    if (DANGEROUS_ACTIONS.contains(s) || "Thread".equals(s) && act.getDictionaryObject(COSName.F) != null) {
      return s.equals("JavaScript") ? "JavaScript" : "actions that run or send something (" + s + ")";
    }
    if ("URI".equals(s)) {
      // a link: it needs a click, so it stays if it reaches the web or e-mail, and is listed
      String uri = act.getString(COSName.URI);
      if (uri == null || !Links.clickableWeb(uri)) {
        return Links.LOCAL;
      }
      Links.listKept(job, uri);
    }
    return null;
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

  private void clean(COSDictionary d, Job job, Set<COSStream> contents) {
    if (COSName.PAGE.equals(d.getCOSName(COSName.TYPE)) && !(d instanceof COSStream)) {
      dropUnlisted(d, PAGE_KEYS, job);
      COSBase c = d.getDictionaryObject(COSName.CONTENTS);
      for (COSBase part : c instanceof COSArray parts ? parts.toList() : List.of(c == null ? COSNull.NULL : c)) {
        // a stream that is also something else (a form drawn elsewhere too) keeps what that needs
        if ((part instanceof COSObject o ? o.getObject() : part) instanceof COSStream stream
            && !stream.containsKey(COSName.TYPE) && !stream.containsKey(COSName.SUBTYPE)) {
          dropUnlisted(stream, CONTENT_STREAM_KEYS, job);
        }
      }
    }
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
    for (COSName key : ACTION_KEYS) {
      COSBase a = d.getDictionaryObject(key);
      if (a instanceof COSDictionary act) {
        String why = dangerousAction(act, job);
        if (why != null) {
          d.removeItem(key);
          job.removed(why);
        }
      } else if (a instanceof COSArray chain) { // a /Next array: each action in it runs in turn
        for (int i = chain.size() - 1; i >= 0; i--) {
          String why = chain.getObject(i) instanceof COSDictionary act ? dangerousAction(act, job) : null;
          if (why != null) {
            chain.remove(i);
            job.removed(why);
          }
        }
      }
    }
    if (d.getDictionaryObject(COSName.ANNOTS) instanceof COSArray annots) {
      for (int i = annots.size() - 1; i >= 0; i--) {
        if (annots.getObject(i) instanceof COSDictionary annot) {
          String active = activeAnnotation(annot);
          if (active != null) {
            annots.remove(i);
            job.removed(active);
          } else {
            annotationNames(annot, job);
          }
        }
      }
    }
    threads(d, job);
    contentStreams(d, contents);
    if (d instanceof COSStream) {
      for (String k : EXTERNAL_STREAM_KEYS) {
        if (d.containsKey(COSName.getPDFName(k))) {
          d.removeItem(COSName.getPDFName(k));
          job.removed("stream data that would be read from outside files or addresses");
        }
      }
      if (d.containsKey(COSName.getPDFName("Ref"))) {
        d.removeItem(COSName.getPDFName("Ref"));
        job.removed(REFERENCE_XOBJECTS);
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
    if (isAnnotation(d)) {
      annotationNames(d, job);
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

  private static void annotationNames(COSDictionary d, Job job) {
    for (String k : ANNOT_KEYS) {
      if (d.containsKey(COSName.getPDFName(k))) {
        d.removeItem(COSName.getPDFName(k));
        job.removed("annotation authors, dates and ids (the annotations are kept)");
      }
    }
  }

  /**
   * An article thread's information dictionary ({@code /I}) is written like the document's own
   * (title, author, dates, programs) and goes like it: the threads of the catalog's
   * {@code /Threads}, any {@code /Type /Thread}, the thread a page's bead or a {@code /Thread}
   * action names. The beads, and so the articles, stay.
   */
  private static void threads(COSDictionary d, Job job) {
    List<COSBase> threads = new ArrayList<>();
    if (COSName.THREAD.equals(d.getCOSName(COSName.TYPE))) {
      threads.add(d);
    }
    if (COSName.BEAD.equals(d.getCOSName(COSName.TYPE)) || "Thread".equals(d.getNameAsString(COSName.S))) {
      threads.add(d.getDictionaryObject(COSName.BEAD.equals(d.getCOSName(COSName.TYPE)) ? COSName.T : COSName.D));
    }
    if (d.getDictionaryObject(COSName.THREADS) instanceof COSArray a && d.containsKey(COSName.PAGES)) {
      a.forEach(t -> threads.add(t instanceof COSObject o ? o.getObject() : t));
    }
    if (COSName.PAGE.equals(d.getCOSName(COSName.TYPE)) && d.getDictionaryObject(COSName.B) instanceof COSArray beads) {
      for (COSBase b : beads) {
        if ((b instanceof COSObject o ? o.getObject() : b) instanceof COSDictionary bead) {
          threads.add(bead.getDictionaryObject(COSName.T));
        }
      }
    }
    for (COSBase t : threads) {
      if (t instanceof COSDictionary thread && thread.containsKey(COSName.I)) {
        thread.removeItem(COSName.I);
        job.removed(THREAD_INFO);
      }
    }
  }

  /**
   * Notes the streams a reader draws as instructions (a page's contents, a form XObject, a tiling
   * pattern, a Type 3 glyph, an annotation's appearance): they may hold inline images.
   */
  private static void contentStreams(COSDictionary d, Set<COSStream> contents) {
    List<COSBase> found = new ArrayList<>();
    if (d.getDictionaryObject(COSName.CONTENTS) instanceof COSArray parts) {
      parts.forEach(found::add);
    } else {
      found.add(d.getDictionaryObject(COSName.CONTENTS));
    }
    if (d instanceof COSStream && (COSName.FORM.equals(d.getCOSName(COSName.SUBTYPE))
        || d.containsKey(COSName.PATTERN_TYPE))) {
      found.add(d);
    }
    if (d.getDictionaryObject(COSName.CHAR_PROCS) instanceof COSDictionary procs) {
      found.addAll(procs.getValues());
    }
    if (d.getDictionaryObject(COSName.AP) instanceof COSDictionary ap) {
      for (COSBase v : ap.getValues()) {
        found.add(v);
        if ((v instanceof COSObject o ? o.getObject() : v) instanceof COSDictionary states && !(states instanceof COSStream)) {
          found.addAll(states.getValues());
        }
      }
    }
    for (COSBase b : found) {
      b = b instanceof COSObject o ? o.getObject() : b;
      if (b instanceof COSStream s) {
        contents.add(s);
      }
    }
  }

  /**
   * A JPEG drawn inline in a content stream ({@code BI … ID … EI}) is part of the page's
   * instructions, which are not rewritten: one that carries metadata is refused.
   */
  private static void inlineImages(COSStream c, Job job) throws IOException {
    byte[] b;
    try (InputStream in = c.createInputStream()) {
      b = in.readNBytes(job.limits().maxStructureBytes() + 1);
    } catch (BadFileException e) {
      throw e;
    } catch (IOException e) {
      return; // what no reader can decode draws nothing
    }
    Job.limit(b.length, job.limits().maxStructureBytes(), "a page's drawing instructions");
    if (Verify.indexOf(b, b.length, new byte[] {'B', 'I'}) < 0) {
      return;
    }
    try {
      PDFStreamParser parser = new PDFStreamParser(b);
      for (Object t = parser.parseNextToken(); t != null; t = parser.parseNextToken()) {
        job.tick();
        if (t instanceof Operator op && "BI".equals(op.getName()) && op.getImageParameters() != null
            && op.getImageData() != null) {
          Coded coded = undoFilters(op.getImageParameters(), op.getImageData(), COSName.F, job);
          if (coded != null && COSName.DCT_DECODE.equals(coded.codec())) {
            Job inner = new Job(job.limits());
            cleanJpeg(coded.data(), inner);
            if (!inner.removed().isEmpty()) {
              throw new BadFileException(Kind.UNSUPPORTED_VARIANT, "a JPEG image drawn inline in a page's"
                  + " instructions carries metadata (" + String.join("; ", inner.removed()) + "), which cannot be"
                  + " removed without rewriting the page");
            }
          }
        }
      }
    } catch (StackOverflowError e) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "a PDF nested too deeply to read safely");
    }
  }

  /** A picture's data as its codec takes it, the codec's name as written back, and its parameters. */
  private record Coded(COSName codec, byte[] data, COSBase params, boolean plain) {}

  /**
   * An image's data with the filters before its picture codec (JPEG, JPEG 2000, JBIG2, CCITT
   * fax) undone, or null if it has no codec (plain pixels). A codec that is not the last filter
   * ({@code [/DCTDecode /FlateDecode]}) is refused: no writer makes it, and readers disagree.
   */
  private static Coded undoFilters(COSDictionary d, byte[] raw, COSName filterKey, Job job) throws IOException {
    COSBase f = d.getDictionaryObject(COSName.FILTER, filterKey);
    List<COSName> filters = new ArrayList<>();
    if (f instanceof COSName n) {
      filters.add(n);
    } else if (f instanceof COSArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (!(a.getObject(i) instanceof COSName n)) {
          throw new BadFileException("an image inside the PDF with a filter that is not a name");
        }
        filters.add(n);
      }
    }
    int codec = -1;
    for (int i = 0; i < filters.size(); i++) {
      if (CODECS.containsKey(filters.get(i))) {
        if (i != filters.size() - 1) {
          throw new BadFileException("an image inside the PDF whose filters decode a picture (" + filters.get(i).getName()
              + ") before other filters");
        }
        codec = i;
      }
    }
    if (codec < 0) {
      return null;
    }
    byte[] data = raw;
    for (int i = 0; i < codec; i++) {
      data = decode(filters.get(i), data, d, i, job);
    }
    COSBase p = d.getDictionaryObject(COSName.DECODE_PARMS, COSName.DP);
    COSBase params = p instanceof COSArray pa ? (codec < pa.size() ? pa.getObject(codec) : null) : codec == 0 ? p : null;
    COSName name = CODECS.get(filters.get(codec));
    return new Coded(name, data, params, name.equals(f));
  }

  /** One filter undone, its output bounded like any structure held in memory. */
  private static byte[] decode(COSName filter, byte[] in, COSDictionary d, int index, Job job) throws IOException {
    int max = job.limits().maxStructureBytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean[] over = {false};
    OutputStream bounded = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        job.tick();
        if (out.size() + (long) len > max) {
          over[0] = true;
          throw new BadFileException(Kind.BEYOND_LIMITS, "an image inside the PDF decodes to more than the limit");
        }
        out.write(b, off, len);
      }
    };
    try {
      FilterFactory.INSTANCE.getFilter(filter).decode(new ByteArrayInputStream(in), bounded, d, index);
    } catch (BadFileException e) {
      throw e;
    } catch (IOException e) {
      throw new BadFileException("an image inside the PDF that cannot be decoded (" + filter.getName() + ")");
    }
    if (over[0]) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "an image inside the PDF decodes to more than the limit");
    }
    return out.toByteArray();
  }

  /**
   * Cleans an image stream in place; returns whether it was a JPEG. Its data is taken as its codec
   * takes it (a JPEG behind {@code /FlateDecode} is a JPEG still) and written back under the codec
   * alone, so what the picture carries is cleaned, and any left in a JPEG 2000 is in plain sight
   * of the check after cleaning.
   */
  private static boolean image(COSStream s, Job job) throws IOException {
    byte[] raw;
    try (InputStream in = s.createRawInputStream()) {
      raw = in.readNBytes(job.limits().maxStructureBytes() + 1);
    }
    Job.limit(raw.length, job.limits().maxStructureBytes(), "an image inside the PDF");
    Coded coded = undoFilters(s, raw, COSName.FILTER, job);
    if (coded == null) {
      return false;
    }
    byte[] data = coded.data();
    if (COSName.DCT_DECODE.equals(coded.codec())) {
      Job inner = new Job(job.limits());
      byte[] clean = cleanJpeg(data, inner);
      if (!inner.removed().isEmpty()) {
        job.removed(JPEG_METADATA + " (" + String.join("; ", inner.removed()) + ")");
        data = clean;
      }
    } else if (COSName.JPX_DECODE.equals(coded.codec())) {
      job.warn("JPEG 2000 images inside the PDF are kept as they are; they rarely carry metadata, but it is not checked");
    }
    if (data != raw || !coded.plain()) {
      try (OutputStream o = s.createRawOutputStream()) {
        o.write(data);
      }
      s.setItem(COSName.FILTER, coded.codec());
      s.removeItem(COSName.DP);
      s.setItem(COSName.DECODE_PARMS, coded.params() instanceof COSDictionary p ? p : null);
    }
    return COSName.DCT_DECODE.equals(coded.codec());
  }

  private static byte[] cleanJpeg(byte[] jpeg, Job inner) throws IOException {
    try {
      return new Jpeg().clean(jpeg, inner);
    } catch (BadFileException e) {
      throw new BadFileException(e.kind(), "a damaged JPEG image inside the PDF (" + e.getMessage() + ")");
    }
  }
}
