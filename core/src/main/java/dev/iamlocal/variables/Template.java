package dev.iamlocal.variables;

import dev.iamlocal.glob.Glob;
import dev.iamlocal.glob.MarkedText;
import java.util.BitSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A policy string that may contain policy variables ({@code ${aws:username}}), defaults
 * ({@code ${aws:PrincipalTag/team, 'none'}}) and the fixed-value escapes {@code ${*}}, {@code ${?}}
 * and {@code ${$}}.
 *
 * <p>Variables are only recognised in policies with {@code "Version": "2012-10-17"}; under
 * {@code 2008-10-17} (or no Version) the text is literal, {@code $}, braces and all (spec §1.4).
 *
 * <p>Decisions on the spec's open questions, implemented here:
 * <ul>
 *   <li>Q20: text substituted from the request never acts as a wildcard, even in {@code StringLike}
 *       or {@code Resource}; only wildcards the policy author wrote do. A request value is data.
 *   <li>Q21: a variable naming a multivalued key, or a key whose value is a list, has no value
 *       (the documentation says a multivalued key cannot be a policy variable).
 *   <li>A {@code ${} without a closing brace, or whose content is not a key name, is literal text.
 * </ul>
 */
public final class Template {

  /** One piece of a template. */
  public sealed interface Part permits Text, Escape, Variable {}

  /** Policy text; in wildcard contexts its {@code *} and {@code ?} are wildcards. */
  public record Text(String text) implements Part {}

  /** {@code ${*}}, {@code ${?}} or {@code ${$}}: one literal character. */
  public record Escape(char character) implements Part {}

  /**
   * A variable. {@code key} as written; {@code defaultValue} is null when none was given.
   */
  public record Variable(String key, String defaultValue) implements Part {
    /** The key lower-cased, as context look-ups want it. */
    public String normalizedKey() {
      return key.toLowerCase(Locale.ROOT);
    }
  }

  private final String raw;
  private final List<Part> parts;
  private final boolean hasVariables;
  private final boolean hasEscapes;

  private Template(String raw, List<Part> parts) {
    this.raw = raw;
    this.parts = Collections.unmodifiableList(parts);
    boolean vars = false;
    boolean escapes = false;
    for (Part p : parts) {
      vars |= p instanceof Variable;
      escapes |= p instanceof Escape;
    }
    this.hasVariables = vars;
    this.hasEscapes = escapes;
  }

  /**
   * Parses {@code raw}. With {@code variablesEnabled} false (policy Version 2008-10-17 or absent)
   * the whole string is literal text.
   */
  public static Template parse(String raw, boolean variablesEnabled) {
    List<Part> parts = new ArrayList<>();
    if (!variablesEnabled || raw.indexOf("${") < 0) {
      parts.add(new Text(raw));
      return new Template(raw, parts);
    }
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      int open = raw.indexOf("${", i);
      if (open < 0) {
        text.append(raw, i, raw.length());
        break;
      }
      int close = raw.indexOf('}', open + 2);
      Part part = close < 0 ? null : parsePart(raw.substring(open + 2, close));
      if (part == null) {
        text.append(raw, i, open + 2);
        i = open + 2;
        continue;
      }
      text.append(raw, i, open);
      if (text.length() > 0) {
        parts.add(new Text(text.toString()));
        text.setLength(0);
      }
      parts.add(part);
      i = close + 1;
    }
    if (text.length() > 0 || parts.isEmpty()) {
      parts.add(new Text(text.toString()));
    }
    return new Template(raw, parts);
  }

  private static Part parsePart(String inner) {
    switch (inner) {
      case "*":
        return new Escape('*');
      case "?":
        return new Escape('?');
      case "$":
        return new Escape('$');
      default:
        break;
    }
    String key = inner;
    String def = null;
    int comma = inner.indexOf(',');
    if (comma >= 0) {
      key = inner.substring(0, comma).trim();
      String rest = inner.substring(comma + 1).trim();
      if (rest.length() < 2 || rest.charAt(0) != '\'' || rest.charAt(rest.length() - 1) != '\'') {
        return null;
      }
      def = rest.substring(1, rest.length() - 1);
    }
    return isKeyName(key) ? new Variable(key, def) : null;
  }

  private static boolean isKeyName(String key) {
    if (key.isEmpty() || key.indexOf(':') <= 0) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isWhitespace(c) || c == '{' || c == '}' || c == '$' || c == '\'') {
        return false;
      }
    }
    return true;
  }

  /** The string as written in the policy. */
  public String raw() {
    return raw;
  }

  public List<Part> parts() {
    return parts;
  }

  /** True if the text is used as written: no variables and no escapes. */
  public boolean isPlain() {
    return !hasVariables && !hasEscapes;
  }

  /** True if at least one {@code ${key}} variable needs a value from the request. */
  public boolean hasVariables() {
    return hasVariables;
  }

  /** The variables this template refers to, in order of appearance. */
  public List<Variable> variables() {
    List<Variable> out = new ArrayList<>();
    for (Part p : parts) {
      if (p instanceof Variable v) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The text with variables substituted, or null if a variable has no value and no default.
   * Escapes become their character. For operators without wildcards.
   */
  public String resolve(VariableSource source) {
    if (!hasVariables && !hasEscapes) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length() + 16);
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else if (p instanceof Escape e) {
        out.append(e.character());
      } else {
        String v = value((Variable) p, source);
        if (v == null) {
          return null;
        }
        out.append(v);
      }
    }
    return out.toString();
  }

  /**
   * The text with variables substituted and their characters (and escapes) marked literal, or
   * null if a variable has no value and no default. Only {@link Text} parts carry wildcards.
   */
  public MarkedText resolveMarked(VariableSource source) {
    StringBuilder out = new StringBuilder(raw.length() + 16);
    BitSet literal = new BitSet();
    for (Part p : parts) {
      if (p instanceof Text t) {
        out.append(t.text());
      } else {
        String v = p instanceof Escape e ? String.valueOf(e.character()) : value((Variable) p, source);
        if (v == null) {
          return null;
        }
        literal.set(out.length(), out.length() + v.length());
        out.append(v);
      }
    }
    return new MarkedText(out.toString(), literal);
  }

  /** A wildcard pattern with variables substituted (see {@link #resolveMarked}), or null. */
  public Glob resolveGlob(VariableSource source, boolean ignoreCase) {
    MarkedText m = resolveMarked(source);
    return m == null ? null : m.appendTo(Glob.builder(ignoreCase)).build();
  }

  private static String value(Variable v, VariableSource source) {
    String value = source.singleValue(v.normalizedKey());
    return value != null ? value : v.defaultValue();
  }

  @Override
  public String toString() {
    return raw;
  }
}
