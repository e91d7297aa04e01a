package org.sandyq.sanitizer.format;

/**
 * The classes of active content the document cleaners remove, in the words the report uses. One
 * list, so a class reads the same whichever format carried it, and {@code docs/sanitizer.md} can
 * say what happens to each.
 */
final class ActiveContent {
  private ActiveContent() {}

  static final String MACROS = "macros (VBA project), whatever the file's type claims";
  static final String MACRO_SHEETS = "Excel 4 macro sheets and dialog sheets (they run code when the workbook opens)";
  static final String BINDINGS = "ribbon, toolbar and keyboard customisations that call macros";
  static final String ACTIVEX = "ActiveX controls (programs run inside the document)";
  static final String WORKBOOK_LINKS = "links to other workbooks (updated from outside files when opened)";
  static final String DATA_CONNECTIONS = "data connections and web queries (refreshed from outside when the workbook opens)";
  static final String TEMPLATE = "link to the template file (may contain a user name in its path)";
  static final String DDE = "DDE fields that start programs (DDE, DDEAUTO); the text they last showed is kept";
  static final String LOADING_FIELDS = "fields that load files or web addresses when the document is opened or"
      + " updated (INCLUDEPICTURE, INCLUDETEXT, LINK, IMPORT, …); the text they last showed is kept";
  static final String UNKNOWN_FIELDS = "fields of kinds not known to be safe; the text they last showed is kept";
  static final String OLE = "embedded OLE objects (they cannot be cleaned and may hold programs; the picture shown"
      + " in their place is kept)";
  static final String PACKAGES = "embedded files and packages (they may hold programs)";
  static final String ODF_LINKED = "pictures, objects, sections and forms linked from outside the document (loaded"
      + " when it is opened, or sent to when a form is submitted)";
  static final String ODF_EVENTS = "macros bound to events (opening the document, clicks, form controls)";
  static final String ODF_DDE = "DDE links that fetch data from other programs when the document is opened";
  static final String APPLETS = "Java applets and plug-ins";
  /** Windows Media's script commands: a player opens their web addresses as the file plays. */
  static final String SCRIPT_COMMANDS = "script commands (web addresses a player opens while the file plays)";
  /**
   * Refused, not removed (the formula is the content, and its cached value alone would be a
   * different workbook): spreadsheet functions that fetch from the web or call a program or a
   * server when the workbook is recalculated, which Excel does on opening when it is asked to
   * (found by review: WEBSERVICE and IMAGE with {@code fullCalcOnLoad}).
   */
  static final String FETCHING_FORMULAS = "a workbook whose formulas fetch from the web or call programs when it is"
      + " recalculated (WEBSERVICE, IMAGE, RTD, CALL, REGISTER); save a copy with values only, or as PDF";
  private static final java.util.regex.Pattern FETCHING_FORMULA = java.util.regex.Pattern.compile(
      "(?i)(?<![\\w.])(?:_xlfn\\.|_xlws\\.|com\\.microsoft\\.|org\\.openoffice\\.)*"
          + "(?:WEBSERVICE|IMAGE|RTD|CALL|REGISTER(?:\\.ID)?|DDE)\\s*\\(");

  /** Whether a formula (XLSX, or ODF's {@code of:=…}) calls one of those functions. */
  static boolean fetches(String formula) {
    return FETCHING_FORMULA.matcher(formula).find();
  }

  static final String WEB_ADD_INS = "Office add-ins (web extensions: a task pane that opens with the document and loads"
      + " the add-in's web page, with the settings the document gives it)";
}
