package org.sandyq.sanitizer.format;

import java.util.List;

/** What removing metadata cannot fix, said plainly in the report. */
final class Warnings {
  private Warnings() {}

  static final String CONTENT =
      "the content itself can identify you: names, places, faces, voices, handwriting, writing style";
  static final List<String> IMAGE = List.of(
      CONTENT,
      "faces, tattoos, reflections, street signs, landmarks and any text or documents visible in the picture are not hidden",
      "camera sensor noise can link a photo to the phone or camera that took it; it is not removed",
      "a photo or scan of a printed page may carry printer tracking dots; they are not removed");
  static final List<String> DOCUMENT = List.of(
      CONTENT,
      "names, signatures, stamps and letterheads in the text or in pictures inside the document are not removed",
      "a document printed and scanned may carry printer tracking dots; they are not removed");
  static final List<String> AUDIO = List.of(
      CONTENT,
      "voices, accents and background sounds (announcements, church bells, traffic) can identify you or the place");
  static final List<String> VIDEO = List.of(
      CONTENT,
      "faces, voices, places and background sounds in the video are not hidden",
      "camera sensor noise can link a video to the device that recorded it; it is not removed");
  static final List<String> CONTACT = List.of(
      CONTENT,
      "a contact card names a person and gives their phone numbers and addresses: that is what it is sent for, and it is kept");
}
