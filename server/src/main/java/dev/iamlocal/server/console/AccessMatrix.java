package dev.iamlocal.server.console;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.evaluation.Policy;
import dev.iamlocal.reasoning.Counterexample;
import dev.iamlocal.reasoning.SymbolicMatrix;
import dev.iamlocal.server.authz.IamAuthorization;
import dev.iamlocal.server.authz.Subjects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of the access matrix: a principal's decision for each action on {@code *}, asked through
 * the server's authorization pipeline as {@code POST /v1/authorize} asks it (the principal's
 * policies compiled once, its tags as {@code aws:PrincipalTag/*}, no network, not logged).
 */
final class AccessMatrix {

  private AccessMatrix() {}

  /**
   * The outcomes of {@code actions} for the principal {@code key} ({@code user/NAME},
   * {@code role/NAME}, {@code group/NAME}), one letter per action: {@code A} allowed, {@code E}
   * explicit deny, {@code I} implicit deny.
   */
  static String row(IamAuthorization auth, String accountId, String key, List<String> actions) {
    StringBuilder out = new StringBuilder(actions.size());
    for (Outcome o : auth.outcomes(accountId, key, actions)) {
      out.append(letter(o));
    }
    return out.toString();
  }

  /** A symbolic row: a letter per action ({@code A} always, {@code N} never, {@code C} conditional, {@code U} undecided) and the details of the C and U cells by action index. */
  record SymbolicRow(String letters, Map<Integer, Map<String, Object>> details) {}

  /**
   * The principal {@code key} as the symbolic matrix sees it: its identity policies (attached,
   * inline, its groups'), its permissions boundary, and the keys AWS derives from it (its own keys
   * are fixed in every request, every other key is free).
   */
  static SymbolicMatrix.Subject subject(IamAuthorization auth, String accountId, String key) {
    Subjects.Subject s = auth.subject(accountId, key);
    List<String> texts = new ArrayList<>();
    for (Policy p : s.identity()) {
      texts.add(p.document().text());
    }
    String boundary = s.boundary() == null ? null : s.boundary().document().text();
    return new SymbolicMatrix.Subject(key, texts, boundary, SymbolicMatrix.principalKeys(s.principal(), s.uniqueId(),
        s.tags()));
  }

  /**
   * A symbolic row of cells (from {@link SymbolicMatrix#rows}, the one computation of the matrix
   * for the console, the CLI and the benchmark) as the page shows it: a letter per action, and an
   * allowed and a denied example request for a conditional cell.
   */
  static SymbolicRow symbolicRow(List<SymbolicMatrix.Cell> cells) {
    StringBuilder letters = new StringBuilder(cells.size());
    Map<Integer, Map<String, Object>> details = new LinkedHashMap<>();
    for (int i = 0; i < cells.size(); i++) {
      SymbolicMatrix.Cell c = cells.get(i);
      letters.append(switch (c.kind()) {
        case ALWAYS -> 'A';
        case NEVER -> 'N';
        case CONDITIONAL -> 'C';
        case UNDECIDED -> 'U';
      });
      if (c.kind() == SymbolicMatrix.Kind.CONDITIONAL || c.kind() == SymbolicMatrix.Kind.UNDECIDED) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("condition", c.kind() == SymbolicMatrix.Kind.CONDITIONAL ? c.condition() : "not decided: " + c.undecided());
        if (c.allowExample() != null) {
          d.put("allowed", example(c.allowExample()));
        }
        if (c.denyExample() != null) {
          d.put("denied", example(c.denyExample()));
        }
        details.put(i, d);
      }
    }
    return new SymbolicRow(letters.toString(), details);
  }

  private static Map<String, Object> example(Counterexample c) {
    Map<String, Object> m = new LinkedHashMap<>(c.toMap());
    m.remove("statementIndex");
    m.remove("principal"); // the row's principal; the prover's stand-in ARN would only confuse
    return m;
  }

  static char letter(Outcome o) {
    return switch (o) {
      case ALLOWED -> 'A';
      case EXPLICIT_DENY -> 'E';
      case IMPLICIT_DENY -> 'I';
    };
  }

  static String word(char letter) {
    return switch (letter) {
      case 'A' -> "allowed";
      case 'E' -> "explicitDeny";
      case 'N' -> "never";
      case 'C' -> "conditional";
      case 'U' -> "undecided";
      default -> "implicitDeny";
    };
  }
}
