package org.sandyq.sanitizer.format;

import java.io.InputStream;
import java.io.OutputStream;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.XMLEvent;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * XML parsing for untrusted documents: no DTDs (so no entity expansion and no external entities),
 * bounded depth and element count. A document with a DTD is refused rather than parsed.
 */
final class SafeXml {
  private SafeXml() {}

  private static final XMLInputFactory IN = XMLInputFactory.newFactory();
  private static final XMLOutputFactory OUT = XMLOutputFactory.newFactory();

  static {
    IN.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    IN.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    IN.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    IN.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    IN.setProperty(XMLInputFactory.IS_COALESCING, false);
    IN.setXMLResolver((publicId, systemId, base, ns) -> {
      throw new XMLStreamException("external entities are not allowed");
    });
  }

  /** The name of the XML document's root element, read only that far; null for an empty part. */
  static javax.xml.namespace.QName root(InputStream in, Job job) throws java.io.IOException {
    InputStream b = new java.io.BufferedInputStream(in);
    b.mark(1);
    if (b.read() < 0) {
      return null;
    }
    b.reset();
    try (Reader r = new Reader(b, job)) {
      while (r.hasNext()) {
        XMLEvent e = r.next();
        if (e.isStartElement()) {
          return e.asStartElement().getName();
        }
      }
    }
    return null;
  }

  /** Events of a document, checked: no DTD, no entity references, depth and count bounded. */
  static final class Reader implements AutoCloseable {
    private final XMLEventReader r;
    private final Job job;
    private int depth;
    private long events;

    Reader(InputStream in, Job job) throws BadFileException {
      this.job = job;
      try {
        InputStream bound = manifestBound(in.markSupported() ? in : new java.io.BufferedInputStream(in));
        InputStream checked = checkedUtf8(bound.markSupported() ? bound : new java.io.BufferedInputStream(bound));
        synchronized (IN) {
          r = IN.createXMLEventReader(checked);
        }
      } catch (XMLStreamException | java.io.IOException e) {
        throw new BadFileException("damaged XML inside the document");
      }
    }

    /**
     * {@code in}, checked to be UTF-8 as it is read when the document is in UTF-8 (nearly every
     * part of an Office or OpenDocument file); as it is for UTF-16 or an encoding its declaration
     * names. Bytes that are not UTF-8 then fail the read with an exception, before the JDK's
     * parser sees them: its own decoder reports them by printing "[Fatal Error] … Invalid byte 1 of
     * 1-byte UTF-8 sequence" to the terminal, under the command line's one-line error (an
     * encrypted OpenDocument's parts are such bytes). Decoding into characters here instead would
     * give the parser a {@code java.io.Reader}, from which the JDK reports a DTD's text wrongly.
     */
    private static InputStream checkedUtf8(InputStream in) throws java.io.IOException {
      in.mark(256);
      byte[] head = in.readNBytes(256);
      in.reset();
      int skip = head.length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf ? 3 : 0;
      if (skip == 0 && head.length >= 2 && (head[0] == 0 || head[1] == 0 || (head[0] & 0xfe) == 0xfe)) {
        return in; // UTF-16 (a byte-order mark, or "<" with a zero byte beside it)
      }
      String start = new String(head, skip, head.length - skip, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (start.startsWith("<?xml")) {
        java.util.regex.Matcher m = DECLARED.matcher(start.substring(0, Math.max(0, start.indexOf("?>"))));
        if (m.find() && !m.group(1).equalsIgnoreCase("UTF-8") && !m.group(1).equalsIgnoreCase("UTF8")) {
          return in;
        }
      }
      return new Utf8Checked(in);
    }

    /**
     * OpenOffice.org 2 and 3 wrote an OpenDocument's manifest as {@code <!DOCTYPE manifest:manifest
     * PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN" "Manifest.dtd"><manifest:manifest>}: the
     * prefix is bound only by that DTD's fixed attribute, which is never read, so the manifest
     * was refused as damaged (LibreOffice's own templates still ship so). Exactly that prolog
     * becomes the binding the DTD makes; the copy is written with it, and without the DTD.
     */
    private static InputStream manifestBound(InputStream in) throws java.io.IOException {
      in.mark(1024);
      byte[] head = in.readNBytes(1024);
      in.reset();
      java.util.regex.Matcher m = OOO_MANIFEST.matcher(new String(head, java.nio.charset.StandardCharsets.ISO_8859_1));
      if (!m.find()) {
        return in;
      }
      byte[] bound = (m.group(1) + m.group(2) + " xmlns:manifest=\"" + ZipDocument.MANIFEST + "\"")
          .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      in.skipNBytes(m.end());
      return new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(bound), in);
    }

    /** The declaration and the root's name, when the root's own tag does not bind the prefix already. */
    private static final java.util.regex.Pattern OOO_MANIFEST = java.util.regex.Pattern.compile(
        "\\A((?:\\xef\\xbb\\xbf)?<\\?xml[^<>]*\\?>\\s*)<!DOCTYPE manifest:manifest PUBLIC"
        + " \"-//OpenOffice\\.org//DTD Manifest 1\\.0//EN\" \"Manifest\\.dtd\">(\\s*<manifest:manifest)(?=[\\s/>])"
        + "(?![^>]*xmlns:manifest)");

    private static final java.util.regex.Pattern DECLARED =
        java.util.regex.Pattern.compile("encoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

    boolean hasNext() {
      return r.hasNext();
    }

    int depth() {
      return depth;
    }

    XMLEvent next() throws BadFileException {
      try {
        XMLEvent e = r.nextEvent();
        if (e.isStartElement()) {
          Job.limit(++depth, job.limits().maxNesting(), "XML nesting depth");
        } else if (e.isEndElement()) {
          depth--;
        } else if (e.getEventType() == XMLEvent.DTD) {
          // OpenOffice writes <!DOCTYPE manifest:manifest PUBLIC "…" "Manifest.dtd">: an external
          // identifier only, which is never fetched (the resolver refuses) and declares nothing,
          // so it is skipped; an internal subset could declare entities, so it is refused
          String decl = ((javax.xml.stream.events.DTD) e).getDocumentTypeDeclaration();
          if (decl == null || decl.indexOf('[') >= 0) {
            throw new BadFileException(Kind.HOSTILE, "XML with a document type declaration is refused (it can hide entity bombs or fetch external files)");
          }
          return next();
        } else if (e.isEntityReference()) {
          throw new BadFileException(Kind.HOSTILE, "XML with entity references is refused");
        }
        if ((++events & 0x3ff) == 0) {
          job.tick();
        }
        Job.limit(events, 50L * job.limits().maxItems(), "XML events");
        return e;
      } catch (XMLStreamException | RuntimeException e) {
        throw translate(e);
      }
    }

    @Override
    public void close() {
      try {
        r.close();
      } catch (XMLStreamException e) {
        // nothing to release
      }
    }
  }

  /** The reason behind a parser error: our own limit, the JDK's XML limits, or damage. */
  static BadFileException translate(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BadFileException b) {
        return b;
      }
      if (t instanceof XMLStreamException x && x.getNestedException() instanceof BadFileException b) {
        return b;
      }
    }
    // the JDK's limits say so with their codes (JAXP00010001 to 7; 6 is the nesting depth); a
    // search for words found them in ordinary damage too ("must end with a '>' delimiter", an
    // element named "depth"), which the source was then told to split up
    String m = String.valueOf(e.getMessage());
    if (m.contains("JAXP00010006")) {
      return new BadFileException(Kind.BEYOND_LIMITS, "XML nesting depth is beyond the limit");
    }
    if (m.contains("JAXP0001")) {
      return new BadFileException(Kind.BEYOND_LIMITS, "XML beyond the parser's safety limits (entities, attributes or sizes)");
    }
    return new BadFileException(Kind.DAMAGED, "damaged XML inside the document", e);
  }

  /**
   * A writer of UTF-8 XML to {@code out}; {@code flush()} or {@code close()} (which leaves
   * {@code out} open) passes on what it holds. Buffered: the JDK's writer hands its stream one byte
   * at a time, and a zip member's deflater called once per byte took most of the time of cleaning a
   * long document (a 13 MB {@code document.xml}, 2,000 pages: 7.4–8.1 s before, 2.9–3.6 s after).
   */
  static XMLEventWriter writer(OutputStream out) throws BadFileException {
    try {
      return OUT.createXMLEventWriter(new java.io.BufferedOutputStream(out, 1 << 16), "UTF-8");
    } catch (XMLStreamException e) {
      throw new BadFileException(Kind.DAMAGED, "cannot write XML", e);
    }
  }

  /**
   * Bytes passed on as they are, each checked to continue well-formed UTF-8 (RFC 3629: no overlong
   * forms, no surrogates, nothing past U+10FFFF), across reads; a byte that does not is a
   * {@link java.nio.charset.MalformedInputException}.
   */
  private static final class Utf8Checked extends java.io.FilterInputStream {
    private int need; // continuation bytes still to come
    private int lo = 0x80; // the range the next continuation byte must be in
    private int hi = 0xbf;

    Utf8Checked(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b < 0) {
        atEnd();
      } else {
        check(b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws java.io.IOException {
      int k = super.read(b, off, len);
      if (k < 0) {
        atEnd();
      }
      for (int i = 0; i < k; i++) {
        check(b[off + i] & 0xff);
      }
      return k;
    }

    @Override
    public long skip(long n) throws java.io.IOException {
      byte[] b = new byte[(int) Math.min(n, 8192)];
      int k = read(b, 0, b.length);
      return Math.max(k, 0);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    private void atEnd() throws java.io.IOException {
      if (need > 0) {
        throw new java.nio.charset.MalformedInputException(1);
      }
    }

    private void check(int c) throws java.io.IOException {
      if (need > 0) {
        if (c < lo || c > hi) {
          throw new java.nio.charset.MalformedInputException(1);
        }
        need--;
        lo = 0x80;
        hi = 0xbf;
        return;
      }
      if (c < 0x80) {
        return;
      }
      if (c >= 0xc2 && c <= 0xdf) {
        need = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        need = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80; // E0: no overlong form
        hi = c == 0xed ? 0x9f : 0xbf; // ED: no surrogate
      } else if (c >= 0xf0 && c <= 0xf4) {
        need = 3;
        lo = c == 0xf0 ? 0x90 : 0x80; // F0: no overlong form
        hi = c == 0xf4 ? 0x8f : 0xbf; // F4: nothing past U+10FFFF
      } else {
        throw new java.nio.charset.MalformedInputException(1);
      }
    }
  }
}
