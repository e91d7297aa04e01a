package org.sandyq.sanitizer.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.ReportWords;

/** Every warning a format can give is translated in every language of the source's words. */
class ReportWordsTest {
  @Test
  void everyWarningHasATranslationInEveryLanguage() {
    Set<String> all = new LinkedHashSet<>();
    all.addAll(Warnings.IMAGE);
    all.addAll(Warnings.DOCUMENT);
    all.addAll(Warnings.AUDIO);
    all.addAll(Warnings.VIDEO);
    all.addAll(Warnings.CONTACT);
    // what a format adds for one file (Riff, Pdf): as they say it
    all.add("the photo was stored rotated; WebP has no orientation field once EXIF is removed, so it may display sideways");
    all.add("JPEG 2000 images inside the PDF are kept as they are; they rarely carry metadata, but it is not checked");
    all.add("the text is in an older encoding (a Windows or DOS code page such as windows-1251), kept as it is: "
        + "whoever reads it may have to choose that encoding to see the letters");
    for (String lang : ReportWords.LANGUAGES) {
      ReportWords words = ReportWords.of(lang);
      for (String warning : all) {
        assertTrue(words.has(warning), lang + " lacks: " + warning);
        if (lang.equals("en")) {
          assertEquals(warning, words.sentence(warning));
        } else {
          assertNotEquals(warning, words.sentence(warning), lang + " left in English: " + warning);
        }
      }
    }
    assertEquals("not a warning", ReportWords.of("ru").sentence("not a warning"), "anything else as it is");
  }
}
