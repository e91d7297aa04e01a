package org.sandyq.sanitizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sandyq.sanitizer.RefusedFileException.Kind;
import org.sandyq.sanitizer.format.Formats;
import org.sandyq.sanitizer.format.TelegramChat;

/**
 * A chat Telegram Desktop exported as JSON ({@code result.json}): every account id and every UTC
 * time goes (the source's own account is on each message they sent; UTC beside the local time
 * gives the exporting computer's time zone), and from a whole account's export the account's own
 * data; what the chat says stays, value for value. The copy is read back by Jackson's tree model,
 * and its bytes are searched for the ids and times themselves.
 */
class TelegramChatTest {
  private static final Sanitizer SANITIZER = new Sanitizer();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SOURCE_ACCOUNT = "7001234567";
  private static final String FOREMAN_ACCOUNT = "5551234567";

  static String chat() {
    return """
        {
         "name": "Бригадир Рустам",
         "type": "personal_chat",
         "id": 5551234567,
         "messages": [
          {
           "id": 101,
           "type": "message",
           "date": "2026-11-02T14:32:11",
           "date_unixtime": "1793619131",
           "from": "Айбек",
           "from_id": "user7001234567",
           "text": "Когда вернёте паспорт?",
           "text_entities": [{"type": "plain", "text": "Когда вернёте паспорт?"}]
          },
          {
           "id": 102,
           "type": "message",
           "date": "2026-11-02T14:35:40",
           "date_unixtime": "1793619340",
           "edited": "2026-11-02T14:36:00",
           "edited_unixtime": "1793619360",
           "from": "Бригадир Рустам",
           "from_id": "user5551234567",
           "forwarded_from": "Рустам",
           "forwarded_from_id": "user5551234567",
           "reply_to_message_id": 101,
           "text": ["Зарплату получишь в декабре, ", {"type": "mention_name", "text": "Айбек", "user_id": 7001234567}],
           "text_entities": [{"type": "mention_name", "text": "Айбек", "user_id": 7001234567}],
           "photo": "photos/photo_1@02-11-2026_14-35-40.jpg",
           "width": 1280,
           "height": 960,
           "reactions": [{"type": "emoji", "count": 1, "emoji": "👎",
             "recent": [{"from": "Айбек", "from_id": "user7001234567", "date": "2026-11-02T14:37:00"}]}],
           "location_information": {"latitude": 43.238949, "longitude": 76.889709}
          },
          {
           "id": 103,
           "type": "service",
           "date": "2026-11-02T15:00:00",
           "date_unixtime": "1793620800",
           "actor": "Айбек",
           "actor_id": "user7001234567",
           "action": "pin_message",
           "message_id": 102,
           "text": ""
          }
         ]
        }
        """;
  }

  @Test
  void aChatLosesEveryAccountAndUtcTimeAndKeepsWhatItSays() throws Exception {
    byte[] in = chat().getBytes(StandardCharsets.UTF_8);
    assertEquals(Formats.TELEGRAM_CHAT, SANITIZER.detect(in));
    Sanitizer.Cleaned c = SANITIZER.clean(in, "result.json", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    assertEquals("file-1.json", c.report().outputName());
    for (String gone : List.of(SOURCE_ACCOUNT, FOREMAN_ACCOUNT, "1793619131", "1793619360", "_unixtime", "from_id",
        "user_id", "actor_id")) {
      assertFalse(out.contains(gone), gone + " in\n" + out);
    }
    JsonNode copy = JSON.readTree(c.bytes());
    JsonNode original = JSON.readTree(in);
    assertEquals(List.of("name", "type", "messages"), names(copy));
    JsonNode reply = copy.path("messages").path(1);
    assertEquals(original.path("messages").path(1).path("text").path(0), reply.path("text").path(0));
    assertEquals("Айбек", reply.path("text").path(1).path("text").asText());
    assertEquals(101, reply.path("reply_to_message_id").asInt());
    assertEquals("2026-11-02T14:35:40", reply.path("date").asText());
    assertEquals("photos/photo_1@02-11-2026_14-35-40.jpg", reply.path("photo").asText());
    assertEquals("👎", reply.path("reactions").path(0).path("emoji").asText());
    assertTrue(out.contains("\"👎\""), "the emoji written as itself");
    assertEquals("43.238949", reply.path("location_information").path("latitude").toString());
    assertEquals(102, copy.path("messages").path(2).path("message_id").asInt(), "the pinned message's number");
    assertTrue(c.report().removed().containsAll(List.of(TelegramChat.ACCOUNTS, TelegramChat.UTC_TIMES)),
        c.report().removed().toString());
    assertTrue(c.report().kept().contains(TelegramChat.KEPT), c.report().kept().toString());
    // cleaned again: the same bytes, nothing more to remove
    Sanitizer.Cleaned again = SANITIZER.clean(c.bytes(), "file-1.json", 2);
    assertEquals(out, new String(again.bytes(), StandardCharsets.UTF_8));
    assertEquals(List.of("the original file name"), again.report().removed());
  }

  /** A whole account's export: the source's phone number, contacts and sessions go; the chats are cleaned as one chat is. */
  @Test
  void aWholeAccountLosesItsOwnDataAndKeepsItsChats() throws Exception {
    String account = """
        {"about": "Here is the data you requested.",
         "personal_information": {"user_id": 7001234567, "first_name": "Айбек", "phone_number": "+996 555 123 456",
           "username": "@aibek_k", "bio": "Osh"},
         "profile_pictures": [{"date": "2025-01-01T10:00:00", "photo": "profile_pictures/photo_1.jpg"}],
         "contacts": {"about": "contacts", "list": [{"first_name": "Мама", "phone_number": "+996 777 000 111"}]},
         "frequent_contacts": {"list": [{"id": 5551234567, "category": "people", "name": "Рустам", "rating": 0.9}]},
         "sessions": {"list": [{"ip": "203.0.113.9", "last_active": "2026-11-02T14:00:00", "device_model": "Redmi 9"}]},
         "web_sessions": {"list": []},
         "other_data": {"about": "x", "changes_log": []},
         "chats": {"about": "chats", "list": [""" + chat() + """
         ]},
         "left_chats": {"about": "left", "list": []}}
        """;
    byte[] in = account.getBytes(StandardCharsets.UTF_8);
    assertEquals(Formats.TELEGRAM_CHAT, SANITIZER.detect(in));
    Sanitizer.Cleaned c = SANITIZER.clean(in, "result.json", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    for (String gone : List.of(SOURCE_ACCOUNT, FOREMAN_ACCOUNT, "555 123 456", "777 000 111", "aibek_k", "203.0.113.9",
        "Redmi", "profile_pictures/photo_1.jpg", "1793619131")) {
      assertFalse(out.contains(gone), gone + " in\n" + out);
    }
    JsonNode copy = JSON.readTree(c.bytes());
    assertEquals(List.of("about", "personal_information", "profile_pictures", "contacts", "frequent_contacts", "sessions",
        "web_sessions", "other_data", "chats", "left_chats"), names(copy));
    for (String emptied : List.of("personal_information", "profile_pictures", "contacts", "sessions", "other_data")) {
      assertTrue(copy.path(emptied).isEmpty(), emptied + " is left empty, so that the copy is still named an account's export");
    }
    JsonNode chat = copy.path("chats").path("list").path(0);
    assertEquals(List.of("name", "type", "messages"), names(chat));
    assertEquals("Когда вернёте паспорт?", chat.path("messages").path(0).path("text").asText());
    assertTrue(c.report().removed().contains(TelegramChat.ACCOUNT_DATA), c.report().removed().toString());
  }

  /** Bad JSON is refused by kind; JSON that only looks like a chat stays text. */
  @Test
  void damageIsRefusedAndOtherJsonStaysText() throws Exception {
    String chat = chat();
    for (String bad : List.of(
        chat.replace("\"from\": \"Айбек\",", "\"from\": \"Айбек\", \"from\": \"Рустам\","), // a name twice: readers differ
        chat.substring(0, chat.length() / 2), // cut short
        chat + "{}")) { // something after it
      RefusedFileException e = assertThrows(RefusedFileException.class,
          () -> SANITIZER.clean(bad.getBytes(StandardCharsets.UTF_8), "result.json", 1));
      assertEquals(Kind.DAMAGED, e.kind(), e.getMessage());
    }
    for (String other : List.of("{\"messages\": [{\"type\": \"note\", \"from_id\": 1}]}", "{\"messages\": []}",
        "[{\"type\": \"message\"}]", "{\"name\": \"list\", \"id\": 1}")) {
      assertEquals("text/plain", SANITIZER.detect(other.getBytes(StandardCharsets.UTF_8)), other);
    }
  }

  /**
   * What an attack review found in fields Telegram Desktop really writes: accounts by number under
   * names that do not end in _id (a shared peer, a bot's profile button, a giveaway), a link to an
   * account by number (group bots write one for whoever joins), a scheduled call's UTC time; and
   * any string that names an account as the export does, wherever it is.
   */
  @Test
  void accountsUnderOtherNamesGoToo() throws Exception {
    String chat = chat().replace("\"text\": \"Когда вернёте паспорт?\",", """
        "text": ["Welcome ", {"type": "text_link", "text": "Айбек", "href": "tg://user?id=7001234567"}, "!"],
        "action_extra": {"peers": [7001234567], "inline_bot_buttons": [[{"type": "user_profile", "text": "Profile",
          "data": "7001234567"}]], "giveaway_results": {"channel": 1987654321, "winners": [7001234567]},
          "giveaway_information": {"channels": [1987654321]}, "schedule_date": 1793620800,
          "someone": "user7001234567", "several": ["user7001234567", "channel1987654321", "kept"],
          "site": {"type": "text_link", "text": "wages", "href": "https://example.org/wages"}},
        """);
    Sanitizer.Cleaned c = SANITIZER.clean(chat.getBytes(StandardCharsets.UTF_8), "result.json", 1);
    String out = new String(c.bytes(), StandardCharsets.UTF_8);
    for (String gone : List.of(SOURCE_ACCOUNT, "1987654321", "1793620800", "tg://")) {
      assertFalse(out.contains(gone), gone + " in\n" + out);
    }
    JsonNode first = JSON.readTree(c.bytes()).path("messages").path(0);
    assertEquals("Айбек", first.path("text").path(1).path("text").asText(), "the link's text stays");
    assertEquals("[\"kept\"]", first.path("action_extra").path("several").toString());
    assertEquals("https://example.org/wages", first.path("action_extra").path("site").path("href").asText());
  }

  /**
   * Exports a participant can shape, or that Telegram writes for an empty range, are still named a
   * chat and cleaned: a name Tika reads as a page ({@code <title>}), a message that reads as XHTML, a
   * C1 control character (which made the file code-page text), Telegram's own {@code \x0B} escape
   * (not JSON: read as the control character it means), an empty chat, "Saved messages", a first
   * message Telegram could not export, a whole account's export with only its contacts and
   * sessions, the export saved again in UTF-16 (the copy is UTF-8). Half a character is refused,
   * since written out it would join what follows.
   */
  @Test
  void exportsAParticipantCanShapeAreStillChats() throws Exception {
    List<String> chats = List.of(
        chat().replace("\"Бригадир Рустам\",\n \"type\"", "\"<title>\",\n \"type\""),
        chat().replace("Когда вернёте паспорт?\",\n", "see <html xmlns=\\\"x\\\"> <HEAD> lol\",\n"),
        chat().replace("Когда вернёте", "Когда\u0085 вернёте"),
        chat().replace("Когда вернёте", "Когда\\x0B вернёте"),
        "{\"name\": \"Рустам\", \"type\": \"personal_chat\", \"id\": 5551234567, \"messages\": []}",
        "{\"type\": \"saved_messages\", \"id\": 7001234567, \"messages\": []}",
        chat().replace("\"messages\": [", "\"messages\": [{\"id\": 100, \"type\": \"unsupported\"},"),
        "{\"contacts\": {\"about\": \"x\", \"list\": [{\"user_id\": 7001234567, \"phone_number\": \"+996 777 000 111\"}]},"
            + " \"sessions\": {\"list\": [{\"last_ip\": \"203.0.113.9\"}]}}",
        "{\"left_chats\": {\"about\": \"x\", \"list\": [{\"id\": 7001234567, \"messages\": []}]}}");
    for (String chat : chats) {
      byte[] in = chat.getBytes(StandardCharsets.UTF_8);
      assertEquals(Formats.TELEGRAM_CHAT, SANITIZER.detect(in), chat);
      String out = new String(SANITIZER.clean(in, "result.json", 1).bytes(), StandardCharsets.UTF_8);
      for (String gone : List.of(SOURCE_ACCOUNT, FOREMAN_ACCOUNT, "1793619131", "777 000 111", "203.0.113.9")) {
        assertFalse(out.contains(gone), gone + " in\n" + out);
      }
    }
    String c1 = new String(SANITIZER.clean(chats.get(2).getBytes(StandardCharsets.UTF_8), "result.json", 1).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("Когда\u0085 вернёте паспорт?", JSON.readTree(c1).path("messages").path(0).path("text").asText());
    String vt = new String(SANITIZER.clean(chats.get(3).getBytes(StandardCharsets.UTF_8), "result.json", 1).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("Когда\u000B вернёте паспорт?", JSON.readTree(vt).path("messages").path(0).path("text").asText());
    String escapedBackslash = chat().replace("Когда вернёте", "C:\\\\x0B");
    String kept = new String(SANITIZER.clean(escapedBackslash.getBytes(StandardCharsets.UTF_8), "result.json", 1).bytes(),
        StandardCharsets.UTF_8);
    assertEquals("C:\\x0B паспорт?", JSON.readTree(kept).path("messages").path(0).path("text").asText(),
        "an escaped backslash before x0B is a backslash");
    for (java.nio.charset.Charset utf16 : List.of(StandardCharsets.UTF_16, java.nio.charset.Charset.forName("x-UTF-16LE-BOM"))) {
      byte[] notepad = chat().getBytes(utf16); // saved again as "Unicode"
      assertEquals(Formats.TELEGRAM_CHAT, SANITIZER.detect(notepad), utf16.name());
      byte[] copy = SANITIZER.clean(notepad, "result.json", 1).bytes();
      assertFalse(new String(copy, StandardCharsets.UTF_8).contains(SOURCE_ACCOUNT), utf16.name());
      assertEquals("Когда вернёте паспорт?", JSON.readTree(copy).path("messages").path(0).path("text").asText());
    }
    String half = chat().replace("Когда вернёте", "a\\ud800\\\"b");
    RefusedFileException e = assertThrows(RefusedFileException.class,
        () -> SANITIZER.clean(half.getBytes(StandardCharsets.UTF_8), "result.json", 1));
    assertEquals(Kind.DAMAGED, e.kind());
  }

  /**
   * A second review's cases: an account export of one kind of data only ("Miscellaneous data" with
   * the addresses the account was used from; profile pictures), an export behind more white space
   * than a first look reads, a time given as a number under another name, a link to a private chat
   * by its id; and the reverse: a Slack export, whose messages also have a type "message", is not
   * taken for Telegram's, and a text or a message number that only looks like an id stays.
   */
  @Test
  void oneKindOfAccountDataWhiteSpaceAndLookalikes() throws Exception {
    List<String> exports = List.of(
        "{\"about\": \"Here is the data\", \"other_data\": {\"about_meta\": \"x\", \"ips\": [{\"ip\": \"203.0.113.9\"}]}}",
        "{\"profile_pictures\": [{\"date\": \"2026-01-01T10:00:00\", \"date_unixtime\": \"1793619131\", \"photo\": \"p.jpg\"}]}",
        "\n".repeat(70) + chat(),
        "\uFEFF" + " ".repeat(64) + chat());
    for (String export : exports) {
      byte[] in = export.getBytes(StandardCharsets.UTF_8);
      assertEquals(Formats.TELEGRAM_CHAT, SANITIZER.detect(in), export.strip().substring(0, 20));
      String out = new String(SANITIZER.clean(in, "result.json", 1).bytes(), StandardCharsets.UTF_8);
      for (String gone : List.of("203.0.113.9", "1793619131", SOURCE_ACCOUNT)) {
        assertFalse(out.contains(gone), gone + " in\n" + out);
      }
    }
    String chat = chat().replace("\"text\": \"Когда вернёте паспорт?\",", """
        "text": "user2023",
        "scheduled_date": 1793700000,
        "game_message_id": 77,
        "link": {"type": "text_link", "text": "chat", "href": "tg://openmessage?chat_id=7001234567"},
        """);
    String out = new String(SANITIZER.clean(chat.getBytes(StandardCharsets.UTF_8), "result.json", 1).bytes(),
        StandardCharsets.UTF_8);
    assertFalse(out.contains("1793700000") || out.contains(SOURCE_ACCOUNT), out);
    JsonNode first = JSON.readTree(out).path("messages").path(0);
    assertEquals("user2023", first.path("text").asText(), "a text that only looks like an id");
    assertEquals(77, first.path("game_message_id").asInt(), "a message's number");
    // zipped, the copy of an export of one kind of data is named as the export again (its emptied section)
    byte[] zip = Corpus.zip(false, new String[][] {{"DataExport_2026-11-02/result.json", exports.get(0)},
        {"ChatExport/result.json", chat()}});
    Sanitizer.Cleaned zipped = SANITIZER.clean(zip, "export.zip", 1);
    assertTrue(zipped.report().removed().contains("inside the archive: " + TelegramChat.ACCOUNT_DATA), zipped.report().removed().toString());
    String slack = "{\"ok\": true, \"channel\": \"C123ABC456\", \"messages\": [{\"type\": \"message\","
        + " \"user\": \"U012AB3CDE\", \"text\": \"user42\", \"ts\": \"1512085950.000216\"}], \"has_more\": true}";
    assertEquals("text/plain", SANITIZER.detect(slack.getBytes(StandardCharsets.UTF_8)));
  }

  /** Telegram's JSON export zipped with its photos: result.json cleaned under its own name, the photo cleaned. */
  @Test
  void aZippedJsonExportIsCleanedWhole() throws Exception {
    byte[] zip = Corpus.zip(false, new String[][] {
        {"ChatExport_2026-11-02/result.json", chat()},
        {"ChatExport_2026-11-02/photos/photo_1@02-11-2026_14-35-40.jpg", Corpus.b64(Corpus.jpeg())}});
    Sanitizer.Cleaned c = SANITIZER.clean(zip, "ChatExport_2026-11-02.zip", 1);
    List<String> names = new ArrayList<>();
    try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(c.bytes()))) {
      for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; ) {
        names.add(e.getName());
        if (e.getName().endsWith("result.json")) {
          String json = new String(z.readAllBytes(), StandardCharsets.UTF_8);
          assertFalse(json.contains(SOURCE_ACCOUNT) || json.contains("_unixtime"), json);
          assertTrue(json.contains("Когда вернёте паспорт?"), json);
        }
      }
    }
    assertEquals(List.of("ChatExport_2026-11-02/result.json", "ChatExport_2026-11-02/photos/photo_1@02-11-2026_14-35-40.jpg"),
        names);
    assertEquals(java.util.Set.of(), Views.markers(c.bytes()));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
