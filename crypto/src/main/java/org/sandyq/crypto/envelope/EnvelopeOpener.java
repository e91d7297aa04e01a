package org.sandyq.crypto.envelope;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.sandyq.crypto.hash.Sha256;
import org.sandyq.crypto.json.Json;

/**
 * Decrypts one payload section into a directory, all or nothing.
 *
 * <p>The plaintext goes into a fresh private directory next to the output. Every file's SHA-256 is
 * checked against the manifest, the padding must be all zero and the plaintext must end exactly
 * where the header says; only after the last segment has authenticated is the directory renamed,
 * atomically, to the output. On any failure nothing is left behind.
 */
public final class EnvelopeOpener {
  static final String FILES_DIRECTORY = "files";
  static final String MANIFEST_FILE = "manifest.json";
  static final String MESSAGE_FILE = "message.txt";
  private static final int BUFFER = 1 << 16;

  private EnvelopeOpener() {}

  /** Opens the section {@code key} belongs to from an envelope file, which must be exactly complete. */
  public static OpenedPayload open(Path envelope, SectionKey key, Path outputDirectory)
      throws IOException, GeneralSecurityException {
    return open(envelope, key, outputDirectory, read -> {});
  }

  /**
   * As {@link #open(Path, SectionKey, Path)}, telling {@code progress} how many bytes of the file
   * have been read so far (for a progress bar; called often, so it must be cheap).
   */
  public static OpenedPayload open(Path envelope, SectionKey key, Path outputDirectory, LongConsumer progress)
      throws IOException, GeneralSecurityException {
    try (InputStream in = new BufferedInputStream(new Counting(Files.newInputStream(envelope), progress), BUFFER)) {
      EnvelopeHeader header = readWhole(envelope, in);
      Files.createDirectories(outputDirectory.toAbsolutePath().normalize().getParent());
      return open(header, in, key, outputDirectory);
    }
  }

  /**
   * Decrypts the section {@code key} belongs to from an envelope file and checks it exactly as
   * {@link #open} does (every segment authenticated, every file against its SHA-256 in the
   * manifest, the padding, the end), writing nothing anywhere: for comparing copies held elsewhere
   * (a court bundle) without putting a second plaintext on the disk, where an interrupted check
   * would leave it.
   */
  public static CheckedPayload check(Path envelope, SectionKey key) throws IOException, GeneralSecurityException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(envelope), BUFFER)) {
      EnvelopeHeader header = readWhole(envelope, in);
      checkKey(header, key);
      Decrypted d;
      try (Hashing hashing = new Hashing()) {
        d = section(header, in, key, hashing);
      }
      return new CheckedPayload(d.kind(), header.submissionId(), d.manifest().text, d.manifest().answers,
          d.manifest().files, d.manifest().report, utf8(d.manifest().text),
          utf8(manifestFile(header, d.kind(), d.manifest())));
    }
  }

  /**
   * {@code text} as {@link Files#writeString} writes it in {@link #open}, which refuses what is not
   * Unicode (half a surrogate pair) rather than write a {@code ?} for it: so does the check.
   */
  private static byte[] utf8(String text) throws MalformedEnvelopeException {
    try {
      java.nio.ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .encode(java.nio.CharBuffer.wrap(text));
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MalformedEnvelopeException("the manifest holds text that is not Unicode");
    }
  }

  /** The header of an envelope file, which must be exactly as long as the header declares. */
  private static EnvelopeHeader readWhole(Path envelope, InputStream in) throws IOException, GeneralSecurityException {
    EnvelopeHeader header = EnvelopeHeader.read(in);
    long size = Files.size(envelope);
    if (size < header.envelopeLength()) {
      throw new MalformedEnvelopeException("envelope truncated: " + size + " bytes, the header declares "
          + header.envelopeLength());
    }
    if (size > header.envelopeLength()) {
      throw new MalformedEnvelopeException((size - header.envelopeLength()) + " trailing bytes after the last payload");
    }
    return header;
  }

  private static void checkKey(EnvelopeHeader header, SectionKey key) {
    if (!key.submissionId().equals(header.submissionId()) || !header.payloadKinds().contains(key.kind())) {
      throw new IllegalArgumentException(key + " does not open a payload of " + header);
    }
  }

  /**
   * Opens a section from {@code payloads}, the envelope stream positioned just after
   * {@code header} (as {@link EnvelopeHeader#read} leaves it), which must end exactly where the
   * envelope does: payloads after this section are read past (not decrypted) and the end is read
   * before the output is published, so a stream still arriving (a download) is whole by then.
   * The directory {@code outputDirectory} is created in must exist: it is never made here (a
   * caller's private directory removed on Ctrl-C must stay removed).
   */
  public static OpenedPayload open(EnvelopeHeader header, InputStream payloads, SectionKey key, Path outputDirectory)
      throws IOException, GeneralSecurityException {
    checkKey(header, key);
    Path out = outputDirectory.toAbsolutePath().normalize();
    if (Files.exists(out) && !(Files.isDirectory(out) && Directories.isEmptyDirectory(out))) {
      throw new FileAlreadyExistsException(out + " exists and is not an empty directory");
    }
    if (!Files.isDirectory(out.getParent())) {
      throw new NoSuchFileException(out.getParent().toString(), null, "the directory to open into is gone");
    }
    Path tmp = Files.createTempDirectory(out.getParent(), ".sandyq-open-");
    boolean published = false;
    try {
      Decrypted d;
      try (Writing writing = new Writing(Files.createDirectory(tmp.resolve(FILES_DIRECTORY), ownerOnly(tmp, true)))) {
        d = section(header, payloads, key, writing);
      }
      Files.writeString(Files.createFile(tmp.resolve(MESSAGE_FILE), ownerOnly(tmp, false)), d.manifest().text,
          StandardCharsets.UTF_8);
      Files.writeString(Files.createFile(tmp.resolve(MANIFEST_FILE), ownerOnly(tmp, false)),
          manifestFile(header, d.kind(), d.manifest()), StandardCharsets.UTF_8);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      published = true;
      Manifest m = d.manifest();
      return new OpenedPayload(d.kind(), header.submissionId(), out, m.text, m.answers, m.files, m.report);
    } finally {
      if (!published) {
        Directories.deleteRecursively(tmp);
      }
    }
  }

  /**
   * Owner only (0700, 0600) where the file system has POSIX modes: the opened folder is private
   * already, but a file a lawyer moves out of it should not become readable by the machine's other
   * users on the way.
   */
  private static FileAttribute<?>[] ownerOnly(Path in, boolean directory) {
    if (!in.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))};
  }

  /** A section decrypted and checked to the envelope's end: its kind and its manifest. */
  private record Decrypted(SectionKind kind, Manifest manifest) {}

  /**
   * Reads past the payloads before {@code key}'s, decrypts and checks its own into {@code files},
   * then reads past the rest to the envelope's end, which must be there.
   */
  private static Decrypted section(EnvelopeHeader header, InputStream payloads, SectionKey key, FileSink files)
      throws IOException, GeneralSecurityException {
    for (SectionKind before : header.payloadKinds()) {
      if (before == key.kind()) {
        break;
      }
      skip(payloads, header.ciphertextLength(before), before);
    }
    Manifest manifest = decrypt(header, payloads, key, files);
    List<SectionKind> kinds = header.payloadKinds();
    for (SectionKind after : kinds.subList(kinds.indexOf(key.kind()) + 1, kinds.size())) {
      skip(payloads, header.ciphertextLength(after), after);
    }
    if (payloads.read() >= 0) {
      throw new MalformedEnvelopeException("trailing bytes after the last payload");
    }
    return new Decrypted(key.kind(), manifest);
  }

  private static void skip(InputStream in, long length, SectionKind kind) throws IOException, MalformedEnvelopeException {
    try {
      in.skipNBytes(length);
    } catch (java.io.EOFException e) {
      throw new MalformedEnvelopeException("envelope truncated inside the " + kind.label() + " payload");
    }
  }

  private static Manifest decrypt(EnvelopeHeader header, InputStream payloads, SectionKey key, FileSink sink)
      throws IOException, GeneralSecurityException {
    SectionKind kind = key.kind();
    long ciphertextLength = header.ciphertextLength(kind);
    long padded = PayloadCipher.plaintextLength(ciphertextLength);
    if (ciphertextLength >= PayloadCipher.WARM_UP_FROM) {
      WarmUp.await();
    }
    PlaintextReader plain = new PlaintextReader(
        PayloadCipher.aead(key).newDecryptingStream(new CiphertextInput(payloads, kind, ciphertextLength),
            header.encoded()),
        kind);

    long manifestLength = new BinaryReader(plain.readExactly(4)).u32("manifest length");
    if (manifestLength > EnvelopeFormat.MAX_MANIFEST_LENGTH || 4 + manifestLength > padded) {
      throw new MalformedEnvelopeException("manifest length " + manifestLength + " is out of range");
    }
    Manifest manifest = Manifest.parse(plain.readExactly((int) manifestLength));
    long unpadded = 4 + manifestLength + manifest.filesLength();
    Framing.checkPaddedLength(padded, unpadded, EnvelopeFormat.PAYLOAD_MIN_PADDED, "the " + kind.label() + " payload");

    for (ManifestFile file : manifest.files) {
      if (!Sha256.fromBytes(sink.take(plain, file)).matches(file.sha256())) {
        throw new MalformedEnvelopeException("\"" + file.name() + "\" does not match its SHA-256 in the manifest");
      }
    }
    byte[] buf = new byte[BUFFER];
    int nonZero = 0;
    for (long left = padded - unpadded; left > 0; ) {
      int n = (int) Math.min(buf.length, left);
      plain.readFully(buf, 0, n);
      for (int i = 0; i < n; i++) {
        nonZero |= buf[i];
      }
      left -= n;
    }
    if (nonZero != 0) {
      throw new MalformedEnvelopeException("the " + kind.label() + " payload's padding is not all zero");
    }
    plain.expectEnd();
    return manifest;
  }

  /** Where a payload's files go as they are decrypted; {@link #take} returns a file's SHA-256. */
  private interface FileSink extends AutoCloseable {
    byte[] take(PlaintextReader plain, ManifestFile file) throws IOException, GeneralSecurityException;

    @Override
    void close();
  }

  /**
   * Into {@code files/}, hashed and written on the writer's threads; a file that fails its hash
   * stays in the private directory, which is then deleted.
   */
  private static final class Writing implements FileSink {
    private final Path files;
    private final OpenedFileWriter writer = new OpenedFileWriter();

    Writing(Path files) {
      this.files = files;
    }

    @Override
    public byte[] take(PlaintextReader plain, ManifestFile file) throws IOException, GeneralSecurityException {
      Path target = files.resolve(file.name());
      if (!files.equals(target.getParent())) {
        throw new MalformedEnvelopeException("file name \"" + file.name() + "\" escapes the output directory");
      }
      try (FileChannel channel = FileChannel.open(target,
          java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(files, false))) {
        writer.begin(channel);
        for (long left = file.size(); left > 0; ) {
          byte[] b = writer.buffer();
          int n = (int) Math.min(b.length, left);
          plain.readFully(b, 0, n);
          writer.hash(b, n);
          left -= n;
        }
        return writer.finish();
      }
    }

    @Override
    public void close() {
      writer.close();
    }
  }

  /** Nowhere: each file hashed only, its plaintext in one buffer that is zeroed at the end. */
  private static final class Hashing implements FileSink {
    private final byte[] buffer = new byte[BUFFER];

    @Override
    public byte[] take(PlaintextReader plain, ManifestFile file) throws IOException, GeneralSecurityException {
      MessageDigest digest = Sha256.newDigest();
      for (long left = file.size(); left > 0; ) {
        int n = (int) Math.min(buffer.length, left);
        plain.readFully(buffer, 0, n);
        digest.update(buffer, 0, n);
        left -= n;
      }
      return digest.digest();
    }

    @Override
    public void close() {
      Arrays.fill(buffer, (byte) 0);
    }
  }

  /** What {@code manifest.json} in an opened directory holds, exactly. */
  private static String manifestFile(EnvelopeHeader header, SectionKind kind, Manifest manifest) {
    return Json.pretty(describe(header, kind, manifest));
  }

  /** What {@code manifest.json} in the output says: the manifest plus where each file landed. */
  private static ObjectNode describe(EnvelopeHeader header, SectionKind kind, Manifest manifest) {
    ObjectNode node = Json.object();
    node.put("v", 1);
    node.put("submission_id", header.submissionId().hex());
    node.put("section", kind.label());
    node.put("category", header.category());
    node.put("policy_fingerprint", header.policyFingerprint().hex());
    node.put("message", MESSAGE_FILE);
    node.set("answers", manifest.toJson().get("answers"));
    ArrayNode files = node.putArray("files");
    for (ManifestFile f : manifest.files) {
      ObjectNode entry = files.addObject();
      entry.put("name", f.name());
      entry.put("path", FILES_DIRECTORY + "/" + f.name());
      entry.put("media_type", f.mediaType());
      entry.put("size", f.size());
      entry.put("sha256", f.sha256().hex());
    }
    node.set("report", manifest.report.deepCopy());
    return node;
  }

  /** Counts what is read from the file, for {@link #open(Path, SectionKey, Path, LongConsumer)}. */
  private static final class Counting extends FilterInputStream {
    private final LongConsumer progress;
    private long read;

    Counting(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        progress.accept(++read);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        read += n;
        progress.accept(read);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      read += skipped;
      progress.accept(read);
      return skipped;
    }
  }
}
