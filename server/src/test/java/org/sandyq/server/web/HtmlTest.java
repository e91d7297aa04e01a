package org.sandyq.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.sandyq.server.web.Html.el;

import org.junit.jupiter.api.Test;

/** The page builder escapes every value and refuses what the page CSP forbids. */
class HtmlTest {
  @Test
  void textAndAttributeValuesAreEscaped() {
    String hostile = "<script>alert('x')</script>\" onfocus=\"x&";
    String out = Html.document(el("html").attr("lang", "en").add(
        el("p").attr("title", hostile).add(hostile)));
    assertEquals("<!DOCTYPE html>\n<html lang=\"en\"><p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; "
        + "onfocus=&quot;x&amp;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onfocus=&quot;x&amp;</p></html>\n", out);
  }

  @Test
  void voidElementsAndBooleanAttributes() {
    StringBuilder out = new StringBuilder();
    el("div").add(el("input").attr("type", "file").attr("multiple"), el("script").attr("src", "/assets/app.js").attr("defer"))
        .write(out);
    assertEquals("<div><input type=\"file\" multiple><script src=\"/assets/app.js\" defer></script></div>", out.toString());
  }

  @Test
  void inlineScriptStyleHandlersAndForeignLinksAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> el("script").add("alert(1)"));
    assertThrows(IllegalArgumentException.class, () -> el("style"));
    assertThrows(IllegalArgumentException.class, () -> el("input").add("x"));
    assertThrows(IllegalArgumentException.class, () -> el("p").attr("onclick", "x()"));
    assertThrows(IllegalArgumentException.class, () -> el("p").attr("style", "color:red"));
    assertThrows(IllegalArgumentException.class, () -> el("p").attr("x\" onload=\"y", "1"));
    assertThrows(IllegalArgumentException.class, () -> el("img x"));
    for (String url : new String[] {"javascript:alert(1)", "https://cdn.example/x.js", "//evil.example/x", "data:,x"}) {
      assertThrows(IllegalArgumentException.class, () -> el("a").attr("href", url), url);
      assertThrows(IllegalArgumentException.class, () -> el("script").attr("src", url), url);
      assertThrows(IllegalArgumentException.class, () -> el("form").attr("action", url), url);
    }
    assertThrows(IllegalArgumentException.class, () -> Html.document(el("body")));
  }
}
