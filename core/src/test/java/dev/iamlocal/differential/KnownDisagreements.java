package dev.iamlocal.differential;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Disagreement classes already investigated, each with the corpus file that records the AWS rule
 * deciding it. A disagreement that matches none of them fails the differential test.
 */
final class KnownDisagreements {

  private KnownDisagreements() {}

  record Known(String corpusFile, Predicate<Minimizer.Disagreement> matches) {}

  static final List<Known> ALL = List.of();

  static Optional<String> classify(Minimizer.Disagreement d) {
    for (Known k : ALL) {
      if (k.matches().test(d)) {
        return Optional.of(k.corpusFile());
      }
    }
    return Optional.empty();
  }
}
