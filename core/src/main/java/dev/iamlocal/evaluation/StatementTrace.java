package dev.iamlocal.evaluation;

import dev.iamlocal.condition.ConditionTrace;
import dev.iamlocal.policy.Effect;
import dev.iamlocal.policy.Span;
import java.util.List;

/**
 * How one statement fared against a request.
 *
 * @param level for SCPs and RCPs the 0-based level (organization root first); -1 otherwise
 * @param label the Sid, or {@code #n} (1-based) when there is none
 * @param applies whether the statement took effect (a Deny that failed to evaluate applies)
 * @param mismatch the first element that did not match, or NONE
 * @param detail one readable line: why it applies or the first reason it does not
 * @param conditions every condition of the statement with its result (empty when the action,
 *     resource or principal already failed)
 * @param decisive whether the statement is among the decision's matched statements
 */
public record StatementTrace(
    String policyId,
    PolicyType policyType,
    int level,
    String label,
    int index,
    Effect effect,
    Span span,
    boolean applies,
    Mismatch mismatch,
    String detail,
    List<ConditionTrace> conditions,
    boolean decisive) {}
