package dev.iamlocal.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An action of a service.
 *
 * @param prefix service prefix, e.g. {@code sagemaker}
 * @param name canonical action name, e.g. {@code CreateTrainingJob}
 * @param accessLevel the documented access level
 * @param resourceTypes the resource-type rows; empty means the action only supports {@code
 *     "Resource": "*"}
 * @param conditionKeys action-level condition keys
 * @param dependentActions sorted union of the rows' dependent actions
 * @param dependentActionsKnown false when the source had no dependent-action data for this action,
 *     so an empty {@code dependentActions} means "unknown" rather than "none"
 * @param scenarios alternative resource-type tables; empty for nearly all actions
 */
public record ActionDefinition(
    String prefix,
    String name,
    AccessLevel accessLevel,
    List<ActionResourceType> resourceTypes,
    List<String> conditionKeys,
    List<String> dependentActions,
    boolean dependentActionsKnown,
    List<ActionScenario> scenarios) {

  public ActionDefinition {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accessLevel, "accessLevel");
    resourceTypes = List.copyOf(resourceTypes);
    conditionKeys = List.copyOf(conditionKeys);
    dependentActions = List.copyOf(dependentActions);
    scenarios = List.copyOf(scenarios);
  }

  /**
   * Hashes the name only: equal actions have equal names, and the generated record hash walks
   * every row list, which showed up when validators put thousands of actions in hash sets.
   */
  @Override
  public int hashCode() {
    return 31 * prefix.hashCode() + name.hashCode();
  }

  /** {@code prefix:Name}, e.g. {@code sagemaker:CreateTrainingJob}. */
  public String fullName() {
    return prefix + ":" + name;
  }

  @Override
  public String toString() {
    return fullName();
  }
}
