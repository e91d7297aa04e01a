package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sandyq.sanitizer.RefusedFileException.Kind;
import org.sandyq.sanitizer.format.Formats;

/**
 * Contact cards, as phones and messengers write them: what says who the contact is kept as it was
 * written, what the phone says about its address book gone, the contact's picture cleaned, a
 * picture that loads from an address dropped; anything that is not a card refused. The corpus's
 * card (CorpusTest) is read back by exiftool; these are the variants.
 */
class VCardTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  private static final String MARK = Corpus.MARK;

  private static String clean(String card) throws Exception {
    return clean(card.getBytes(StandardCharsets.UTF_8));
  }

  private static String clean(byte[] card) throws Exception {
    Sanitizer.Cleaned c = SANITIZER.clean(card, "contact.vcf", 1);
    assertEquals(Formats.VCARD, c.report().detectedType());
    assertEquals("file-1.vcf", c.report().outputName());
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    assertFalse(out.contains(MARK), out);
    // idempotent: the copy cleaned again is the same, with nothing more to remove
    Sanitizer.Cleaned again = SANITIZER.clean(c.bytes(), "again.vcf", 2);
    assertEquals(out, new String(again.bytes(), StandardCharsets.UTF_8));
    assertEquals(List.of("the original file name"), again.report().removed());
    return out;
  }

  private static String base64Lines(byte[] b, String indent) {
    String s = Base64.getEncoder().encodeToString(b);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i += 72) {
      out.append(indent).append(s, i, Math.min(s.length(), i + 72)).append('\n');
    }
    return out.toString();
  }

  /**
   * What Android's contacts app shares: vCard 2.1 with LF, names in quoted-printable UTF-8 with
   * soft line breaks (joined: the decoded text is the same), a photo in base64 indented and ended
   * by a blank line, its own fields.
   */
  @Test
  void androidsVersionTwoPointOneKeepsQuotedPrintableAndCleansThePhoto() throws Exception {
    String qp = "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=91=D1=80=D0=B8=D0=B3=D0=B0=D0=B4=D0=B8=D1=80 =\n"
        + "EVIDENCE-note=\n =D0=BD=D0=B0 =D1=81=D1=82=D1=80=D0=BE=D0=B9=D0=BA=D0=B5";
    String card = "BEGIN:VCARD\nVERSION:2.1\n"
        + "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=90=D0=B9=D0=B1=D0=B5=D0=BA;;;\n"
        + "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=90=D0=B9=D0=B1=D0=B5=D0=BA\n"
        + "TEL;CELL;PREF:+996555123456\n"
        + qp + "\n"
        + "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;" + MARK + "-nickname;1;;;;;;;;;;;;;\n"
        + "PHOTO;ENCODING=BASE64;JPEG:" + base64Lines(Corpus.jpeg(), "  ").substring(2) + "\n"
        + "END:VCARD\n";
    String out = clean(card);
    assertTrue(out.startsWith("BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=90"), out);
    assertTrue(out.contains("\nTEL;CELL;PREF:+996555123456\n"), out);
    assertTrue(out.contains("\n" + qp.replace("=\n", "") + "\n"), "quoted-printable kept, its soft breaks joined: " + out);
    assertFalse(out.contains("\r"), "the file's own line ends");
    int photo = out.indexOf("PHOTO;ENCODING=BASE64;JPEG:");
    int end = out.indexOf("\n\nEND:VCARD\n", photo);
    assertTrue(photo > 0 && end > photo, "the photo ends with the blank line 2.1 asks for: " + out);
    byte[] picture = Base64.getMimeDecoder().decode(out.substring(photo + 27, end).replace(" ", ""));
    CorpusTest.assertSamePixels(Corpus.jpeg(), picture, 0);
    assertFalse(new String(picture, StandardCharsets.ISO_8859_1).contains(MARK));
  }

  /**
   * vCard 4.0 keeps a picture as a data URI, or names an address to fetch it from: fetched when
   * the lawyer's address book shows the card, which tells whoever runs that address when and
   * from where. Sounds and keys load the same way; the place the card updates itself from too.
   */
  @Test
  void aPictureFromAnAddressGoesAnEmbeddedOneIsCleaned() throws Exception {
    String data = Base64.getEncoder().encodeToString(Corpus.png());
    String out = clean("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:EVIDENCE Boss\r\n"
        + "PHOTO:data:image/png;base64," + data + "\r\n"
        + "LOGO:https://198.51.100.7/" + MARK + "-logo.png\r\n"
        + "SOUND;VALUE=uri:https://198.51.100.7/" + MARK + "-sound.ogg\r\n"
        + "SOURCE:https://198.51.100.7/" + MARK + "-source.vcf\r\n"
        + "KEY:https://198.51.100.7/" + MARK + "-key.asc\r\n"
        + "END:VCARD\r\n");
    assertFalse(out.contains("198.51.100.7"), out);
    String unfolded = out.replace("\r\n ", "");
    int at = unfolded.indexOf("PHOTO:data:image/png;base64,");
    assertTrue(at > 0, out);
    byte[] png = Base64.getDecoder().decode(unfolded.substring(at + 28, unfolded.indexOf("\r\n", at)));
    CorpusTest.assertSamePixels(Corpus.png(), png, 0);
    // a picture of a kind no cleaner reads goes, said so
    Sanitizer.Cleaned c = SANITIZER.clean(("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:EVIDENCE Boss\r\nPHOTO;ENCODING=b;TYPE=X:"
        + Base64.getEncoder().encodeToString((MARK + "-not-a-picture").getBytes(StandardCharsets.US_ASCII))
        + "\r\nEND:VCARD\r\n").getBytes(StandardCharsets.UTF_8), "c.vcf", 1);
    assertFalse(new String(c.bytes(), StandardCharsets.UTF_8).contains("PHOTO"));
    assertTrue(c.report().removed().contains("a contact's picture of a kind no cleaner reads"), c.report().removed().toString());
  }

  /** WhatsApp's shared contact: its own id of the number is the number again, kept; other parameters go. */
  @Test
  void whatsAppsCardKeepsItsNumberParameters() throws Exception {
    String out = clean("BEGIN:VCARD\nVERSION:3.0\nN:;Boss;;;\nFN:Boss\n"
        + "item1.TEL;waid=77015550101:+7 701 555 0101\nitem1.X-ABLabel:Mobile\n"
        + "X-WA-BIZ-NAME:EVIDENCE Stroy Invest\n"
        + "TEL;TYPE=CELL;PID=1." + MARK + ";X-SERVICE=" + MARK + ":+7 701 000 0000\n"
        + "EMAIL;TYPE=\"work;" + MARK + "\":boss@example.org\nEND:VCARD\n");
    assertTrue(out.contains("\nitem1.TEL;waid=77015550101:+7 701 555 0101\nitem1.X-ABLabel:Mobile\n"), out);
    assertTrue(out.contains("\nX-WA-BIZ-NAME:EVIDENCE Stroy Invest\n"), out);
    assertTrue(out.contains("\nTEL;TYPE=CELL:+7 701 000 0000\n"), out);
    assertTrue(out.contains("EMAIL;TYPE=\"work;SQMK\":boss@example.org") == false, out);
  }

  /**
   * A card's web address, messenger and social profile open only on a click, and stay, listed; one
   * that opens a file, a share (and hands it the lawyer's Windows credentials) or a program goes.
   */
  @Test
  void linksStayListedUnlessTheyOpenAFileAShareOrAProgram() throws Exception {
    Sanitizer.Cleaned c = SANITIZER.clean(("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:EVIDENCE Boss\r\n"
        + "URL:https://stroy-invest.example/about\r\n"
        + "IMPP;X-SERVICE-TYPE=Skype:skype:boss.stroy\r\n"
        + "X-SOCIALPROFILE;type=telegram:https://t.me/boss_stroy\r\n"
        + "URL:file://\\\\198.51.100.7\\share\\" + MARK + "\r\n"
        + "URL:\\\\198.51.100.7\\share\\" + MARK + "\r\n"
        + "IMPP:search-ms:query=" + MARK + "&crumb=location:\\\\198.51.100.7\\share\r\n"
        + "X-SOCIALPROFILE:file:///C:/Users/" + MARK + "\r\n"
        + "END:VCARD\r\n").getBytes(StandardCharsets.UTF_8), "c.vcf", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:EVIDENCE Boss\r\nURL:https://stroy-invest.example/about\r\n"
        + "IMPP:skype:boss.stroy\r\nX-SOCIALPROFILE;TYPE=telegram:https://t.me/boss_stroy\r\nEND:VCARD\r\n", out);
    assertTrue(c.report().kept().contains("clickable link kept (opens only when clicked): skype:boss.stroy"),
        c.report().kept().toString());
    assertTrue(c.report().removed().stream().anyMatch(r -> r.startsWith("links to local files")), c.report().removed().toString());
  }

  /**
   * Tika knows a card by {@code BEGIN:VCARD} at the first byte: after a byte-order mark, blank
   * lines, or in small letters it would have passed as plain text with everything in it.
   */
  @Test
  void aCardTikaDoesNotRecogniseIsStillACard() throws Exception {
    String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:EVIDENCE Boss\r\nREV:" + MARK + "-rev\r\nEND:VCARD\r\n";
    byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    for (byte[] variant : List.of(Bin.cat(bom, card.getBytes(StandardCharsets.UTF_8)),
        ("\r\n\r\n  " + card).getBytes(StandardCharsets.UTF_8),
        card.toLowerCase(java.util.Locale.ROOT).replace("evidence", "EVIDENCE").getBytes(StandardCharsets.UTF_8))) {
      assertEquals(Formats.VCARD, SANITIZER.detect(variant));
      String out = clean(variant);
      assertTrue(out.toLowerCase(java.util.Locale.ROOT).contains("fn:evidence boss") && !out.toLowerCase(java.util.Locale.ROOT).contains("rev:"), out);
    }
    // as lenient readers take a card's first line (Android's takes BEGIN : VCARD), after many blank
    // lines, and after a byte-order mark per card put together
    for (String start : List.of("BEGIN : VCARD", "BEGIN;X=1:VCARD", "item1.BEGIN:VCARD", "\n".repeat(5000) + "BEGIN:VCARD",
        "\uFEFF\uFEFFBEGIN:VCARD")) {
      byte[] variant = card.replace("BEGIN:VCARD", start).getBytes(StandardCharsets.UTF_8);
      assertEquals(Formats.VCARD, SANITIZER.detect(variant), start);
      assertTrue(clean(variant).contains("FN:EVIDENCE Boss"), start);
    }
    byte[] utf16 = Bin.cat(new byte[] {(byte) 0xFF, (byte) 0xFE}, card.getBytes(StandardCharsets.UTF_16LE));
    assertEquals(Formats.VCARD, SANITIZER.detect(utf16));
    RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(utf16, "c.vcf", 1));
    assertEquals(Kind.UNSUPPORTED_VARIANT, e.kind());
  }

  /** vCard 2.1 puts another person's card inside the first after AGENT: that person goes whole. */
  @Test
  void aCardInsideACardGoes() throws Exception {
    String out = clean("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:EVIDENCE Boss\r\nAGENT:\r\nBEGIN:VCARD\r\nVERSION:2.1\r\n"
        + "FN:" + MARK + "-agent\r\nEND:VCARD\r\nTEL:+7 701 555 0101\r\nEND:VCARD\r\n");
    assertEquals("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:EVIDENCE Boss\r\nTEL:+7 701 555 0101\r\nEND:VCARD\r\n", out);
  }

  /**
   * Found by a review reading the cleaner as an attacker: where this cleaner and a reader split a
   * card differently, what the cleaner took for part of a kept value reached the reader as a
   * property of its own (a picture on a web address, the phone's PRODID). Checked here with the
   * readers' own rules: every output line a reader could take for a property is one of the kept.
   */
  @Test
  void aCardCannotSmuggleAPropertyPastTheCleaner() throws Exception {
    // (what is joined into the note stays there as its text: these carry no marker)
    String beacon = "PHOTO;VALUE=uri:http://198.51.100.7/beacon.png";
    String photo = Base64.getEncoder().encodeToString(Corpus.jpeg());
    List<String> cards = List.of(
        // a soft break a reader that does not decode quoted-printable (3.0 and 4.0 readers) never joins
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\r\n" + beacon + "\r\nEND:VCARD\r\n",
        // parameter names no reader takes for ENCODING (a dotless i, a space), and 2.1's bare word
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nNOTE;ENCOD\u0131NG=QUOTED-PRINTABLE:x=\r\n" + beacon + "\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nNOTE;ENCODING =QUOTED-PRINTABLE:x=\r\n" + beacon + "\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nNOTE;QUOTED-PRINTABLE:x=\r\n" + beacon + "=\r\nPRODID:-//Phone//EN"
            + "\r\nEND:VCARD\r\n");
    for (String card : cards) {
      String out = clean(card);
      for (String line : out.replaceAll("\r?\n[ \t]", "").split("\r?\n")) {
        String name = line.replaceFirst("[;:].*", "").replaceFirst("^[A-Za-z0-9-]+\\.", "").toUpperCase(java.util.Locale.ROOT);
        assertTrue(List.of("BEGIN", "VERSION", "FN", "NOTE", "END").contains(name), "a property out of nowhere: " + line);
      }
    }
    // a double quote inside a parameter value moves where the value starts for readers that honour
    // quotes only around a whole value: refused
    for (String card : List.of(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nPHOTO;LABEL=a\"b:http://198.51.100.7/b.png#\";ENCODING=b:" + photo
            + "\r\nEND:VCARD\r\n",
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nURL;LABEL=a\"b;TYPE=\"c:https://ok.example/\":file://198.51.100.7/s/x.exe"
            + "\r\nEND:VCARD\r\n")) {
      RefusedFileException e = assertThrows(RefusedFileException.class,
          () -> SANITIZER.clean(card.getBytes(StandardCharsets.UTF_8), "c.vcf", 1), card);
      assertEquals(Kind.DAMAGED, e.kind());
    }
    // a quoted value holding a colon is read as RFC 6350 reads it, and not written back: a 2.1 reader
    // knows no quotes
    String out = clean("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nADR;LABEL=\"Gate 3: " + MARK + "\";TYPE=work:;;Tole bi 1;"
        + "Almaty;;;KZ\r\nEND:VCARD\r\n");
    assertTrue(out.contains("\r\nADR;TYPE=work:;;Tole bi 1;Almaty;;;KZ\r\n"), out);
    // a link is judged as a reader decodes it; one only some readers decode goes
    out = clean("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nitem1.URL:http\\://stroy.example\r\nitem1.X-ABLabel:_$!<HomePage>!$_\r\n"
        + "IMPP;ENCODING=QUOTED-PRINTABLE:file=3A//198.51.100.7/" + MARK + "\r\n"
        + "X-SOCIALPROFILE;ENCODING=b:" + Base64.getEncoder().encodeToString(("\\\\198.51.100.7\\" + MARK).getBytes(StandardCharsets.US_ASCII))
        + "\r\nIMPP:fil\\e:///C:/" + MARK + "\r\nEND:VCARD\r\n");
    assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nitem1.URL:http\\://stroy.example\r\n"
        + "item1.X-ABLabel:_$!<HomePage>!$_\r\nEND:VCARD\r\n", out);
  }

  /**
   * Found by the second review: readers that take a card in vCard 2.1's syntax (as ez-vcard does
   * for any line before VERSION) read {@code \:} in a parameter as an escaped colon; a free-text
   * parameter ending in a backslash then moved where the value starts. Such a value goes, VERSION
   * is written first, a data address is written anew, and links are judged as readers clean them.
   */
  @Test
  void escapesAndInvisibleCharactersMoveNothing() throws Exception {
    String photo = Base64.getEncoder().encodeToString(Corpus.jpeg());
    String out = clean("BEGIN:VCARD\r\nFN:Boss\r\nPHOTO;SORT-AS=x\\:data:http://198.51.100.7/b.png?;base64," + photo + "\r\n"
        + "URL;LABEL=x\\:https\\://ok.example/x:file://198.51.100.7/s/y.exe\r\nVERSION:3.0\r\n"
        + "ADR;LABEL=Gate 3\\nTole bi 1:;;Tole bi 1;Almaty;;;KZ\r\nEND:VCARD\r\n");
    assertTrue(out.startsWith("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\n"), out);
    // the parameters go; what is left is a picture written anew and a web address on ok.example
    assertFalse(out.contains("SORT-AS") || out.contains("LABEL=x"), out);
    assertTrue(out.contains("\r\nPHOTO:data:image/jpeg;base64,/9j/") && out.contains("\r\nURL:https\\://ok.example/x:"), out);
    assertTrue(out.contains("\r\nADR;LABEL=Gate 3\\nTole bi 1:;;Tole bi 1;Almaty;;;KZ\r\n"), "a label's line break stays: " + out);
    // a data address's own parameters (a file name, a user's folder) go with it
    out = clean("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nPHOTO:data:image/jpeg;name=IMG_" + MARK + ".jpg;filename=C:\\Users\\"
        + MARK + ";base64," + photo + "\r\nEND:VCARD\r\n");
    assertTrue(out.contains("PHOTO:data:image/jpeg;base64,"), out);
    // in vCard 2.1 too, where a fold keeps its space: cleaned again, the same
    out = clean("BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Boss\r\nPHOTO:data:image/jpeg;base64," + photo + "\r\nEND:VCARD\r\n");
    assertTrue(out.contains("PHOTO:data:image/jpeg;base64,"), out);
    // links with a line break, a no-break space or a byte-order mark before a file address
    Sanitizer.Cleaned c = SANITIZER.clean(("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nIMPP:\\n file://198.51.100.7/a.exe\r\n"
        + "IMPP:\u00A0file://198.51.100.7/b.exe\r\nX-SOCIALPROFILE:\uFEFF\\\\198.51.100.7\\s\r\n"
        + "TEL;VALUE=uri:file://198.51.100.7/c.exe\r\nTEL;VALUE=uri:tel:+7-701-555-0101\r\n"
        + "IMPP;CHARSET=windows-1251:x\r\nX-SOCIALPROFILE;TYPE=telegram:boss_stroy\r\nEND:VCARD\r\n")
        .getBytes(StandardCharsets.UTF_8), "c.vcf", 1);
    out = new String(c.bytes(), StandardCharsets.UTF_8);
    assertEquals("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Boss\r\nTEL;VALUE=uri:tel:+7-701-555-0101\r\n"
        + "X-SOCIALPROFILE;TYPE=telegram:boss_stroy\r\nEND:VCARD\r\n", out);
    assertTrue(c.report().kept().contains("clickable link kept (opens only when clicked): boss_stroy"), c.report().kept().toString());
    // a quoted-printable soft break with nothing after it would join the next property for a 2.1 reader
    out = clean("BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:x=\r\n\r\nTEL:+77015550101\r\nEND:VCARD\r\n");
    assertTrue(out.contains("NOTE;ENCODING=QUOTED-PRINTABLE:x\r\nTEL:+77015550101\r\n"), out);
  }

  /** Text with a card inside, after other text or megabytes of spaces, is a card: refused, not passed on as text. */
  @Test
  void aCardAfterOtherTextIsNotPassedOnAsText() throws Exception {
    String card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nPRODID:" + MARK + "\r\nEND:VCARD\r\n";
    for (String text : List.of("Contacts export\r\n" + card, " ".repeat(70_000) + card, "notes\n  \u00A0 " + card.toLowerCase(java.util.Locale.ROOT))) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertEquals(Formats.VCARD, SANITIZER.detect(b), text.strip().substring(0, 10));
      if (!text.startsWith(" ")) {
        RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(b, "notes.txt", 1));
        assertEquals(Kind.DAMAGED, e.kind());
      }
    }
    assertEquals("text/plain", SANITIZER.detect("He said: BEGIN:VCARD is how a card starts\n".getBytes(StandardCharsets.UTF_8)));
  }

  /** Apple's label of a group whose property went (a spouse's name) would still say what was recorded: it goes too. */
  @Test
  void aLabelOfNothingGoes() throws Exception {
    String out = clean("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nitem5.X-ABRELATEDNAMES:" + MARK + "-spouse\r\n"
        + "item5.X-ABLabel:_$!<Spouse>!$_\r\nitem6.TEL:+7 701 555 0101\r\nitem6.X-ABLabel:_$!<Mobile>!$_\r\nEND:VCARD\r\n");
    assertEquals("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nitem6.TEL:+7 701 555 0101\r\nitem6.X-ABLabel:_$!<Mobile>!$_\r\n"
        + "END:VCARD\r\n", out);
  }

  /** Folding: never a line of spaces only that a reader would end the value at, never a byte a line. */
  @Test
  void foldingKeepsEveryByteAndStaysSmall() throws Exception {
    String note = "a".repeat(70) + " ".repeat(200) + "b";
    String out = clean("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nNOTE:" + note + "\r\nEND:VCARD\r\n");
    assertTrue(out.replace("\r\n ", "").contains("\r\nNOTE:" + note + "\r\n"), out);
    byte[] odd = new byte[30_000];
    java.util.Arrays.fill(odd, (byte) 0x80); // not UTF-8: a run of continuation bytes
    byte[] card = Bin.cat("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\nNOTE:".getBytes(StandardCharsets.US_ASCII), odd,
        "\r\nEND:VCARD\r\n".getBytes(StandardCharsets.US_ASCII));
    Sanitizer.Cleaned c = SANITIZER.clean(card, "c.vcf", 1);
    assertTrue(c.bytes().length < card.length * 11 / 10, "folded to " + c.bytes().length + " bytes from " + card.length);
  }

  @Test
  void whatIsNotACardIsRefused() {
    String ok = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Boss\r\n";
    Map<String, Kind> bad = new java.util.LinkedHashMap<>();
    bad.put(ok + "TEL:1\r\n", Kind.DAMAGED); // cut short
    bad.put(ok + "END:VCARD\r\nsomething after the card\r\n", Kind.DAMAGED);
    bad.put(ok + "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\nEND:VCARD\r\n", Kind.DAMAGED); // a card inside, not after AGENT
    bad.put(ok + "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCARD\r\n", Kind.DAMAGED);
    bad.put(ok + "a line that is no property\r\nEND:VCARD\r\n", Kind.DAMAGED);
    bad.put(ok + "F N:x\r\nEND:VCARD\r\n", Kind.DAMAGED);
    bad.put(ok + "FN:x\0y\r\nEND:VCARD\r\n", Kind.DAMAGED);
    bad.put("BEGIN:VCARD\r\nVERSION:5.0\r\nFN:x\r\nEND:VCARD\r\n", Kind.UNSUPPORTED_VARIANT);
    bad.put(ok + "PHOTO;ENCODING=b:!!!not base64!!!\r\nEND:VCARD\r\n", Kind.DAMAGED);
    StringBuilder deep = new StringBuilder("BEGIN:VCARD\r\nVERSION:2.1\r\nAGENT:\r\n");
    for (int i = 0; i < 20; i++) {
      deep.append("BEGIN:VCARD\r\n");
    }
    bad.put(deep + "END:VCARD\r\n".repeat(21), Kind.BEYOND_LIMITS);
    for (Map.Entry<String, Kind> b : bad.entrySet()) {
      byte[] bytes = b.getKey().getBytes(StandardCharsets.UTF_8);
      RefusedFileException e = assertThrows(RefusedFileException.class, () -> SANITIZER.clean(bytes, "c.vcf", 1),
          b.getKey());
      assertEquals(b.getValue(), e.kind(), b.getKey() + " -> " + e.getMessage());
      assertEquals(Formats.VCARD, e.detectedType());
    }
  }

  /**
   * Telegram's export names a shared contact {@code contacts/contact_1.vcard}, WhatsApp's
   * {@code 00000005-Boss.vcf}: inside a chat's archive each is cleaned and keeps its name.
   */
  @Test
  void insideAChatsArchiveACardIsCleanedAndKeepsItsName(@TempDir Path dir) throws Exception {
    byte[] zip = Corpus.zip(false, new String[][] {
        {"ChatExport/result.json", "{\"name\": \"EVIDENCE chat\", \"messages\": []}"},
        {"ChatExport/contacts/contact_1.vcard", new String(Corpus.vcard(), StandardCharsets.UTF_8)}});
    Path in = Files.write(dir.resolve("export.zip"), zip);
    FileReport r = SANITIZER.clean(in, Files.createDirectories(dir.resolve("out")), 1);
    assertTrue(r.removed().stream().anyMatch(w -> w.startsWith("inside the archive: ") && w.contains("PRODID")),
        r.removed().toString());
    assumeTrue(Readers.has("unzip", "-v"), "Info-ZIP unzip is not installed");
    Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
    Process p = new ProcessBuilder("unzip", "-q", dir.resolve("out").resolve(r.outputName()).toString(), "-d",
        unpacked.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor());
    String card = Files.readString(unpacked.resolve("ChatExport/contacts/contact_1.vcard"));
    assertTrue(card.contains("FN:" + Corpus.VCARD_NAME) && !card.contains(MARK), card);
  }
}
