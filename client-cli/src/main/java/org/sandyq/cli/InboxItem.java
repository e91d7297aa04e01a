package org.sandyq.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sandyq.crypto.envelope.Triage;

/**
 * One submission as the inbox lists it ({@code sandyq inbox}, the desk): what the vault says of it,
 * checked for form, and its triage decrypted with this lawyer's key; {@code triage} is null when it
 * could not be read, and {@code unreadable} then says why. Every string but the triage's is within a
 * checked form; the triage's are the source's own words, to be escaped wherever they are shown.
 */
public record InboxItem(String id, String day, String category, String state, long size, String parent,
    long followups, long replies, Triage triage, String unreadable) {

  /** A tip with the follow-ups listed under it (evidence added to it, not tips of their own). */
  public record Tip(InboxItem item, List<InboxItem> followups) {}

  /**
   * Groups {@code items} (newest first) into tips with their follow-ups, in the same order; a
   * follow-up whose tip is not listed stands alone.
   */
  public static List<Tip> group(List<InboxItem> items) {
    Set<String> listed = items.stream().map(InboxItem::id).collect(Collectors.toSet());
    Map<String, List<InboxItem>> under = new LinkedHashMap<>();
    List<InboxItem> tips = new ArrayList<>();
    for (InboxItem i : items) {
      if (i.parent() != null && listed.contains(i.parent())) {
        under.computeIfAbsent(i.parent(), p -> new ArrayList<>()).add(i);
      } else {
        tips.add(i);
      }
    }
    return tips.stream().map(t -> new Tip(t, List.copyOf(under.getOrDefault(t.id(), List.of())))).toList();
  }
}
