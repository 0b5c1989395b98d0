package dev.iamlocal.catalog;

import java.util.ArrayList;
import java.util.List;

/**
 * Matches concrete ARNs against a documented {@code arnFormat} such as {@code
 * arn:${Partition}:s3:::${BucketName}/${ObjectName}}.
 *
 * <p>A plain {@code ${Var}} → {@code .+} translation is too loose (the S3 bucket format would match
 * every object), so placeholders are constrained:
 *
 * <ul>
 *   <li>every placeholder matches at least one character;
 *   <li>placeholders in the partition/service/region/account fields never span {@code :};
 *   <li>the last placeholder may span anything (object keys, paths, qualifiers);
 *   <li>any other placeholder does not span {@code /} — except when the literal right after it
 *       starts with {@code :}, where it may span {@code /} but not {@code :} (log group names such
 *       as {@code /aws/lambda/f} in {@code log-group:${LogGroupName}:log-stream:...}).
 * </ul>
 *
 * <p>A literal {@code *} in a format (AWS Backup writes {@code :*:} for the account) is treated as
 * a placeholder. A format listing several ARNs separated by {@code ", "} matches if any does.
 * Literals compare case-sensitively, as IAM compares resource ARNs.
 */
final class ArnFormatMatcher {

  private static final int HEADER_COLONS = 5;

  private final List<Alternative> alternatives;

  private ArnFormatMatcher(List<Alternative> alternatives) {
    this.alternatives = alternatives;
  }

  static ArnFormatMatcher compile(String arnFormat) {
    List<Alternative> alts = new ArrayList<>();
    for (String alt : arnFormat.split(", (?=arn:)")) {
      alts.add(Alternative.compile(alt));
    }
    return new ArnFormatMatcher(List.copyOf(alts));
  }

  /** The number of literal characters of the best-matching alternative, or -1 if none matches. */
  int specificity(String arn) {
    int best = -1;
    for (Alternative alt : alternatives) {
      if (alt.matches(arn)) {
        best = Math.max(best, alt.literalChars);
      }
    }
    return best;
  }

  boolean matches(String arn) {
    return specificity(arn) >= 0;
  }

  private enum Kind {
    LITERAL,
    NO_COLON,
    NO_SLASH,
    ANY
  }

  private record Token(Kind kind, String literal) {}

  private static final class Alternative {
    private final Token[] tokens;
    private final int literalChars;

    private Alternative(Token[] tokens, int literalChars) {
      this.tokens = tokens;
      this.literalChars = literalChars;
    }

    static Alternative compile(String format) {
      List<String> literals = new ArrayList<>();
      List<Boolean> isVar = new ArrayList<>();
      int i = 0;
      StringBuilder lit = new StringBuilder();
      while (i < format.length()) {
        int close;
        if (format.startsWith("${", i) && (close = format.indexOf('}', i)) > 0) {
          flush(lit, literals, isVar);
          literals.add(null);
          isVar.add(true);
          i = close + 1;
        } else if (format.charAt(i) == '*') {
          flush(lit, literals, isVar);
          literals.add(null);
          isVar.add(true);
          i++;
        } else {
          lit.append(format.charAt(i++));
        }
      }
      flush(lit, literals, isVar);

      int lastVar = isVar.lastIndexOf(true);
      Token[] tokens = new Token[literals.size()];
      int colons = 0;
      int literalChars = 0;
      for (int t = 0; t < tokens.length; t++) {
        if (!isVar.get(t)) {
          String l = literals.get(t);
          tokens[t] = new Token(Kind.LITERAL, l);
          literalChars += l.length();
          colons += (int) l.chars().filter(c -> c == ':').count();
          continue;
        }
        String next = t + 1 < tokens.length && !isVar.get(t + 1) ? literals.get(t + 1) : "";
        Kind kind;
        if (colons < HEADER_COLONS || next.startsWith(":")) {
          kind = Kind.NO_COLON;
        } else if (t == lastVar) {
          kind = Kind.ANY;
        } else {
          kind = Kind.NO_SLASH;
        }
        tokens[t] = new Token(kind, null);
      }
      return new Alternative(tokens, literalChars);
    }

    private static void flush(StringBuilder lit, List<String> literals, List<Boolean> isVar) {
      if (lit.length() > 0) {
        literals.add(lit.toString());
        isVar.add(false);
        lit.setLength(0);
      }
    }

    boolean matches(String arn) {
      // failed[t][p]: token t cannot start matching at position p; bounds the search to
      // tokens × positions² even for adversarial input.
      boolean[][] failed = new boolean[tokens.length + 1][arn.length() + 1];
      return match(0, 0, arn, failed);
    }

    private boolean match(int t, int pos, String arn, boolean[][] failed) {
      if (t == tokens.length) {
        return pos == arn.length();
      }
      if (failed[t][pos]) {
        return false;
      }
      Token tok = tokens[t];
      boolean ok = false;
      if (tok.kind == Kind.LITERAL) {
        ok = arn.startsWith(tok.literal, pos) && match(t + 1, pos + tok.literal.length(), arn, failed);
      } else {
        for (int end = pos + 1; end <= arn.length() && !ok; end++) {
          char c = arn.charAt(end - 1);
          if ((tok.kind == Kind.NO_COLON && c == ':') || (tok.kind == Kind.NO_SLASH && c == '/')) {
            break;
          }
          ok = match(t + 1, end, arn, failed);
        }
      }
      if (!ok) {
        failed[t][pos] = true;
      }
      return ok;
    }
  }
}
