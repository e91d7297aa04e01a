package org.sandyq.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.sandyq.crypto.identity.Passphrase;
import picocli.CommandLine.Option;

/**
 * Where a passphrase comes from, in this order: {@code --passphrase-file}, the
 * {@code SANDYQ_PASSPHRASE} environment variable, a prompt on the terminal.
 */
public final class PassphraseOptions {
  public static final String ENV = "SANDYQ_PASSPHRASE";
  static final int MIN_NEW_LENGTH = 8;

  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "Read the passphrase from the first line of FILE (else $" + ENV + ", else a prompt).")
  Path file;

  /** The passphrase that unlocks {@code what}. */
  public Passphrase existing(Io io, String what) {
    return obtain(io, "Passphrase for " + what + ": ", false);
  }

  /** A new passphrase for {@code what}: asked twice at a prompt, and at least 8 characters. */
  public Passphrase fresh(Io io, String what) {
    Passphrase p = obtain(io, "New passphrase for " + what + ": ", true);
    if (p.length() < MIN_NEW_LENGTH) {
      p.close();
      throw new UserError(Failure.WEAK_PASSPHRASE, "the passphrase must be at least " + MIN_NEW_LENGTH + " characters; a few words are best");
    }
    return p;
  }

  private Passphrase obtain(Io io, String question, boolean confirm) {
    if (file != null) {
      try {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int nl = content.indexOf('\n');
        String line = nl < 0 ? content : content.substring(0, nl);
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
          throw new UserError(Failure.PASSPHRASE_NEEDED, "passphrase file " + file + " is empty");
        }
        return Passphrase.of(line.toCharArray());
      } catch (IOException e) {
        throw new UserError("cannot read passphrase file " + file + " (" + why(e) + ")", e);
      }
    }
    String env = io.env().get(ENV);
    if (env != null && !env.isEmpty()) {
      return Passphrase.of(env.toCharArray());
    }
    char[] typed = io.prompt().readSecret(question);
    if (typed == null) {
      throw new UserError(Failure.PASSPHRASE_NEEDED, "no passphrase: use --passphrase-file FILE, set " + ENV + ", or run in a terminal");
    }
    if (typed.length == 0) {
      throw new UserError(Failure.PASSPHRASE_NEEDED, "the passphrase is empty");
    }
    if (confirm) {
      char[] again = io.prompt().readSecret("Again: ");
      boolean same = again != null && Arrays.equals(typed, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(typed, '\0');
        throw new UserError(Failure.PASSPHRASES_DIFFER, "the two passphrases differ; nothing was written");
      }
    }
    return Passphrase.of(typed);
  }

  /** Why a file could not be read, in plain words (never an exception's class name). */
  static String why(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() == null ? "cannot be read" : e.getMessage();
    };
  }
}
