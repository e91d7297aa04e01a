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
 * refused) and written anew, indented, with the same values but for these, which go: every field
 * whose name ends in {@code _unixtime}; every field whose name ends in {@code _id} (senders,
 * actors, the sources of forwards and replies, mentioned users, custom emoji), but
 * {@code reply_to_message_id} and {@code message_id}, which number messages within the chat; a
 * chat's own {@code id} (in "Saved messages", the source's account); and at the top of a whole
 * account's export everything but the chats ({@code personal_information}, {@code contacts},
 * {@code frequent_contacts}, {@code sessions}, {@code web_sessions}, {@code profile_pictures},
 * {@code other_data}, …). Names, texts, local times, files' names, reactions and shared locations
 * stay: they are what the chat says.
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
  /** Numbers of messages within the chat, which a reply needs: not accounts. */
  private static final Set<String> MESSAGE_NUMBERS = Set.of("reply_to_message_id", "message_id");
  /** What the top of an export keeps: a chat's name, kind and messages, or a whole account's chats. */
  private static final Set<String> TOP = Set.of("name", "type", "messages", "chats", "left_chats", "about");

  private static final JsonFactory STRICT = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET)
      // an emoji written as itself, not as two escaped halves
      .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .build();

  TelegramChat() {
    super("json", Warnings.DOCUMENT);
  }

  @Override
  boolean idempotent() {
    return true;
  }

  @Override
  public void clean(Input in, Output out, Job job) throws IOException {
    // UTF-8 as Telegram writes it, strictly: left to itself, Jackson guesses UTF-16 or UTF-32 from
    // the first bytes
    try (InputStream s = in.stream(); java.io.BufferedReader text = new java.io.BufferedReader(new java.io.InputStreamReader(s,
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)));
        Sink dst = new Sink(out); JsonParser p = STRICT.createParser(withoutByteOrderMark(text));
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
      JsonToken value = p.nextToken();
      String dropped = dropped(name, path);
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
          copyValue(p, g, t, path, job);
        }
        path.pop();
        g.writeEndArray();
      }
      default -> g.copyCurrentEventExact(p);
    }
  }

  /** What the report says of a field that goes, or null when it stays. */
  private static String dropped(String name, Deque<String> path) {
    if (path.isEmpty() && !TOP.contains(name)) {
      return name.equals("id") ? ACCOUNTS : ACCOUNT_DATA;
    }
    if (name.endsWith("_unixtime")) {
      return UTC_TIMES;
    }
    if (name.endsWith("_id") && !MESSAGE_NUMBERS.contains(name)
        || name.equals("id") && chat(path)) {
      return ACCOUNTS;
    }
    return null;
  }

  /** Whether {@code path} leads to a chat in a whole account's export ({@code chats.list[…]}). */
  private static boolean chat(Deque<String> path) {
    java.util.Iterator<String> up = path.iterator(); // innermost first
    return path.size() == 3 && up.next().isEmpty() && up.next().equals("list")
        && Set.of("chats", "left_chats").contains(up.next());
  }
}
