package dev.iamlocal.server.console;

import dev.iamlocal.evaluation.Outcome;
import dev.iamlocal.server.authz.IamAuthorization;
import java.util.List;

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
      default -> "implicitDeny";
    };
  }
}
