package dev.iamlocal.catalog;

import dev.iamlocal.resources.BundledResources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code services.tsv}, the catalog resource {@code CatalogGenerator} writes: the global
 * condition keys and every service, one record a line.
 *
 * <p>Why not JSON: the validator of a broad policy ({@code ReadOnlyAccess}) needs nearly all 457
 * services, and building Jackson trees for them (plus one gzip stream and one jar look-up per
 * service) cost about a second of CPU per run, more than the validation itself. This file is read
 * once as bytes; the index is one pass over the line starts; a service's lines are decoded into
 * records only when the service is first used.
 *
 * <p>Grammar. Lines starting with {@code #} are comments. Fields are separated by a tab, list items
 * by a space; inside a field, {@code \\}, {@code \t}, {@code \n}, {@code \r} and (in list items)
 * {@code \s} stand for a backslash, tab, newline, carriage return and space. An empty field is an
 * absent value or an empty list. Flags are one letter or empty.
 *
 * <pre>
 * G name type deprecated(d) replacedBy regex category   a global condition key (before any S)
 * S prefix name status statusNote arnServices keyPrefixes   starts a service
 * T name arnFormat keys                                  a resource type of the service
 * K name type deprecated(d) replacedBy regex             a condition key of the service
 * A name accessLevel keys dependentActions depsUnknown(u)   an action
 * C name                                                 a scenario of the last action
 * R name required(r) keys dependentActions               a row of the last action or scenario
 * </pre>
 *
 * <p>{@code type} is the reference's name ({@code ArrayOfString}); {@code accessLevel} its label.
 */
final class CatalogText {

  static final String RESOURCE = "services.tsv";

  private final byte[] bytes;
  private final List<ServiceCatalog.IndexEntry> index;
  private final int globalsStart;
  private final int globalsEnd;

  private CatalogText(byte[] bytes) {
    this.bytes = bytes;
    List<ServiceCatalog.IndexEntry> entries = new ArrayList<>(512);
    int firstService = -1;
    int pos = 0;
    int n = bytes.length;
    int openStart = -1;
    Cursor header = null;
    while (pos < n) {
      int lineEnd = lineEnd(pos);
      if (pos < lineEnd && bytes[pos] == 'S' && pos + 1 < lineEnd && bytes[pos + 1] == '\t') {
        if (header != null) {
          entries.add(indexEntry(header, openStart, pos));
        } else {
          firstService = pos;
        }
        header = new Cursor(pos, lineEnd);
        openStart = lineEnd + 1;
      }
      pos = lineEnd + 1;
    }
    if (header != null) {
      entries.add(indexEntry(header, openStart, n));
    }
    this.index = List.copyOf(entries);
    this.globalsStart = 0;
    this.globalsEnd = firstService < 0 ? n : firstService;
  }

  /** Reads the bundled resource. */
  static CatalogText bundled() {
    String name = "/dev/iamlocal/catalog/" + RESOURCE;
    try {
      // (one sized read of the 2.2 MB: read in 8 KB chunks and joined it cost twice the CPU)
      byte[] bytes = BundledResources.read(CatalogText.class, name);
      if (bytes == null) {
        throw new IOException("missing catalog resource " + name);
      }
      return new CatalogText(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read catalog resource " + name, e);
    }
  }

  /** Parses catalog text (tests feed their own). */
  static CatalogText of(String text) {
    return new CatalogText(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The services in file order, each knowing where its lines are. */
  List<ServiceCatalog.IndexEntry> index() {
    return index;
  }

  private ServiceCatalog.IndexEntry indexEntry(Cursor s, int start, int end) {
    s.skipKind();
    String prefix = s.field();
    String name = s.field();
    ServiceStatus status = ServiceStatus.parse(s.field());
    s.skipField(); // statusNote, read with the service
    Set<String> arnServices = Set.copyOf(s.list());
    List<String> keyPrefixes = new ArrayList<>();
    for (String p : s.list()) {
      keyPrefixes.add(ServiceCatalog.placeholdersToWildcards(p));
    }
    return new ServiceCatalog.IndexEntry(prefix, name, status, arnServices, List.copyOf(keyPrefixes), start, end);
  }

  /** The global condition keys. */
  List<ConditionKeyDefinition> globalKeys() {
    List<ConditionKeyDefinition> keys = new ArrayList<>();
    int pos = globalsStart;
    while (pos < globalsEnd) {
      int end = lineEnd(pos);
      if (end == pos) {
        pos++;
        continue;
      }
      if (bytes[pos] == 'G') {
        keys.add(key(new Cursor(pos, end), true));
      } else if (bytes[pos] != '#') {
        throw malformed(pos, "a global key (G) or comment");
      }
      pos = end + 1;
    }
    return keys;
  }

  /** Decodes one service from its lines. */
  ServiceDefinition service(ServiceCatalog.IndexEntry entry) {
    String prefix = entry.prefix();
    int headerStart = lineStartBefore(entry.start());
    Cursor header = new Cursor(headerStart, entry.start() - 1);
    header.skipKind();
    header.skipField();
    header.skipField();
    header.skipField();
    Optional<String> statusNote = header.optional();

    List<ResourceTypeDefinition> resourceTypes = new ArrayList<>();
    List<ConditionKeyDefinition> keys = new ArrayList<>();
    List<ActionDefinition> actions = new ArrayList<>();
    ActionBuilder action = null;
    int pos = entry.start();
    while (pos < entry.end()) {
      int end = lineEnd(pos);
      if (end == pos) {
        pos++;
        continue;
      }
      Cursor c = new Cursor(pos, end);
      switch (bytes[pos]) {
        case 'T' -> {
          c.skipKind();
          resourceTypes.add(new ResourceTypeDefinition(prefix, c.field(), c.field(), c.list()));
        }
        case 'K' -> keys.add(key(c, false));
        case 'A' -> {
          if (action != null) {
            actions.add(action.build(prefix));
          }
          c.skipKind();
          action = new ActionBuilder(c.field(), AccessLevel.fromLabel(c.field()), c.list(), c.list(),
              !c.flag());
        }
        case 'C' -> {
          requireAction(action, pos);
          c.skipKind();
          action.scenario(c.field());
        }
        case 'R' -> {
          requireAction(action, pos);
          c.skipKind();
          action.row(new ActionResourceType(c.field(), c.flag(), c.list(), c.list()));
        }
        case '#' -> {}
        default -> throw malformed(pos, "T, K, A, C or R");
      }
      pos = end + 1;
    }
    if (action != null) {
      actions.add(action.build(prefix));
    }
    return new ServiceDefinition(
        prefix, entry.name(), entry.status(), statusNote, actions, resourceTypes, keys);
  }

  private void requireAction(ActionBuilder action, int pos) {
    if (action == null) {
      throw malformed(pos, "an action (A) before its rows and scenarios");
    }
  }

  private static ConditionKeyDefinition key(Cursor c, boolean global) {
    c.skipKind();
    String name = c.field();
    String type = c.field();
    return new ConditionKeyDefinition(
        name,
        ConditionKeyType.parse(type),
        ConditionKeyType.isMultivalued(type),
        global,
        c.flag(),
        c.optional(),
        c.optional());
  }

  /** Collects an action's rows and scenarios until the next action starts. */
  private static final class ActionBuilder {
    final String name;
    final AccessLevel access;
    final List<String> keys;
    final List<String> deps;
    final boolean depsKnown;
    final List<ActionResourceType> rows = new ArrayList<>();
    List<ActionScenario> scenarios = List.of();
    String scenarioName;
    List<ActionResourceType> scenarioRows;

    ActionBuilder(String name, AccessLevel access, List<String> keys, List<String> deps,
        boolean depsKnown) {
      this.name = name;
      this.access = access;
      this.keys = keys;
      this.deps = deps;
      this.depsKnown = depsKnown;
    }

    void scenario(String name) {
      closeScenario();
      scenarioName = name;
      scenarioRows = new ArrayList<>();
    }

    void row(ActionResourceType row) {
      (scenarioRows != null ? scenarioRows : rows).add(row);
    }

    private void closeScenario() {
      if (scenarioName != null) {
        if (scenarios.isEmpty()) {
          scenarios = new ArrayList<>();
        }
        scenarios.add(new ActionScenario(scenarioName, scenarioRows));
      }
    }

    ActionDefinition build(String prefix) {
      closeScenario();
      return new ActionDefinition(prefix, name, access, rows, keys, deps, depsKnown, scenarios);
    }
  }

  // ---------------------------------------------------------------- bytes

  private int lineEnd(int from) {
    int i = from;
    byte[] b = bytes;
    while (i < b.length && b[i] != '\n') {
      i++;
    }
    return i;
  }

  private int lineStartBefore(int nextLineStart) {
    int i = nextLineStart - 2;
    while (i >= 0 && bytes[i] != '\n') {
      i--;
    }
    return i + 1;
  }

  private IllegalStateException malformed(int pos, String expected) {
    int line = 1;
    for (int i = 0; i < pos; i++) {
      if (bytes[i] == '\n') {
        line++;
      }
    }
    return new IllegalStateException(
        "catalog resource " + RESOURCE + " line " + line + ": expected " + expected
            + "; the resource is corrupt or from another version (rerun CatalogGenerator)");
  }

  /** Reads the fields of one line, left to right. */
  private final class Cursor {
    private int pos;
    private final int end;

    Cursor(int start, int end) {
      this.pos = start;
      this.end = end;
    }

    void skipKind() {
      pos++; // the kind letter; the tab before the first field is skipped by field()
    }

    /** The next field's raw bounds: from after the tab at {@code pos} to the next tab or the end. */
    private int next() {
      if (pos >= end || bytes[pos] != '\t') {
        throw malformed(pos, "another field");
      }
      int start = ++pos;
      while (pos < end && bytes[pos] != '\t') {
        pos++;
      }
      return start;
    }

    void skipField() {
      next();
    }

    String field() {
      int start = next();
      return text(start, pos);
    }

    Optional<String> optional() {
      int start = next();
      return start == pos ? Optional.empty() : Optional.of(text(start, pos));
    }

    boolean flag() {
      int start = next();
      return start != pos;
    }

    List<String> list() {
      int start = next();
      if (start == pos) {
        return List.of();
      }
      List<String> items = new ArrayList<>(4);
      int itemStart = start;
      for (int i = start; i <= pos; i++) {
        if (i == pos || bytes[i] == ' ') {
          items.add(text(itemStart, i));
          itemStart = i + 1;
        }
      }
      return items;
    }

    private String text(int from, int to) {
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\\') {
          return unescape(from, to);
        }
      }
      return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private String unescape(int from, int to) {
      String raw = new String(bytes, from, to - from, StandardCharsets.UTF_8);
      StringBuilder sb = new StringBuilder(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char ch = raw.charAt(i);
        if (ch != '\\') {
          sb.append(ch);
          continue;
        }
        if (++i == raw.length()) {
          throw malformed(from, "an escape after the backslash");
        }
        switch (raw.charAt(i)) {
          case '\\' -> sb.append('\\');
          case 't' -> sb.append('\t');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 's' -> sb.append(' ');
          default -> throw malformed(from, "one of \\\\ \\t \\n \\r \\s");
        }
      }
      return sb.toString();
    }
  }
}
