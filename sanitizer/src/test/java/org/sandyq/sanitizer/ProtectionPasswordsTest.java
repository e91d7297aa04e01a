package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A password that protects a document, a sheet, a range or a section from editing is kept in the
 * file as a hash, which gives the password back offline (an unsalted SHA-1 in OpenDocument, a
 * 16-bit hash in old workbooks); people reuse passwords, or make them of names and birthdays. And
 * Excel lists the Windows accounts allowed to edit a range. Every verifier goes, in each format's
 * spellings; the protection itself stays (without a password), and so does the text.
 */
class ProtectionPasswordsTest {
  private final Sanitizer sanitizer = new Sanitizer();

  record Case(String name, byte[] file, String member, List<String> kept, String text) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String SQMK = Corpus.MARK;

  static byte[] edit(byte[] zip, String member, UnaryOperator<String> edit) {
    try {
      return Views.edited(zip, member, edit);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static List<Case> cases() {
    byte[] docx = edit(Corpus.docx(), "word/settings.xml", s -> s.replaceFirst("(<w:settings[^>]*>)",
        "$1<w:writeProtection w:recommended=\"1\" w:cryptProviderType=\"rsaAES\" w:cryptAlgorithmClass=\"hash\""
            + " w:cryptAlgorithmType=\"typeAny\" w:cryptAlgorithmSid=\"14\" w:cryptSpinCount=\"100000\""
            + " w:hash=\"" + SQMK + "-write-hash\" w:salt=\"" + SQMK + "-write-salt\"/>"
            + "<w:documentProtection w:edit=\"readOnly\" w:enforcement=\"1\" w:algorithmName=\"SHA-512\""
            + " w:hashValue=\"" + SQMK + "-doc-hash\" w:saltValue=\"" + SQMK + "-doc-salt\" w:spinCount=\"100000\"/>"));
    byte[] xlsx = edit(edit(Corpus.xlsx(), "xl/workbook.xml", s -> s.replaceFirst("(<sheets)",
        "<workbookProtection lockStructure=\"1\" workbookPassword=\"CC1A\" workbookAlgorithmName=\"SHA-512\""
            + " workbookHashValue=\"" + SQMK + "-book-hash\" workbookSaltValue=\"" + SQMK + "-book-salt\" workbookSpinCount=\"100000\""
            + " revisionsHashValue=\"" + SQMK + "-rev-hash\"/>$1")),
        "xl/worksheets/sheet1.xml", s -> s.replaceFirst("(</sheetData>)",
            "$1<sheetProtection sheet=\"1\" objects=\"1\" password=\"" + SQMK + "-legacy\" algorithmName=\"SHA-512\""
                + " hashValue=\"" + SQMK + "-sheet-hash\" saltValue=\"" + SQMK + "-sheet-salt\" spinCount=\"100000\"/>"
                + "<protectedRanges><protectedRange sqref=\"A1:B2\" name=\"Wages\" algorithmName=\"SHA-512\""
                + " hashValue=\"" + SQMK + "-range-hash\" securityDescriptor=\"O:WDG:WDD:(A;;CC;;;S-1-5-21-" + SQMK + "-sid)\">"
                + "<securityDescriptor>O:WDG:WDD:(A;;CC;;;S-1-5-21-" + SQMK + "-sid2)</securityDescriptor></protectedRange></protectedRanges>"));
    byte[] pptx = edit(Corpus.pptx(), "ppt/presentation.xml", s -> s.replaceFirst("(</p:presentation>)",
        "<p:modifyVerifier cryptProviderType=\"rsaAES\" cryptAlgorithmClass=\"hash\" cryptAlgorithmType=\"typeAny\""
            + " cryptAlgorithmSid=\"14\" spinCount=\"100000\" saltData=\"" + SQMK + "-ppt-salt\" hashData=\"" + SQMK + "-ppt-hash\"/>$1"));
    byte[] odt = edit(Corpus.odt(), "content.xml", s -> s.replaceFirst("(<text:p text:style-name=\"P1\">)",
        "<text:section text:name=\"S1\" text:protected=\"true\" text:protection-key=\"" + SQMK + "-section-key\""
            + " text:protection-key-digest-algorithm=\"http://www.w3.org/2000/09/xmldsig#sha1\"><text:p>EVIDENCE protected section</text:p></text:section>$1"));
    return List.of(
        new Case("docx", docx, "word/settings.xml", List.of("w:enforcement=\"1\"", "w:recommended=\"1\""), Corpus.DOCX_TEXT),
        new Case("xlsx", xlsx, "xl/worksheets/sheet1.xml", List.of("<sheetProtection ", "sheet=\"1\"", "sqref=\"A1:B2\""),
            null),
        new Case("pptx", pptx, "ppt/presentation.xml", List.of(), null),
        new Case("odt", odt, "content.xml", List.of("text:protected=\"true\"", "EVIDENCE protected section"), Corpus.ODT_TEXT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void passwordHashesAndAccountsGoAndTheProtectionStays(Case c) throws Exception {
    Set<String> before = Views.markers(c.file());
    assertTrue(before.stream().anyMatch(m -> m.contains("hash") || m.contains("key")), "the fixture carries a verifier: " + before);
    Sanitizer.Cleaned out = sanitizer.clean(c.file(), "protected." + c.name(), 1);
    assertEquals(Set.of(), Views.markers(out.bytes()));
    assertTrue(out.report().removed().stream().anyMatch(r -> r.startsWith("password hashes of editing protection")),
        out.report().removed().toString());
    String member = Views.member(out.bytes(), c.member());
    for (String k : c.kept()) {
      assertTrue(member.contains(k), k + " should stay in " + member);
    }
    for (String gone : List.of("hashValue", "saltValue", "w:hash=", "workbookPassword", "password=", "modifyVerifier",
        "securityDescriptor", "protection-key", "cryptProviderType", "spinCount")) {
      assertFalse(member.contains(gone), gone + " survived in " + member);
    }
    if (c.text() != null) {
      String body = Views.member(out.bytes(), c.name().equals("docx") ? "word/document.xml" : "content.xml");
      assertTrue(body.contains(c.text()), "the text stays: " + body);
    }
    assertEquals(List.of("the original file name"), sanitizer.clean(out.bytes(), "again." + c.name(), 1).report().removed(),
        "a second cleaning finds nothing");
  }
}
