package dev.iamlocal.evaluation;

import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Span;
import java.util.Objects;

/**
 * A statement that decided a result, located as the IAM simulator locates it.
 *
 * @param policyId the policy's id ({@code SourcePolicyId})
 * @param sourcePolicyType the simulator's {@code SourcePolicyType}, or null
 * @param sid the Sid, or null
 * @param index 0-based index of the statement in its policy
 * @param span the statement's text: its opening brace to one past its closing brace
 */
public record MatchedStatement(
    String policyId, PolicyType policyType, String sourcePolicyType, String sid, int index, Effect effect, Span span) {

  // equals and hashCode by hand, with a record's meaning: the generated ones are linked through an
  // invokedynamic bootstrap that a short CLI run pays for (see Position#equals).
  @Override
  public boolean equals(Object o) {
    return o instanceof MatchedStatement m && m.index == index && m.effect == effect
        && m.policyType == policyType && Objects.equals(m.policyId, policyId)
        && Objects.equals(m.sourcePolicyType, sourcePolicyType) && Objects.equals(m.sid, sid)
        && Objects.equals(m.span, span);
  }

  @Override
  public int hashCode() {
    return Objects.hash(policyId, policyType, sourcePolicyType, sid, index, effect, span);
  }
}
