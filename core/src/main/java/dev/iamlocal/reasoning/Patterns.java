package dev.iamlocal.reasoning;

import dev.iamlocal.glob.MarkedText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * The string patterns of IAM as automata: a glob ({@code StringLike}), an ARN pattern (Resource,
 * {@code ArnLike}, matched segment by segment, see {@link dev.iamlocal.arn.ArnPattern}), an exact
 * string ({@code StringEquals}), a case-folded string ({@code StringEqualsIgnoreCase}, {@code Bool}).
 *
 * <p>Each is a sequence of tokens, and its automaton's states are the token positions (a star token
 * loops on itself, every other token consumes one character). Characters are tested by class: one
 * exact character, a set of characters (the case-folding classes, computed by brute force over all
 * UTF-16 code units so that they agree with {@link String#toLowerCase(Locale)} and
 * {@link String#equalsIgnoreCase} exactly), any character, or any character but {@code :} (wildcards
 * inside the first five ARN segments cannot cross a colon).
 */
final class Patterns {

  private Patterns() {}

  /** A character class. */
  static final class CharClass {
    static final CharClass ANY = new CharClass(Kind.ANY, '\0', null);
    static final CharClass NON_COLON = new CharClass(Kind.NON_COLON, '\0', null);

    enum Kind { EXACT, SET, ANY, NON_COLON }

    final Kind kind;
    final char c;
    final BitSet set;

    private CharClass(Kind kind, char c, BitSet set) {
      this.kind = kind;
      this.c = c;
      this.set = set;
    }

    static CharClass exact(char c) {
      return new CharClass(Kind.EXACT, c, null);
    }

    static CharClass set(BitSet s) {
      return new CharClass(Kind.SET, '\0', s);
    }

    boolean accepts(char x) {
      return switch (kind) {
        case EXACT -> x == c;
        case SET -> set.get(x);
        case ANY -> true;
        case NON_COLON -> x != ':';
      };
    }

    /** The characters this class names explicitly (the alphabet must hold them). */
    void addNamed(BitSet alphabet) {
      if (kind == Kind.EXACT) {
        alphabet.set(c);
      } else if (kind == Kind.SET) {
        alphabet.or(set);
      }
    }
  }

  /** One token: a star (zero or more characters of its class) or one character of its class. */
  record Token(boolean star, CharClass cls) {}

  /** A compiled pattern: tokens, matched against the whole string. */
  static final class Nfa {
    final Token[] tokens;
    final String source;

    /**
     * Positions from which every remaining token is a star over any character: all extensions
     * accept. Not the end position itself: there the pattern is matched, but one character more
     * is not ({@code ?} matches "a", not "ab"); a pattern ending in {@code *} holds the star's
     * position too whenever it holds the end.
     */
    final BitSet universal;

    Nfa(List<Token> tokens, String source) {
      this.tokens = tokens.toArray(Token[]::new);
      this.source = source;
      this.universal = new BitSet(this.tokens.length + 1);
      for (int p = this.tokens.length - 1; p >= 0; p--) {
        Token t = this.tokens[p];
        if (t.star() && t.cls().kind == CharClass.Kind.ANY) {
          universal.set(p);
        } else {
          break;
        }
      }
    }

    /** Whether the pattern ends with a star over any character (text may follow what it names). */
    boolean endsOpen() {
      return tokens.length > 0 && tokens[tokens.length - 1].star() && tokens[tokens.length - 1].cls().kind == CharClass.Kind.ANY;
    }

    /** True when the state accepts every extension (it holds a position whose rest is only {@code *}). */
    boolean acceptsEverything(BitSet state) {
      return state.intersects(universal);
    }

    /**
     * A few strings this pattern matches: wildcards given a character no pattern names, or nothing
     * (cheap candidates tried before the product search).
     */
    List<String> samples(char fresh) {
      List<String> out = new ArrayList<>(2);
      for (int variant = 0; variant < 2; variant++) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokens) {
          CharClass c = t.cls();
          char ch = c.kind == CharClass.Kind.EXACT ? c.c : c.kind == CharClass.Kind.SET ? (char) c.set.nextSetBit(0) : fresh;
          if (!t.star()) {
            b.append(ch);
          } else if (variant == 1 && c.kind != CharClass.Kind.EXACT) {
            b.append(ch);
          }
        }
        out.add(b.toString());
      }
      return out;
    }

    BitSet initial() {
      BitSet s = new BitSet(tokens.length + 1);
      s.set(0);
      close(s);
      return s;
    }

    private void close(BitSet s) {
      for (int p = s.nextSetBit(0); p >= 0 && p < tokens.length; p = s.nextSetBit(p + 1)) {
        if (tokens[p].star()) {
          s.set(p + 1);
        }
      }
    }

    BitSet step(BitSet from, char c) {
      Budget.spend(1);
      return step0(from, c);
    }

    private BitSet step0(BitSet from, char c) {
      BitSet out = new BitSet(tokens.length + 1);
      for (int p = from.nextSetBit(0); p >= 0 && p < tokens.length; p = from.nextSetBit(p + 1)) {
        Token t = tokens[p];
        if (t.cls().accepts(c)) {
          out.set(t.star() ? p : p + 1);
        }
      }
      close(out);
      return out;
    }

    boolean accepting(BitSet s) {
      return s.get(tokens.length);
    }

    boolean matches(String s) {
      Budget.spend(1 + s.length());
      BitSet st = initial();
      for (int i = 0; i < s.length() && !st.isEmpty(); i++) {
        st = step0(st, s.charAt(i));
      }
      return accepting(st);
    }

    void addNamed(BitSet alphabet) {
      for (Token t : tokens) {
        t.cls().addNamed(alphabet);
      }
    }

    @Override
    public String toString() {
      return source;
    }
  }

  /** Exactly {@code s}. */
  static Nfa exact(String s) {
    List<Token> t = new ArrayList<>(s.length());
    for (int i = 0; i < s.length(); i++) {
      t.add(new Token(false, CharClass.exact(s.charAt(i))));
    }
    return new Nfa(t, s);
  }

  /** A glob over the whole string: unmarked {@code *} and {@code ?} are wildcards that match any character. */
  static Nfa glob(MarkedText m) {
    List<Token> t = new ArrayList<>();
    appendGlob(t, m, CharClass.ANY);
    return new Nfa(t, m.text());
  }

  private static void appendGlob(List<Token> out, MarkedText m, CharClass wild) {
    String s = m.text();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean literal = m.literal().get(i);
      if (!literal && c == '*') {
        if (out.isEmpty() || !out.get(out.size() - 1).star() || out.get(out.size() - 1).cls() != wild) {
          out.add(new Token(true, wild));
        }
      } else if (!literal && c == '?') {
        out.add(new Token(false, wild));
      } else {
        out.add(new Token(false, CharClass.exact(c)));
      }
    }
  }

  /**
   * An ARN pattern as {@link dev.iamlocal.arn.ArnPattern} matches it: split at the text's first five
   * colons; wildcards of every segment but the last match no colon; the last segment matches the
   * rest of the value, colons included.
   */
  static Nfa arn(MarkedText m) {
    String s = m.text();
    List<Token> t = new ArrayList<>();
    int from = 0;
    for (int i = 0; i < 5; i++) {
      int colon = s.indexOf(':', from);
      if (colon < 0) {
        break;
      }
      appendGlob(t, m.substring(from, colon), CharClass.NON_COLON);
      t.add(new Token(false, CharClass.exact(':')));
      from = colon + 1;
    }
    appendGlob(t, m.substring(from, s.length()), CharClass.ANY);
    return new Nfa(t, s);
  }

  /**
   * An over-approximation of a pattern holding policy variables, whatever their values: every
   * variable becomes a star, every wildcard may cross colons. Any string the pattern can match
   * under any substitution matches this one (used only to prove that nothing matches).
   */
  static Nfa widened(dev.iamlocal.variables.Template t) {
    List<Token> out = new ArrayList<>();
    for (var p : t.parts()) {
      if (p instanceof dev.iamlocal.variables.Template.Text x) {
        appendGlob(out, MarkedText.pattern(x.text()), CharClass.ANY);
      } else if (p instanceof dev.iamlocal.variables.Template.Escape e) {
        out.add(new Token(false, CharClass.exact(e.character())));
      } else {
        out.add(new Token(true, CharClass.ANY));
      }
    }
    return new Nfa(out, t.raw() + " (variables widened)");
  }

  /** Stands for a variable's value while an ARN pattern is split; a private-use character. */
  private static final char HOLE = '\uE000';

  /**
   * An ARN pattern holding variables, each widened to any string: exact (the union over all
   * values) when every variable stands after the pattern's fifth colon, where a value cannot move
   * the segment boundaries; otherwise {@link #widened}.
   */
  static Nfa widenedArn(dev.iamlocal.variables.Template t) {
    return widenedArn(t, k -> null);
  }

  /**
   * As {@link #widenedArn(dev.iamlocal.variables.Template)}, each variable standing for the values
   * {@code known} gives for its key (a glob's tokens, every value the key can resolve to), or any
   * string when it gives null.
   */
  static Nfa widenedArn(dev.iamlocal.variables.Template t, java.util.function.Function<String, List<Token>> known) {
    StringBuilder text = new StringBuilder();
    BitSet literal = new BitSet();
    List<List<Token>> holes = new ArrayList<>();
    for (var p : t.parts()) {
      if (p instanceof dev.iamlocal.variables.Template.Text x) {
        text.append(x.text());
      } else {
        literal.set(text.length());
        if (p instanceof dev.iamlocal.variables.Template.Variable v) {
          holes.add(v.defaultValue() == null ? known.apply(v.normalizedKey()) : null);
          text.append(HOLE);
        } else {
          text.append(((dev.iamlocal.variables.Template.Escape) p).character());
        }
      }
    }
    String s = text.toString();
    int colons = 0;
    int fifth = -1;
    for (int i = 0; i < s.length() && colons < 5; i++) {
      if (s.charAt(i) == ':' && ++colons == 5) {
        fifth = i;
      }
    }
    int firstHole = s.indexOf(HOLE);
    if (fifth < 0 || (firstHole >= 0 && firstHole < fifth)) {
      return widened(t);
    }
    Nfa n = arn(new MarkedText(s, literal));
    List<Token> out = new ArrayList<>();
    int hole = 0;
    for (Token tok : n.tokens) {
      if (!tok.star() && tok.cls().kind == CharClass.Kind.EXACT && tok.cls().c == HOLE) {
        List<Token> values = holes.get(hole++);
        if (values == null) {
          out.add(new Token(true, CharClass.ANY));
        } else {
          out.addAll(values);
        }
      } else {
        out.add(tok);
      }
    }
    return new Nfa(out, t.raw() + " (variables: any value)");
  }

  private static final BitSet[] LOWER_CLASS = new BitSet[128];
  private static final BitSet[] IGNORE_CASE_CLASS = new BitSet[128];

  /**
   * {@code StringEqualsIgnoreCase}: the strings whose {@code toLowerCase(Locale.ROOT)} equals that
   * of {@code s}. Exact for ASCII {@code s} (per-character lower-casing is then the whole story: the
   * only multi-character lower-casing, U+0130, yields a non-ASCII character). Null when {@code s}
   * holds a non-ASCII character: undecided.
   */
  static Nfa lowerCaseEquals(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (c >= 128) {
        return null;
      }
      t.add(new Token(false, CharClass.set(lowerClass(c))));
    }
    return new Nfa(t, s + " (ignoring case)");
  }

  /** {@code equalsIgnoreCase}, as {@link dev.iamlocal.condition.Values#parseBool} reads Booleans (ASCII {@code s} only). */
  static Nfa equalsIgnoreCase(String s) {
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 128) {
        return null;
      }
      t.add(new Token(false, CharClass.set(ignoreCaseClass(c))));
    }
    return new Nfa(t, s + " (ignoring case)");
  }

  // The two classes below are the characters c for which the String method on String.valueOf(c)
  // answers true. Calling it on all 65,536 characters made 65,536 strings per class: ~0.3 s of CPU in
  // a short CLI check (every letter of an ignore-case condition value is a class). Only characters
  // that pass the same test on Character's case mappings can pass it on String's (a single
  // character's String lower/upper casing is Character's, save U+0130, whose lower case is two
  // characters), so those few are asked, with the String method itself (PatternsCaseClassTest holds
  // the result to asking every character).

  private static synchronized BitSet lowerClass(char ascii) {
    BitSet b = LOWER_CLASS[ascii];
    if (b == null) {
      b = new BitSet(65536);
      String target = String.valueOf(ascii).toLowerCase(Locale.ROOT);
      char t = target.charAt(0);
      for (int c = 0; c < 65536; c++) {
        if ((Character.toLowerCase((char) c) == t || c == 0x130)
            && String.valueOf((char) c).toLowerCase(Locale.ROOT).equals(target)) {
          b.set(c);
        }
      }
      LOWER_CLASS[ascii] = b;
    }
    return b;
  }

  private static synchronized BitSet ignoreCaseClass(char ascii) {
    BitSet b = IGNORE_CASE_CLASS[ascii];
    if (b == null) {
      b = new BitSet(65536);
      String target = String.valueOf(ascii);
      char upper = Character.toUpperCase(ascii);
      char lowerOfUpper = Character.toLowerCase(upper);
      for (int c = 0; c < 65536; c++) {
        char u = Character.toUpperCase((char) c);
        if ((c == ascii || u == upper || Character.toLowerCase(u) == lowerOfUpper)
            && String.valueOf((char) c).equalsIgnoreCase(target)) {
          b.set(c);
        }
      }
      IGNORE_CASE_CLASS[ascii] = b;
    }
    return b;
  }

  /** The character classes of {@link #lowerCaseEquals} and {@link #equalsIgnoreCase} (for tests). */
  static BitSet caseClass(char ascii, boolean lowerCase) {
    return (BitSet) (lowerCase ? lowerClass(ascii) : ignoreCaseClass(ascii)).clone();
  }
}
