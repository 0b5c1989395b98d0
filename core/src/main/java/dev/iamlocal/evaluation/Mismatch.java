package dev.iamlocal.evaluation;

/** Why a statement did not apply to a request (or that it did: {@link #NONE}). */
public enum Mismatch {
  NONE,
  ACTION,
  RESOURCE,
  PRINCIPAL,
  CONDITION,
  /** The statement could not be evaluated (an invalid condition value); it fails closed. */
  ERROR
}
