package org.sandyq.crypto.tlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.crypto.json.Json;

/**
 * {@code docs/vectors/log/tiles.json} (docs/log.md §11): tile paths that parse and their
 * coordinates, paths a reader must refuse, and the tiles and entries bundles of the seven-entry log
 * of {@code log.json} and of a 515-entry tree. Re-derived with the code under test and from the
 * spec alone ({@link TileTest}'s bare-SHA-256 RFC 6962, the bundle encoding written out); checked
 * independently by {@code check_vectors.py}.
 *
 * <p>Regenerate: {@code mvn -o -pl crypto test -Dtest=TileVectorsTest -Dsandyq.vectors.regenerate=true}.
 */
class TileVectorsTest {
  static final Path FILE = LogVectorsTest.DIR.resolve("tiles.json");
  static final int TREE = 515;
  static final String ENTRY = "sandyq tile vector entry %d";

  /** Parsable paths: the edge cases of the index encoding, widths and levels. */
  static final String[] PATHS = {"tile/0/000", "tile/0/000.p/1", "tile/0/000.p/255", "tile/0/001", "tile/0/999",
      "tile/0/x001/000", "tile/1/x001/x234/067", "tile/1/x001/x234/067.p/8", "tile/2/x999/999", "tile/63/000.p/1",
      "tile/0/x009/x223/x372/x036/x854/x775/807", "tile/entries/000", "tile/entries/000.p/7",
      "tile/entries/x001/x234/067.p/255"};

  /** Paths refused, each with why. */
  static final String[][] REFUSED = {
      {"tile/0/00", "an index group is 3 digits"}, {"tile/0/0000", "an index group is 3 digits"},
      {"tile/0/x000/001", "a leading x000 group is not canonical"}, {"tile/0/x001", "the last group has no x"},
      {"tile/0/001/002", "every group but the last has an x"}, {"tile/0/X001/002", "the x is lowercase"},
      {"tile/00/000", "a level has no leading zero"}, {"tile/01/000", "a level has no leading zero"},
      {"tile/64/000", "levels are 0 to 63"}, {"tile/-1/000", "levels are 0 to 63"},
      {"tile/0/000.p/0", "a partial width is 1 to 255"}, {"tile/0/000.p/256", "a full tile has no .p"},
      {"tile/0/000.p/007", "a width has no leading zero"}, {"tile/0/000.p", "no width"},
      {"tile/0/000.p/1/", "a trailing slash"}, {"tile/0/000/", "a trailing slash"}, {"tile/0//000", "an empty segment"},
      {"tile/0/../000", "a dot segment"}, {"tile/0/%30%30%30", "percent-encoding"},
      {"tile/0/x009/x223/x372/x036/x854/x775/808", "the index is 2^63, too large"},
      {"tile/0/x001/x000/x000/x000/x000/x000/x000/000", "the index is 10^21, too large"},
      {"tile/0/\u0660\u0660\u0660", "digits are ASCII"}, {"tile/0/000.P/1", "the .p is lowercase"},
      {"tiles/0/000", "the prefix is tile/"}, {"/tile/0/000", "relative to the log's prefix"},
      {"tile/entries/000.p/0", "a partial width is 1 to 255"}, {"tile/entries/x000/000", "a leading x000 group is not canonical"},
      {"tile/entries/0/000", "an entries bundle has no level"}};

  static byte[] entry(int i) {
    return String.format(ENTRY, i).getBytes(StandardCharsets.UTF_8);
  }

  static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] plainSha256(byte[] b) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The bundle encoding, written out: a big-endian uint16 length before each entry. */
  static byte[] bundle(List<byte[]> entries, long from, int width) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < width; i++) {
      byte[] e = entries.get((int) (from + i));
      out.write(e.length >> 8);
      out.write(e.length & 0xff);
      out.writeBytes(e);
    }
    return out.toByteArray();
  }

  static ObjectNode tileVector(Tile t, byte[] data, boolean withData) {
    ObjectNode o = Json.object();
    o.put("path", t.path());
    o.put("sha256", HexFormat.of().formatHex(plainSha256(data)));
    if (withData) {
      o.put("data", b64(data));
    }
    return o;
  }

  static ObjectNode bundleVector(Tile t, byte[] data, boolean withData) {
    ObjectNode o = tileVector(t, data, withData);
    o.put("path", t.entriesPath());
    return o;
  }

  /** The vectors, computed with the code under test. */
  static ObjectNode generate() throws Exception {
    ObjectNode v = Json.object();
    v.put("description", "c2sp.org/tlog-tiles for the Sandyq log (docs/log.md section 11): tile paths and their "
        + "coordinates, paths to refuse, and the tiles and entries bundles of two trees. TEST DATA ONLY.");
    ArrayNode paths = v.putArray("paths");
    for (String p : PATHS) {
      boolean entries = p.startsWith("tile/entries/");
      Tile t = entries ? Tile.parseEntries(p) : Tile.parse(p);
      ObjectNode o = paths.addObject();
      o.put("path", p);
      o.put("entries", entries);
      o.put("level", t.level());
      o.put("index", t.index());
      o.put("width", t.width());
    }
    ArrayNode refused = v.putArray("refused");
    for (String[] r : REFUSED) {
      refused.addObject().put("path", r[0]).put("why", r[1]);
    }

    // the seven entries of log.json: one partial tile and its bundle
    JsonNode log = Json.parse(Files.readAllBytes(LogVectorsTest.DIR.resolve("log.json")));
    MemoryHashStore seven = new MemoryHashStore();
    List<byte[]> sevenEntries = new ArrayList<>();
    for (JsonNode e : log.get("entries")) {
      byte[] bytes = Base64.getDecoder().decode(e.get("entry").asText());
      sevenEntries.add(bytes);
      seven.append(bytes);
    }
    ObjectNode logTiles = v.putObject("log");
    logTiles.put("entries_from", "log.json");
    logTiles.put("size", seven.size());
    Tile t7 = new Tile(0, 0, (int) seven.size());
    logTiles.putArray("tiles").add(tileVector(t7, t7.read(seven), true));
    logTiles.putArray("bundles").add(bundleVector(t7, EntryBundle.encode(sevenEntries), true));

    // a tree of 515 entries: two full level-0 tiles, a partial one of 3, a partial level-1 tile of 2
    MemoryHashStore tree = new MemoryHashStore();
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < TREE; i++) {
      entries.add(entry(i));
      tree.append(entry(i));
    }
    ObjectNode t = v.putObject("tree");
    t.put("entry", ENTRY + " (UTF-8), for entry i = 0, 1, ...");
    t.put("size", TREE);
    t.put("root", tree.treeHash().base64());
    ArrayNode tiles = t.putArray("tiles");
    ArrayNode bundles = t.putArray("bundles");
    for (Tile tile : TileTest.allTiles(TREE)) {
      tiles.add(tileVector(tile, tile.read(tree), !tile.full()));
      if (tile.level() == 0) {
        long from = tile.index() * Tile.FULL;
        bundles.add(bundleVector(tile, EntryBundle.encode(entries.subList((int) from, (int) from + tile.width())),
            !tile.full()));
      }
    }
    return v;
  }

  @Test
  void vectorsReDerive() throws Exception {
    ObjectNode computed = generate();
    if (Boolean.getBoolean("sandyq.vectors.regenerate")) {
      Files.writeString(FILE, Json.pretty(computed));
    }
    assertEquals(Json.pretty(computed), Files.readString(FILE), "tiles.json is what the code computes");
    JsonNode v = Json.parse(Files.readAllBytes(FILE));

    // from the spec alone: paths, then every tile as MTHs and every bundle as length-prefixed entries
    for (JsonNode p : v.get("paths")) {
      String path = p.get("path").asText();
      Tile t = new Tile(p.get("level").asInt(), p.get("index").asLong(), p.get("width").asInt());
      assertEquals(path, p.get("entries").asBoolean() ? t.entriesPath() : t.path());
    }
    for (JsonNode r : v.get("refused")) {
      String path = r.get("path").asText();
      assertThrows(IllegalArgumentException.class, () -> Tile.parse(path), path);
      assertThrows(IllegalArgumentException.class, () -> Tile.parseEntries(path), path);
    }
    List<byte[]> entries = new ArrayList<>();
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < TREE; i++) {
      entries.add(entry(i));
      leaves.add(TileTest.sha256(0, entry(i)));
    }
    assertEquals(v.at("/tree/root").asText(), b64(TileTest.mth(leaves, 0, TREE)));
    for (JsonNode tile : v.at("/tree/tiles")) {
      Tile t = Tile.parse(tile.get("path").asText());
      byte[] expected = TileTest.expectedTile(leaves, t.level(), (int) t.index(), t.width());
      assertEquals(tile.get("sha256").asText(), HexFormat.of().formatHex(plainSha256(expected)), t.path());
      if (tile.has("data")) {
        assertArrayEquals(expected, Base64.getDecoder().decode(tile.get("data").asText()));
      }
    }
    for (JsonNode b : v.at("/tree/bundles")) {
      Tile t = Tile.parseEntries(b.get("path").asText());
      byte[] expected = bundle(entries, t.index() * Tile.FULL, t.width());
      assertEquals(b.get("sha256").asText(), HexFormat.of().formatHex(plainSha256(expected)), t.entriesPath());
    }
    assertEquals(4, v.at("/tree/tiles").size());
    assertEquals(3, v.at("/tree/bundles").size());
  }
}
