package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.format.Input;

/**
 * The signature fast path (what a cold start uses for the commonest evidence, without loading
 * Tika's database) gives Tika's answer for every sample it answers for, and leaves everything
 * else to Tika.
 */
class DetectorTest {
  private final Detector detector = new Detector();

  @Test
  void theFastPathAgreesWithTika() throws Exception {
    List<Corpus.Sample> samples = new ArrayList<>(Corpus.all());
    samples.add(new Corpus.Sample("active.docx", "", ActiveFixtures.docx()));
    samples.add(new Corpus.Sample("active.odt", "", ActiveFixtures.odt()));
    samples.add(new Corpus.Sample("active.xlsm", "", ActiveFixtures.xlsm()));
    samples.add(new Corpus.Sample("active.pdf", "", ActiveFixtures.pdf()));
    samples.add(new Corpus.Sample("scan.bmp", "", MediaTest.bmp(0x73524742, new byte[0], new byte[0], new byte[0])));
    samples.add(new Corpus.Sample("photos.zip", "", Bin.cat(Bin.ascii("PK\u0003\u0004"), new byte[60])));
    samples.add(new Corpus.Sample("riff.avi", "", Bin.cat(Bin.ascii("RIFF"), Bin.le32(4), Bin.ascii("AVI "))));
    int fast = 0;
    for (Corpus.Sample s : samples) {
      Input in = Input.of(s.bytes());
      String signature = Detector.signature(in);
      if (signature != null) {
        assertEquals(detector.detectWithTika(in), signature, s.name());
        fast++;
      }
      assertEquals(detector.detectWithTika(in), detector.detect(in), s.name());
    }
    org.junit.jupiter.api.Assertions.assertTrue(fast >= 12, "JPEG, PNG, GIF, WebP, WAV, PDF, Office and ODF samples take the fast path: " + fast);
    assertNotNull(Detector.signature(Input.of(Corpus.jpeg())));
    assertNull(Detector.signature(Input.of(Bin.cat(Bin.ascii("PK\u0003\u0004"), new byte[60]))), "a zip goes to Tika");
  }
}
