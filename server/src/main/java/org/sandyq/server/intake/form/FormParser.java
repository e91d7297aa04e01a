package org.sandyq.server.intake.form;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.api.ProblemType;
import org.sandyq.policy.Labels;
import org.sandyq.server.Problem;

/**
 * A strict, bounded {@code multipart/form-data} reader (RFC 7578, with the escaping of the HTML
 * standard's form encoder) for the source web form, the same for the plain and the sealed path.
 *
 * <p>It accepts what browsers send and refuses anything else: no preamble, no transport padding,
 * no epilogue but one CRLF, part headers limited to {@code Content-Disposition: form-data} and
 * {@code Content-Type}, no folded or overlong header lines, only the form's field names, no
 * repeated single-valued field, text fields in valid UTF-8. Text fields have their line breaks
 * normalised to LF (browsers send CRLF). The whole body is read into memory first, within
 * {@link FormLimits#maxBytes()}; the copy is zeroed once the parts are taken out of it.
 */
public final class FormParser {
  /** RFC 2046 boundary characters; at most 70, the last not a space. */
  private static final Pattern BOUNDARY = Pattern.compile("[0-9A-Za-z'()+_,\\-./:=? ]{0,69}[0-9A-Za-z'()+_,\\-./:=?]");
  /** A question id as the policy defines them. */
  private static final Pattern QUESTION = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Set<String> SINGLE = Set.of("lang", "kind", "category", "text", "receipt");
  private static final byte[] CRLF = {'\r', '\n'};

  private FormParser() {}

  /**
   * Reads a whole form from {@code body}, whose media type is {@code contentType} (with its
   * boundary), within {@code limits}.
   *
   * @throws Problem {@code malformed} (400: a bad or missing boundary, a truncated body, bad
   *     part headers, unknown or repeated fields, invalid UTF-8, a bad {@code kind} or
   *     {@code lang}), {@code too-large} (413: the body, a field, or the number of parts over a limit)
   */
  public static TipForm parse(String contentType, InputStream body, FormLimits limits) throws Problem {
    byte[] boundary = boundary(contentType);
    byte[] bytes = readBounded(body, limits.maxBytes());
    try {
      return parse(bytes, 0, bytes.length, boundary, limits);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Parses {@code bytes[from, to)} (not modified, not kept). */
  static TipForm parse(byte[] bytes, int from, int to, String contentType, FormLimits limits) throws Problem {
    if (to - from > limits.maxBytes()) {
      throw tooLarge("the form is larger than " + limits.maxBytes() + " bytes");
    }
    return parse(bytes, from, to, boundary(contentType), limits);
  }

  private static byte[] readBounded(InputStream body, long max) throws Problem {
    byte[] b;
    try {
      b = body.readNBytes((int) max + 1);
    } catch (org.sandyq.server.PacedBodies.TooSlow e) {
      throw Problem.tooSlow(e);
    } catch (IOException | RuntimeException e) {
      throw malformed("the request body could not be read to its end");
    }
    if (b.length > max) {
      Arrays.fill(b, (byte) 0);
      throw tooLarge("the form is larger than " + max + " bytes");
    }
    return b;
  }

  /** The boundary of a {@code multipart/form-data} media type, as the bytes of its delimiter {@code --boundary}. */
  static byte[] boundary(String contentType) throws Problem {
    if (contentType == null) {
      throw malformed("the form has no Content-Type");
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
      throw malformed("the form is not multipart/form-data");
    }
    String boundary = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw malformed("the Content-Type has a malformed parameter");
      }
      String name = p.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = p.substring(eq + 1).strip();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      switch (name) {
        case "boundary" -> {
          if (boundary != null) {
            throw malformed("the Content-Type has two boundaries");
          }
          boundary = value;
        }
        case "charset" -> { } // some encoders add it; the parts say what they are
        default -> throw malformed("the Content-Type has an unknown parameter");
      }
    }
    if (boundary == null || !BOUNDARY.matcher(boundary).matches()) {
      throw malformed("the multipart boundary is missing or not a valid boundary");
    }
    return ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
  }

  private static TipForm parse(byte[] b, int from, int length, byte[] delimiter, FormLimits limits) throws Problem {
    // the body starts with the first delimiter: no preamble
    if (!startsWith(b, from, length, delimiter)) {
      throw malformed("the form does not start with its boundary");
    }
    byte[] next = new byte[delimiter.length + 2];
    next[0] = '\r';
    next[1] = '\n';
    System.arraycopy(delimiter, 0, next, 2, delimiter.length);

    Fields fields = new Fields(limits);
    int at = from + delimiter.length;
    int parts = 0;
    while (true) {
      if (startsWith(b, at, length, new byte[] {'-', '-'})) {
        at += 2;
        // the close delimiter: nothing after it but one optional CRLF
        if (at != length && !(at + 2 == length && startsWith(b, at, length, CRLF))) {
          throw malformed("the form has data after its closing boundary");
        }
        break;
      }
      if (!startsWith(b, at, length, CRLF)) {
        throw malformed(at >= length ? "the form is truncated" : "a boundary is followed by something other than a line break");
      }
      at += 2;
      if (++parts > limits.maxParts()) {
        throw tooLarge("the form has more than " + limits.maxParts() + " parts");
      }
      int headersEnd = indexOf(b, at, length, new byte[] {'\r', '\n', '\r', '\n'});
      if (headersEnd < 0) {
        throw malformed("the form is truncated inside a part's headers");
      }
      PartHeaders h = headers(b, at, headersEnd, limits);
      int contentStart = headersEnd + 4;
      int contentEnd = indexOf(b, contentStart, length, next);
      if (contentEnd < 0) {
        throw malformed("the form is truncated: a part has no closing boundary");
      }
      fields.add(h, b, contentStart, contentEnd);
      at = contentEnd + next.length;
    }
    return fields.form();
  }

  /** A part's headers: the field name, the file name (null for a text field), the declared type. */
  private record PartHeaders(String name, String filename, String contentType) {}

  private static PartHeaders headers(byte[] b, int from, int to, FormLimits limits) throws Problem {
    String disposition = null;
    String contentType = null;
    int at = from; // each header at most once: a part has at most two lines
    while (at <= to) {
      int eol = indexOf(b, at, to, CRLF);
      int end = eol < 0 ? to : eol;
      if (end - at > limits.maxHeaderLine()) {
        throw malformed("a part header line is longer than " + limits.maxHeaderLine() + " bytes");
      }
      String line = utf8(b, at, end, "a part header");
      if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
        throw malformed("a part has an empty or folded header line");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw malformed("a part header line has no name");
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "content-disposition" -> {
          if (disposition != null) {
            throw malformed("a part has two Content-Disposition headers");
          }
          disposition = value;
        }
        case "content-type" -> {
          if (contentType != null) {
            throw malformed("a part has two Content-Type headers");
          }
          contentType = value;
        }
        default -> throw malformed("a part has a header other than Content-Disposition and Content-Type");
      }
      if (eol < 0) {
        break;
      }
      at = eol + 2;
    }
    if (disposition == null) {
      throw malformed("a part has no Content-Disposition");
    }
    return disposition(disposition, contentType);
  }

  /** {@code form-data; name="…"[; filename="…"]}, quoted as the HTML standard's encoder quotes. */
  private static PartHeaders disposition(String value, String contentType) throws Problem {
    int semi = value.indexOf(';');
    if (semi < 0 || !value.substring(0, semi).strip().equalsIgnoreCase("form-data")) {
      throw malformed("a part's Content-Disposition is not form-data");
    }
    Map<String, String> params = new LinkedHashMap<>();
    int i = semi;
    while (i < value.length()) {
      if (value.charAt(i) != ';') {
        throw malformed("a part's Content-Disposition is malformed");
      }
      i++;
      while (i < value.length() && value.charAt(i) == ' ') {
        i++;
      }
      int eq = value.indexOf('=', i);
      if (eq < 0) {
        throw malformed("a part's Content-Disposition has a parameter without a value");
      }
      String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
      i = eq + 1;
      String v;
      if (i < value.length() && value.charAt(i) == '"') {
        // the encoder escapes '"', CR and LF as %22, %0D, %0A: the next quote ends the value
        int close = value.indexOf('"', i + 1);
        if (close < 0) {
          throw malformed("a part's Content-Disposition has an unterminated quoted value");
        }
        v = value.substring(i + 1, close);
        i = close + 1;
      } else {
        int end = value.indexOf(';', i);
        end = end < 0 ? value.length() : end;
        v = value.substring(i, end).strip();
        i = end;
      }
      while (i < value.length() && value.charAt(i) == ' ') {
        i++;
      }
      if (!key.equals("name") && !key.equals("filename")) {
        throw malformed("a part's Content-Disposition has a parameter other than name and filename");
      }
      if (params.put(key, v) != null) {
        throw malformed("a part's Content-Disposition repeats a parameter");
      }
    }
    if (!params.containsKey("name")) {
      throw malformed("a part has no field name");
    }
    return new PartHeaders(params.get("name"), params.get("filename"), contentType);
  }

  /** The fields as they arrive: names checked, single values enforced, sizes bounded. */
  private static final class Fields {
    private final FormLimits limits;
    private final Map<String, String> single = new LinkedHashMap<>();
    private final Map<String, String> answers = new LinkedHashMap<>();
    private final Set<String> answered = new HashSet<>();
    private final List<FormFile> files = new ArrayList<>();

    Fields(FormLimits limits) {
      this.limits = limits;
    }

    void add(PartHeaders h, byte[] b, int from, int to) throws Problem {
      String name = h.name();
      int size = to - from;
      if (name.equals("file")) {
        if (h.filename() == null) {
          throw malformed("the file field is not a file");
        }
        if (h.filename().isEmpty() && size == 0) {
          return; // a file input left empty
        }
        String type = h.contentType() == null ? "application/octet-stream" : h.contentType();
        files.add(new FormFile(h.filename(), type, Arrays.copyOfRange(b, from, to)));
        return;
      }
      if (h.filename() != null) {
        throw malformed("the field " + shown(name) + " is sent as a file");
      }
      if (h.contentType() != null && !h.contentType().toLowerCase(Locale.ROOT).startsWith("text/plain")) {
        throw malformed("the field " + shown(name) + " is not text");
      }
      int max = name.equals("text") ? limits.maxTextBytes() : limits.maxFieldBytes();
      if (size > max) {
        throw tooLarge("the field " + shown(name) + " is longer than " + max + " bytes");
      }
      String value = utf8(b, from, to, "the field " + shown(name)).replace("\r\n", "\n");
      if (name.startsWith("answer.")) {
        String id = name.substring("answer.".length());
        if (!QUESTION.matcher(id).matches() || id.length() > 64) {
          throw malformed("the field " + shown(name) + " does not name a question");
        }
        if (!answered.add(id)) {
          throw malformed("the field " + shown(name) + " is sent twice");
        }
        if (!value.isBlank()) {
          answers.put(id, value.strip());
        }
        return;
      }
      if (!SINGLE.contains(name)) {
        throw malformed("the form has an unknown field " + shown(name));
      }
      if (single.put(name, value) != null) {
        throw malformed("the field " + name + " is sent twice");
      }
    }

    TipForm form() throws Problem {
      String kind = single.get("kind");
      if (!TipForm.SUBMISSION.equals(kind) && !TipForm.FOLLOWUP.equals(kind) && !TipForm.STATUS.equals(kind)) {
        throw malformed("the form's kind must be submission, followup or status");
      }
      String lang = single.getOrDefault("lang", Labels.LANGUAGES.get(0));
      if (!Labels.LANGUAGES.contains(lang)) {
        throw malformed("the form's language must be one of " + String.join(", ", Labels.LANGUAGES));
      }
      boolean followup = kind.equals(TipForm.FOLLOWUP);
      if (followup && (single.containsKey("category") || !answered.isEmpty())) {
        throw malformed("a follow-up keeps its tip's category and has no questionnaire");
      }
      if (kind.equals(TipForm.STATUS) && (single.containsKey("category") || !answered.isEmpty()
          || single.containsKey("text") || !files.isEmpty())) {
        throw malformed("a status lookup carries only the receipt and the language");
      }
      if (kind.equals(TipForm.SUBMISSION) && single.containsKey("receipt")) {
        throw malformed("a new submission has no receipt: the server draws one");
      }
      return new TipForm(kind, lang, single.getOrDefault("category", "").strip(), answers,
          single.getOrDefault("text", ""), files, single.getOrDefault("receipt", "").strip());
    }
  }

  /** A field name as it may be quoted in a message: printable ASCII, at most 40 characters. */
  private static String shown(String name) {
    String s = name.length() > 40 ? name.substring(0, 40) + "…" : name;
    return "\"" + s.replaceAll("[^\\x20-\\x7e…]", "?") + "\"";
  }

  private static String utf8(byte[] b, int from, int to, String what) throws Problem {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      throw malformed(what + " is not valid UTF-8");
    }
  }

  private static boolean startsWith(byte[] b, int at, int length, byte[] prefix) {
    return at + prefix.length <= length && Arrays.equals(b, at, at + prefix.length, prefix, 0, prefix.length);
  }

  /** The first index of {@code needle} in {@code b[from, to)}, or -1. */
  private static int indexOf(byte[] b, int from, int to, byte[] needle) {
    byte first = needle[0];
    for (int i = from; i + needle.length <= to; i++) {
      if (b[i] == first && Arrays.equals(b, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  static Problem malformed(String detail) {
    return new Problem(ProblemType.MALFORMED, detail);
  }

  static Problem tooLarge(String detail) {
    return new Problem(ProblemType.TOO_LARGE, detail);
  }
}
