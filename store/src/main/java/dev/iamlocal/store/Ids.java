package dev.iamlocal.store;

import java.security.SecureRandom;

/** Unique ids and secrets in AWS's formats, from a {@link SecureRandom}. */
final class Ids {

  private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
  private static final char[] SECRET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

  private final SecureRandom random = new SecureRandom();

  /** {@code prefix} followed by 16 upper-case letters and digits, e.g. {@code AIDA…}. */
  String id(String prefix) {
    return prefix + chars(ALNUM, 16);
  }

  /** A 40-character secret access key. */
  String secret() {
    return chars(SECRET, 40);
  }

  /** 12 digits, not starting with 0. */
  String accountId() {
    return (char) ('1' + random.nextInt(9)) + digits(11);
  }

  private String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('0' + random.nextInt(10)));
    }
    return b.toString();
  }

  private String chars(char[] alphabet, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append(alphabet[random.nextInt(alphabet.length)]);
    }
    return b.toString();
  }
}
