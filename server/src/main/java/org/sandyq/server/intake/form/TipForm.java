package org.sandyq.server.intake.form;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A source's web form as {@link FormParser} read it, the same for the plain (no JavaScript) and the
 * sealed (HPKE) path. Fields that were not sent are empty strings, never null, except
 * {@code category} and {@code receipt}, which are empty unless the kind needs them.
 *
 * @param kind {@link #SUBMISSION}, {@link #FOLLOWUP} or {@link #STATUS} (the sealed status lookup:
 *     only {@code receipt} and {@code lang})
 * @param lang one of {@link #LANGUAGES}: the answer page's language, also the triage language
 * @param category a category id (submission), else empty
 * @param answers questionnaire answers by question id (the {@code answer.<id>} fields), non-empty
 *     values only
 * @param text the free text (may be empty)
 * @param files the files, in the order sent (empty file inputs are dropped)
 * @param receipt the receipt as typed (follow-up, status), else empty
 */
public record TipForm(String kind, String lang, String category, Map<String, String> answers, String text,
    List<FormFile> files, String receipt) {
  public static final String SUBMISSION = "submission";
  public static final String FOLLOWUP = "followup";
  public static final String STATUS = "status";

  public TipForm {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(lang, "lang");
    category = Objects.requireNonNullElse(category, "");
    answers = Map.copyOf(answers);
    text = Objects.requireNonNullElse(text, "");
    files = List.copyOf(files);
    receipt = Objects.requireNonNullElse(receipt, "");
  }

  public boolean isFollowup() {
    return FOLLOWUP.equals(kind);
  }

  public boolean isSubmission() {
    return SUBMISSION.equals(kind);
  }

  public boolean isStatus() {
    return STATUS.equals(kind);
  }

  /** Zeroes every file's bytes. The strings (text, answers) cannot be wiped: they live until GC. */
  public void wipe() {
    files.forEach(FormFile::wipe);
  }
}
