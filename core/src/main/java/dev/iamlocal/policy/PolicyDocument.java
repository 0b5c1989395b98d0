package dev.iamlocal.policy;

import java.util.List;

/**
 * A parsed IAM policy: immutable, with the source position of every element.
 *
 * <p>Obtain one with {@link PolicyParser#parse(String)}.
 *
 * @param version the language version ({@link PolicyVersion#ABSENT} if no {@code Version})
 * @param id the {@code Id}, or null
 * @param statements in document order
 * @param statementArray whether {@code Statement} was written as an array
 * @param text the source text the positions refer to
 */
public record PolicyDocument(
    PolicyVersion version, PolicyString versionString, PolicyString id, List<Statement> statements,
    boolean statementArray, String text) {

  public PolicyDocument {
    statements = List.copyOf(statements);
  }
}
