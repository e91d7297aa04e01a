package org.sandyq.tip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a source says and attaches, before anything is checked, cleaned or sealed: the category,
 * the questionnaire answers, the text, the files, the triage hints (readable by any one roster
 * lawyer) and two choices (seal the originals too; seal files that cannot be cleaned as they are).
 */
public final class Tip {
  private final String category;
  private final Map<String, String> answers;
  private final String text;
  private final List<TipFile> files;
  private final String region;
  private final String dates;
  private final String summary;
  private final String language;
  private final boolean keepOriginal;
  private final boolean allowUnsanitized;

  private Tip(Builder b) {
    this.category = Objects.requireNonNull(b.category, "a tip needs a category");
    this.answers = Collections.unmodifiableMap(new LinkedHashMap<>(b.answers));
    this.text = b.text;
    this.files = List.copyOf(b.files);
    this.region = b.region;
    this.dates = b.dates;
    this.summary = b.summary;
    this.language = b.language;
    this.keepOriginal = b.keepOriginal;
    this.allowUnsanitized = b.allowUnsanitized;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String category() {
    return category;
  }

  public Map<String, String> answers() {
    return answers;
  }

  public String text() {
    return text;
  }

  public List<TipFile> files() {
    return files;
  }

  public Optional<String> region() {
    return Optional.ofNullable(region);
  }

  public Optional<String> dates() {
    return Optional.ofNullable(dates);
  }

  public Optional<String> summary() {
    return Optional.ofNullable(summary);
  }

  public Optional<String> language() {
    return Optional.ofNullable(language);
  }

  public boolean keepOriginal() {
    return keepOriginal;
  }

  public boolean allowUnsanitized() {
    return allowUnsanitized;
  }

  public static final class Builder {
    private String category;
    private final Map<String, String> answers = new LinkedHashMap<>();
    private String text = "";
    private final List<TipFile> files = new ArrayList<>();
    private String region;
    private String dates;
    private String summary;
    private String language;
    private boolean keepOriginal;
    private boolean allowUnsanitized;

    private Builder() {}

    /** A category id of the policy the tip is sealed under. */
    public Builder category(String category) {
      this.category = category;
      return this;
    }

    /** An answer to a question of the category's questionnaire, by question id. */
    public Builder answer(String question, String answer) {
      answers.put(Objects.requireNonNull(question), Objects.requireNonNull(answer));
      return this;
    }

    public Builder answers(Map<String, String> all) {
      all.forEach(this::answer);
      return this;
    }

    public Builder text(String text) {
      this.text = Objects.requireNonNull(text);
      return this;
    }

    public Builder file(TipFile file) {
      files.add(Objects.requireNonNull(file));
      return this;
    }

    public Builder files(List<? extends TipFile> all) {
      all.forEach(this::file);
      return this;
    }

    /** Triage hint: city or region; null leaves it out. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Triage hint: when it happened, as the source says it; null leaves it out. */
    public Builder dates(String dates) {
      this.dates = dates;
      return this;
    }

    /** Triage hint: one line for the lawyers who sort tips; null leaves it out. */
    public Builder summary(String summary) {
      this.summary = summary;
      return this;
    }

    /** Triage: the language the source writes in (en, ru, ky, uz, kk, tg); null leaves it out. */
    public Builder language(String language) {
      this.language = language;
      return this;
    }

    /** Also seal the untouched files, metadata included, under their own quorum (for court). */
    public Builder keepOriginal(boolean keep) {
      this.keepOriginal = keep;
      return this;
    }

    /** Seal files the sanitizer cannot clean as they are (the report says so) instead of refusing. */
    public Builder allowUnsanitized(boolean allow) {
      this.allowUnsanitized = allow;
      return this;
    }

    public Tip build() {
      return new Tip(this);
    }
  }
}
