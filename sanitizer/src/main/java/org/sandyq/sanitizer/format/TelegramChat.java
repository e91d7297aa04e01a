package org.sandyq.sanitizer.format;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.sandyq.sanitizer.RefusedFileException.Kind;

/**
 * A chat exported by Telegram Desktop as "machine-readable JSON" ({@code result.json}), the other
 * of its two formats (the page, {@code messages.html}, is {@link Html}'s). Beside what the page
 * shows, the JSON names every sender's Telegram account ({@code "from_id": "user123456789"}, which
 * bots sold in the region look up to a phone number: the source's own account is on every message
 * they sent) and gives each message's time twice, as the exporting computer's clock showed it and
 * in UTC ({@code date_unixtime}): the difference is the computer's time zone, which says where the
 * source is (the page's time zone, {@code UTC+03:00}, goes for the same reason). A whole account's
 * export adds the source's phone number, user name and biography, their contacts' numbers and the
 * addresses and devices their account was used from.
 *
 * <p>The JSON is read strictly (a name twice in one object, which readers resolve differently, is
 * refused; Telegram's own {@code \x0B} escape is read as the control character it means) and
 * written anew, indented, with the same values but for these, which go: every field whose name
 * ends in {@code _unixtime}, and a number under a name with "date" or "time" in it; every field
 * whose name ends in {@code _id} or {@code _ids} (senders, actors, the sources of forwards and
 * replies, mentioned users, custom emoji) but the numbers of messages ({@code …message_id},
 * {@code …msg_id}); the fields tdesktop fills with accounts by number under other names
 * ({@code peers}, bots' buttons, giveaways); links into Telegram ({@code tg:…}); any string that
 * names an account as the export does ({@code user7001234567}); a chat's own {@code id} (in "Saved
 * messages", the source's account); and at the top of a whole account's export everything but the
 * chats, each section left in place empty so that the copy is named an export again when read.
 * Names, texts, local times, files' names, reactions and shared locations stay: they are what the
 * chat says.
 */
public final class TelegramChat extends Cleaner {
  public static final String ACCOUNTS = "Telegram account ids of the people in the chat, yours included (an id can be looked"
      + " up to the account and its phone number); their names stay";
  public static final String UTC_TIMES = "each message's time in UTC (beside the local time it gives the exporting"
      + " computer's time zone); the local time stays";
  public static final String ACCOUNT_DATA = "your account's own data from a whole account's export (phone number, user name,"
      + " contacts, the devices and addresses it was used from); the chats stay";
  public static final String KEPT = "the chat's messages as exported: names, texts, local times, replies, reactions, the names of"
      + " its files, shared contacts and places";
  /** Whether a field numbers a message within the chat (a reply's, a game's, a giveaway's): not an account. */
  private static boolean messageNumber(String name) {
    return name.endsWith("message_id") || name.endsWith("msg_id");
  }
  /** What the top of an export keeps: a chat's name, kind and messages, or a whole account's chats. */
  private static final Set<String> TOP = Set.of("name", "type", "messages", "chats", "left_chats", "about");

  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      // an emoji written as itself, not as two escaped halves
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  TelegramChat() {
    super("json", List.of(Warnings.CONTENT)); // a chat, not a printed page: its words and names are what identify
  }

  /**
   * A chat exported by Telegram Desktop as JSON: an object with a {@code messages} list whose first
   * message is one Telegram writes (its {@code type} {@code message}, {@code service} or
   * {@code unsupported}), or with a {@code messages} list (empty too: a date range with nothing in
   * it) beside a {@code type} Telegram gives chats; or a whole account's export, with one of its
   * sections ({@code personal_information}, {@code contacts}, {@code sessions}, {@code chats}, …)
   * at its top as an object. Passed on as text, it would hand over every sender's account id and
   * the exporting computer's time zone ({@link Formats#TELEGRAM_CHAT}).
   * Read whatever the text's encoding and characters (a control character in one message, which a
   * participant can send, made it code-page text), before Tika, which can call it a page: the
   * detector asks this of any file that opens a JSON object or starts with a UTF-16 byte-order mark.
   */
  public static boolean isExport(Input file) throws IOException {
    boolean chatType = false;
    // a kind and a number beside the messages: a chat of a kind Telegram added after this list was made
    boolean kind = false;
    boolean number = false;
    try (InputStream in = file.stream(); JsonParser p = TELEGRAM_PROBE.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      boolean messages = false;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME;
          t = p.nextToken()) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (ACCOUNT_ONLY.contains(name) && value.isStructStart() || ACCOUNT_SECTIONS.contains(name)
            && value == JsonToken.START_OBJECT && sectionFields(p)) {
          return true;
        } else if (name.equals("type") && value == JsonToken.VALUE_STRING) {
          chatType |= CHAT_TYPES.contains(p.getText());
          kind = true;
        } else if (name.equals("id") && value.isNumeric()) {
          number = true;
        } else if (name.equals("messages") && value == JsonToken.START_ARRAY) {
          messages = true;
          if (MESSAGE_TYPES.contains(firstMessage(p))) {
            return true; // whatever follows: an export cut short is still one, and its cleaner refuses it
          }
          while (p.currentToken() != JsonToken.END_ARRAY) {
            if (p.nextToken() == null) {
              return chatType || kind && number;
            }
            p.skipChildren();
          }
        } else {
          p.skipChildren();
        }
      }
      return messages && (chatType || kind && number);
    } catch (JacksonException | java.io.CharConversionException e) {
      // a chat's kind seen before the damage: the cleaner refuses it, rather than text passing it on
      return chatType || kind && number;
    }
  }

  /**
   * At a list's start: the {@code type} of its first element if that is a message as Telegram
   * writes one, with its number ({@code id}) and its local time ({@code date}, a string), else ""
   * (a Slack export's messages have a {@code type} "message" too, and neither); the parser then at
   * that element's end (or at the list's end, if it is empty).
   */
  private static String firstMessage(JsonParser p) throws IOException {
    String type = "";
    boolean id = false;
    boolean date = false;
    JsonToken t = p.nextToken();
    if (t == JsonToken.START_OBJECT) {
      for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME;
          f = p.nextToken()) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("type") && type.isEmpty()) {
          type = p.getValueAsString("");
        }
        id |= field.equals("id") && v.isNumeric();
        date |= field.equals("date") && v == JsonToken.VALUE_STRING;
        p.skipChildren();
      }
    } else {
      p.skipChildren();
    }
    return id && date ? type : "";
  }

  /** At an object's start: whether it has an account export section's {@code about} or {@code list}; the parser then past it. */
  private static boolean sectionFields(JsonParser p) throws IOException {
    boolean section = false;
    for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME;
        f = p.nextToken()) {
      section |= p.currentName().equals("about") || p.currentName().equals("list");
      p.nextToken();
      p.skipChildren();
    }
    return section;
  }

  /** The kinds of chat Telegram Desktop writes at the top of a chat's export. */
  private static final java.util.Set<String> CHAT_TYPES = java.util.Set.of("personal_chat", "bot_chat", "private_group",
      "private_supergroup", "public_supergroup", "private_channel", "public_channel", "saved_messages", "replies",
      "verification_codes");
  /** The kinds of message Telegram Desktop writes. */
  private static final java.util.Set<String> MESSAGE_TYPES = java.util.Set.of("message", "service", "unsupported");
  /** A whole account's export: sections whose names only it uses, each an object or a list at the top. */
  private static final java.util.Set<String> ACCOUNT_ONLY = java.util.Set.of("personal_information", "profile_pictures",
      "stories", "frequent_contacts", "web_sessions", "other_data", "left_chats");
  /** Its sections with names other JSON uses too: Telegram's only as an object with {@code about} or {@code list}. */
  private static final java.util.Set<String> ACCOUNT_SECTIONS = java.util.Set.of("contacts", "sessions", "chats");
  /** Lenient about what Telegram itself writes that JSON does not allow ({@code \x0B} for a control character). */
  private static final JsonFactory TELEGRAM_PROBE = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
          com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
      .build();

  @Override
  boolean idempotent() {
    return true;
  }

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    // UTF-8 as Telegram writes it, or UTF-16 after its byte-order mark (saved again in Notepad),
    // strictly: left to itself, Jackson guesses UTF-16 or UTF-32 from any first bytes
    try (InputStream s = in.stream(); java.io.BufferedReader text = new java.io.BufferedReader(new java.io.InputStreamReader(s,
            encoding(in).newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)));
        Sink dst = new Sink(out); JsonParser p = STRICT.createParser(new HexEscapes(withoutByteOrderMark(text)));
        JsonGenerator g = STRICT.createGenerator(dst).useDefaultPrettyPrinter()) {
      Job.check(p.nextToken() == JsonToken.START_OBJECT, "a Telegram export that is not a JSON object");
      copyObject(p, g, new ArrayDeque<>(), job);
      Job.check(p.nextToken() == null, "text after the end of a Telegram export");
      g.flush();
      job.kept(KEPT);
    } catch (StreamConstraintsException e) {
      throw new BadFileException(Kind.BEYOND_LIMITS, "a Telegram export nested too deep or with a value too long");
    } catch (JacksonException | java.io.CharConversionException | java.nio.charset.CharacterCodingException e) {
      throw new BadFileException(Kind.DAMAGED, "a Telegram export that is not well-formed JSON in UTF-8");
    }
  }

  /** UTF-16 after its byte-order mark (read as part of the text, and dropped), else UTF-8. */
  private static java.nio.charset.Charset encoding(Input in) throws IOException {
    byte[] bom;
    try (InputStream s = in.stream()) {
      bom = s.readNBytes(2);
    }
    return Signatures.starts(bom, 0xff, 0xfe) ? java.nio.charset.StandardCharsets.UTF_16LE
        : Signatures.starts(bom, 0xfe, 0xff) ? java.nio.charset.StandardCharsets.UTF_16BE
        : java.nio.charset.StandardCharsets.UTF_8;
  }

  private static java.io.Reader withoutByteOrderMark(java.io.BufferedReader text) throws IOException {
    text.mark(1);
    if (text.read() != '\uFEFF') {
      text.reset();
    }
    return text;
  }

  /**
   * Copies the object whose start {@code p} is at, without the fields that name accounts or give
   * UTC times; {@code path} holds the names of the fields above it ("" for an array's element).
   */
  private static void copyObject(JsonParser p, JsonGenerator g, Deque<String> path, Job job) throws IOException {
    g.writeStartObject();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      job.tick();
      String name = p.currentName();
      whole(name);
      JsonToken value = p.nextToken();
      String dropped = dropped(name, path, p);
      if (dropped != null && dropped.equals(ACCOUNT_DATA) && value.isStructStart()) {
        // the section stays, emptied: what names the copy an account's export when it is read again
        g.writeFieldName(name);
        if (value == JsonToken.START_OBJECT) {
          g.writeStartObject();
          g.writeEndObject();
        } else {
          g.writeStartArray();
          g.writeEndArray();
        }
        int depth = 1;
        while (depth > 0) {
          JsonToken inside = p.nextToken();
          if (depth == 1 && !inside.isStructEnd()) {
            job.removed(dropped); // something in it
          }
          depth += inside.isStructStart() ? 1 : inside.isStructEnd() ? -1 : 0;
        }
        continue;
      }
      if (dropped != null) {
        job.removed(dropped);
        p.skipChildren();
        continue;
      }
      g.writeFieldName(name);
      path.push(name);
      copyValue(p, g, value, path, job);
      path.pop();
    }
    g.writeEndObject();
  }

  private static void copyValue(JsonParser p, JsonGenerator g, JsonToken value, Deque<String> path, Job job)
      throws IOException {
    switch (value) {
      case START_OBJECT -> copyObject(p, g, path, job);
      case START_ARRAY -> {
        g.writeStartArray();
        path.push("");
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          job.tick();
          if (t == JsonToken.VALUE_STRING && ACCOUNT.matcher(p.getText()).matches()) {
            job.removed(ACCOUNTS); // an account in a list of them
            continue;
          }
          copyValue(p, g, t, path, job);
        }
        path.pop();
        g.writeEndArray();
      }
      case VALUE_STRING -> {
        whole(p.getText());
        g.copyCurrentEventExact(p);
      }
      default -> g.copyCurrentEventExact(p);
    }
  }

  /**
   * Refuses a string with half of a character (a lone surrogate, which Telegram never writes):
   * written out, the writer joins it to what follows, and the value would change.
   */
  private static void whole(String s) throws BadFileException {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new BadFileException(Kind.DAMAGED, "a Telegram export with half of a character in a text");
      }
    }
  }

  /** What the report says of a field that goes ({@code p} at its value), or null when it stays. */
  private static String dropped(String name, Deque<String> path, JsonParser p) throws IOException {
    if (path.isEmpty() && !TOP.contains(name)) {
      return name.equals("id") ? ACCOUNTS : ACCOUNT_DATA;
    }
    if (name.endsWith("_unixtime") || (name.contains("date") || name.contains("time")) && p.currentToken().isNumeric()) {
      return UTC_TIMES; // a local time is a string; a number is seconds since 1970 in UTC (scheduled_date)
    }
    if ((name.endsWith("_id") || name.endsWith("_ids")) && !messageNumber(name)
        || name.equals("id") && chat(path) || ACCOUNT_FIELDS.contains(name)
        || p.currentToken() == JsonToken.VALUE_STRING && (ACCOUNT.matcher(p.getText()).matches()
            || name.equals("href") && ACCOUNT_LINK.matcher(p.getText()).find())) {
      return ACCOUNTS;
    }
    return null;
  }

  /**
   * Fields whose values are accounts by number whatever their names say (tdesktop's export): the
   * peers a service message shared, bots' buttons (a profile button's {@code data} is a user's id),
   * a giveaway's channels and winners.
   */
  private static final Set<String> ACCOUNT_FIELDS = Set.of("peers", "inline_bot_buttons", "giveaway_information",
      "giveaway_results");
  /** How the export writes an account as a string ({@code user7001234567}), wherever it is. */
  private static final java.util.regex.Pattern ACCOUNT = java.util.regex.Pattern.compile("(user|channel|chat)[0-9]{5,}");
  /**
   * A link into Telegram itself ({@code tg://user?id=…}, as group bots write for whoever joins;
   * {@code tg://openmessage?chat_id=…}, whose private chat's id is the person's), after any spaces
   * and invisible characters a reader skips: whatever follows the scheme (escaped or not) can name
   * an account, and a lawyer's computer cannot open it anyway.
   */
  private static final java.util.regex.Pattern ACCOUNT_LINK = java.util.regex.Pattern.compile(
      "^[\\p{Z}\\p{Cc}\\p{Cf}\\s]*tg:", java.util.regex.Pattern.CASE_INSENSITIVE);

  /**
   * Telegram Desktop writes a control character in a text as {@code \x0B}, which JSON does not
   * have: read as the {@code \u000B} it means (and written so), rather than refusing the export.
   * A backslash pair is passed on whole, so {@code \\x0B} (a backslash, then "x0B") stays.
   */
  private static final class HexEscapes extends java.io.Reader {
    private final java.io.Reader in;
    /** What an escape became, still to be handed out. */
    private final StringBuilder pending = new StringBuilder();
    private int at;

    HexEscapes(java.io.Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = 0;
      while (n < len) {
        if (at < pending.length()) {
          buf[off + n++] = pending.charAt(at++);
          continue;
        }
        pending.setLength(0);
        at = 0;
        if (n > 0 && !in.ready()) {
          break;
        }
        int c = in.read();
        if (c < 0) {
          break;
        }
        if (c != '\\') {
          buf[off + n++] = (char) c;
          continue;
        }
        int next = in.read();
        pending.append('\\');
        if (next != 'x') {
          if (next >= 0) {
            pending.append((char) next);
          }
          continue;
        }
        int high = in.read();
        int low = high < 0 ? -1 : in.read();
        if (Character.digit(high, 16) >= 0 && Character.digit(low, 16) >= 0) {
          pending.append("u00").append((char) high).append((char) low);
        } else { // not Telegram's escape: passed on for the parser to refuse
          pending.append('x');
          for (int k : new int[] {high, low}) {
            if (k >= 0) {
              pending.append((char) k);
            }
          }
        }
      }
      return n == 0 && len > 0 ? -1 : n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Whether {@code path} leads to a chat in a whole account's export ({@code chats.list[…]}). */
  private static boolean chat(Deque<String> path) {
    java.util.Iterator<String> up = path.iterator(); // innermost first
    return path.size() == 3 && up.next().isEmpty() && up.next().equals("list")
        && Set.of("chats", "left_chats").contains(up.next());
  }
}
