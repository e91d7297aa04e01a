package org.sandyq.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one way the source pages write HTML: a tree of elements and text whose every value is
 * escaped when it is written. Nothing else in the pages produces markup, so no untrusted string
 * (a label, a file name, a reply) can become markup, and the checks here keep the pages within
 * their Content-Security-Policy by construction: no inline script or style, no event-handler or
 * {@code style} attributes, and links, forms and sources only to this server. Public for the
 * lawyer's desk (module desk), whose pages keep the same rules.
 */
public final class Html {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Set<String> VOID = Set.of("input", "meta", "link", "br", "hr", "img", "wbr");
  private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "action", "formaction");

  private Html() {}

  /** A piece of a page. */
  public sealed interface Node permits Element, Text, Fragment {
    void write(StringBuilder out);
  }

  /** Text, escaped when written. */
  public static Node text(String s) {
    return new Text(s);
  }

  public static Element el(String name) {
    return new Element(name);
  }

  /** Several nodes in a row, without an element around them. */
  public static Node join(List<? extends Node> nodes) {
    return new Fragment(List.copyOf(nodes));
  }

  /** A whole document: the doctype, then {@code root} (an {@code html} element). */
  public static String document(Element root) {
    if (!root.name.equals("html")) {
      throw new IllegalArgumentException("a document's root is <html>");
    }
    StringBuilder out = new StringBuilder(8192).append("<!DOCTYPE html>\n");
    root.write(out);
    return out.append('\n').toString();
  }

  /** Escapes text for use both between tags and inside a double-quoted attribute value. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    escapeInto(s, out);
    return out.toString();
  }

  private static void escapeInto(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\0' -> out.append('\uFFFD');
        default -> out.append(c);
      }
    }
  }

  record Text(String value) implements Node {
    @Override
    public void write(StringBuilder out) {
      escapeInto(value, out);
    }
  }

  record Fragment(List<Node> nodes) implements Node {
    @Override
    public void write(StringBuilder out) {
      nodes.forEach(n -> n.write(out));
    }
  }

  /** An element; its name and attribute names are the page code's own constants, checked here. */
  public static final class Element implements Node {
    private final String name;
    private final List<String[]> attributes = new ArrayList<>();
    private final List<Node> children = new ArrayList<>();

    private Element(String name) {
      if (!NAME.matcher(name).matches() || name.equals("style")) {
        throw new IllegalArgumentException("element <" + name + "> is not allowed");
      }
      this.name = name;
    }

    /** An attribute; {@code value} is escaped. URLs must stay on this server (start with one '/'). */
    public Element attr(String attribute, String value) {
      if (!NAME.matcher(attribute).matches() || attribute.startsWith("on") || attribute.equals("style")) {
        throw new IllegalArgumentException("attribute " + attribute + " is not allowed");
      }
      if (URL_ATTRIBUTES.contains(attribute) && !(value.startsWith("/") && !value.startsWith("//") || value.startsWith("#"))) {
        throw new IllegalArgumentException("a link must stay on this server: " + value);
      }
      attributes.add(new String[] {attribute, value});
      return this;
    }

    /** A boolean attribute ({@code required}, {@code multiple}, ...). */
    public Element attr(String attribute) {
      return attr(attribute, "");
    }

    /** The attribute only when {@code on}. */
    public Element attrIf(boolean on, String attribute) {
      return on ? attr(attribute) : this;
    }

    public Element add(Node... nodes) {
      return add(List.of(nodes));
    }

    public Element add(List<? extends Node> nodes) {
      if (VOID.contains(name) || name.equals("script")) {
        throw new IllegalArgumentException("<" + name + "> takes no content");
      }
      children.addAll(nodes);
      return this;
    }

    /** Text content, escaped. */
    public Element add(String text) {
      return add(text(text));
    }

    @Override
    public void write(StringBuilder out) {
      out.append('<').append(name);
      for (String[] a : attributes) {
        out.append(' ').append(a[0]);
        if (!a[1].isEmpty()) {
          out.append("=\"");
          escapeInto(a[1], out);
          out.append('"');
        }
      }
      out.append('>');
      if (VOID.contains(name)) {
        return;
      }
      children.forEach(c -> c.write(out));
      out.append("</").append(name).append('>');
    }
  }
}
