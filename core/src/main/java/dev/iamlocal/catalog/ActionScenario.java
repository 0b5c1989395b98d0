package dev.iamlocal.catalog;

import java.util.List;
import java.util.Objects;

/**
 * An alternative resource-type table of an action; AWS documents these for a handful of actions
 * such as {@code ec2:RunInstances}.
 *
 * @param name e.g. {@code EC2-VPC-EBS}
 * @param resourceTypes the rows of this scenario (without per-row condition keys or dependent
 *     actions, which AWS does not give per scenario)
 */
public record ActionScenario(String name, List<ActionResourceType> resourceTypes) {

  public ActionScenario {
    Objects.requireNonNull(name, "name");
    resourceTypes = List.copyOf(resourceTypes);
  }
}
