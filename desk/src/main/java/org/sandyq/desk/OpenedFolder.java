package org.sandyq.desk;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sandyq.cli.LawyerSession;
import org.sandyq.crypto.envelope.ManifestFile;
import org.sandyq.crypto.envelope.OpenedPayload;
import org.sandyq.crypto.envelope.SectionKind;
import org.sandyq.crypto.envelope.SubmissionId;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;
import org.sandyq.crypto.json.JsonFields;
import org.sandyq.crypto.json.MalformedJsonException;

/**
 * A request opened before this desk started ({@code unseal open}, or another desk), read back from
 * its folder {@code opened-RID8} under the desk's {@code --out}: the {@code manifest.json} that
 * {@code unseal open} wrote, its {@code message.txt}, and every listed file checked against the
 * manifest's size and SHA-256 before anything is shown (a file edited on disk is refused, never
 * rendered). The folder is the lawyer's own: whoever can rewrite both a file and the manifest can
 * also rewrite what {@code unseal open} left, so this catches damage and edits, not an attacker
 * who owns the lawyer's account.
 */
final class OpenedFolder {
  /** The folder names {@code unseal open}'s hint and the desk use: {@code opened-} and 8 hex digits. */
  static final Pattern NAME = Pattern.compile("opened-[0-9a-f]{8}");
  private static final long MAX_JSON = 16 << 20;
  private static final long MAX_MESSAGE = 16 << 20;
  private static final int MAX_FILES = 1000;
  private static final Set<String> MEMBERS = Set.of("v", "submission_id", "section", "category",
      "policy_fingerprint", "message", "answers", "files", "report");
  private static final Set<String> FILE_MEMBERS = Set.of("name", "path", "media_type", "size", "sha256");

  private OpenedFolder() {}

  /** Why a folder is not shown. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  /** The {@code opened-RID8} folders directly under {@code out} that hold a manifest, sorted by name. */
  static List<String> list(Path out) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
      return names;
    }
    try (var entries = Files.list(out)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        String name = p.getFileName().toString();
        if (NAME.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(p.resolve("manifest.json"), LinkOption.NOFOLLOW_LINKS) && names.size() < MAX_FILES) {
          names.add(name);
        }
      }
    }
    names.sort(null);
    return names;
  }

  /**
   * Reads folder {@code name} under {@code out}, every file verified; the request it stands for is
   * named by the folder (its id's first 8 digits), since the manifest does not carry the id.
   */
  static LawyerSession.OpenedRequest read(Path out, String name) throws Refused, IOException {
    if (!NAME.matcher(name).matches()) {
      throw new Refused("not a folder unseal open writes: " + name);
    }
    Path folder = out.resolve(name);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused(name + " is not a folder in " + out);
    }
    Path files = folder.resolve("files");
    try {
      JsonFields m = JsonFields.of(Json.parse(bounded(folder.resolve("manifest.json"), MAX_JSON)), "manifest.json")
          .only(MEMBERS);
      if (m.integer("v", 1, 1) != 1 || !"message.txt".equals(m.text("message"))) {
        throw new MalformedJsonException("not a version 1 manifest of unseal open");
      }
      SubmissionId submission = new SubmissionId(m.text("submission_id"));
      SectionKind section = section(m.text("section"));
      Map<String, String> answers = new LinkedHashMap<>();
      JsonNode a = m.get("answers");
      if (!a.isObject()) {
        throw new MalformedJsonException("\"answers\" is not an object");
      }
      for (var e : a.properties()) {
        if (!e.getValue().isTextual()) {
          throw new MalformedJsonException("an answer is not text");
        }
        answers.put(e.getKey(), e.getValue().textValue());
      }
      JsonNode list = m.array("files");
      if (list.size() > MAX_FILES) {
        throw new MalformedJsonException("more than " + MAX_FILES + " files");
      }
      List<ManifestFile> listed = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        JsonFields f = JsonFields.of(list.get(i), "files[" + i + "]").only(FILE_MEMBERS);
        String fileName = f.text("name");
        if (!f.text("path").equals("files/" + fileName)) {
          throw new MalformedJsonException("files[" + i + "] is not under files/ by its name");
        }
        ManifestFile file = new ManifestFile(fileName, f.text("media_type"), f.integer("size", 0, Long.MAX_VALUE),
            Sha256.parse(f.text("sha256")));
        check(files, file);
        listed.add(file);
      }
      String text = utf8(bounded(folder.resolve("message.txt"), MAX_MESSAGE));
      return new LawyerSession.OpenedRequest(name, submission.hex(), List.of(), -1,
          new OpenedPayload(section, submission, folder, text, Map.copyOf(answers), List.copyOf(listed),
              m.get("report")));
    } catch (MalformedJsonException | IllegalArgumentException e) {
      throw new Refused(name + "/manifest.json is not unseal open's: " + e.getMessage());
    }
  }

  /**
   * Checks that {@code file} is a plain file directly in {@code files} (no link, no path out of it)
   * with the size and SHA-256 the manifest gives it: what the desk runs before it shows or hands over
   * any file it did not open itself this session.
   */
  static void check(Path files, ManifestFile file) throws Refused, IOException {
    Path p = files.resolve(file.name()).normalize();
    if (!p.getParent().equals(files.normalize()) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new Refused("\"" + file.name() + "\" is not a plain file in " + files);
    }
    if (Files.size(p) != file.size()) {
      throw new Refused("\"" + file.name() + "\" was changed on disk: its size is not the manifest's; not shown");
    }
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
      byte[] b = new byte[1 << 16];
      for (int n; (n = in.read(b)) > 0; ) {
        digest.update(b, 0, n);
      }
    }
    if (!Sha256.fromBytes(digest.digest()).matches(file.sha256())) {
      throw new Refused("\"" + file.name() + "\" was changed on disk: its SHA-256 is not the manifest's; not shown");
    }
  }

  private static SectionKind section(String label) throws MalformedJsonException {
    for (SectionKind k : SectionKind.values()) {
      if (k.isPayload() && k.label().equals(label)) {
        return k;
      }
    }
    throw new MalformedJsonException("\"section\" is not a payload section");
  }

  private static byte[] bounded(Path file, long max) throws IOException, Refused {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > max) {
      throw new Refused(file.getFileName() + " is missing, not a plain file, or over " + (max >> 20) + " MiB");
    }
    return Files.readAllBytes(file);
  }

  private static String utf8(byte[] bytes) throws Refused {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new Refused("message.txt is not UTF-8");
    }
  }
}
