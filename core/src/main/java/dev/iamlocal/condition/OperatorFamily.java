package dev.iamlocal.condition;

/** The families of condition operators (spec §6.2); each owns its value parsing and comparison. */
public enum OperatorFamily {
  STRING, NUMERIC, DATE, BOOL, BINARY, IP, ARN, NULL
}
