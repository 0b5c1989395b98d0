package dev.iamlocal.simulation;

import java.util.List;

/**
 * One {@code ContextEntries} member: a context key, its {@code ContextKeyType} and values.
 *
 * @param name the key ({@code aws:SourceIp}, {@code iam:PassedToService}, …)
 * @param type one of {@link #TYPES}; the {@code *List} types are multivalued
 * @param values the values as given
 */
public record ContextEntry(String name, String type, List<String> values) {

  /** IAM's {@code ContextKeyTypeEnum}, in the API model's order. */
  public static final List<String> TYPES = List.of("string", "stringList", "numeric", "numericList", "boolean",
      "booleanList", "ip", "ipList", "binary", "binaryList", "date", "dateList");

  public ContextEntry {
    values = values == null ? List.of() : List.copyOf(values);
  }

  /** Whether the type is one of the {@code *List} types. */
  public boolean multivalued() {
    return type != null && type.endsWith("List");
  }

}
