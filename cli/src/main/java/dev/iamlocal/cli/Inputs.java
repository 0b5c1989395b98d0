package dev.iamlocal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens the files and standard input the commands read. */
final class Inputs {

  private Inputs() {}

  /** A problem the user must fix before the command can run (exit status 2). */
  static final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InputException(String message) {
      super(message);
    }
  }

  /** The name errors use for {@code name}: {@code <stdin>} for {@code -}. */
  static String displayName(String name) {
    return name.equals("-") ? "<stdin>" : name;
  }

  /** A buffered UTF-8 reader over the file, or over standard input for {@code -}. */
  static Reader open(String name) {
    if (name.equals("-")) {
      return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8), 1 << 16);
    }
    Path p = Path.of(name);
    try {
      return Files.newBufferedReader(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * The largest policy file the policy checks and {@code diff} read: 1 MiB, eight times IAM's
   * largest policy (a role trust or resource policy is at most 131,072 characters after
   * whitespace is removed), so a real policy always fits and {@code file:///dev/zero} or a wrong
   * file ends in an error instead of filling the memory.
   */
  static final int MAX_POLICY_BYTES = 1 << 20;

  /**
   * The text of a file or standard input, refused when it is longer than {@code maxBytes}: reads
   * at most one byte more than that, so an endless input ({@code /dev/zero}) ends quickly.
   */
  static String readBounded(String name, int maxBytes) {
    try (java.io.InputStream in = name.equals("-") ? System.in : Files.newInputStream(Path.of(name))) {
      byte[] b = atMost(in, maxBytes);
      if (b == null) {
        throw new InputException(displayName(name) + ": longer than " + maxBytes
            + " bytes; a policy document is far smaller (IAM's largest is 131072 characters)");
      }
      return new String(b, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (IOException e) {
      throw new InputException(displayName(name) + ": cannot read: " + e.getMessage());
    }
  }

  /**
   * The largest request file ({@code --cli-input-json}, a policy list's {@code file://}) read: far
   * beyond what IAM accepts in one request, and an end to an endless input.
   */
  static final int MAX_REQUEST_BYTES = 16 << 20;

  /**
   * The UTF-8 text of {@code in}, refused (an IOException saying so) when longer than
   * {@code maxBytes} or not UTF-8: reads at most one byte more than that, so an endless input
   * ({@code /dev/zero}) ends quickly instead of filling the memory.
   */
  static String readUtf8(java.io.InputStream in, int maxBytes) throws IOException {
    byte[] b = atMost(in, maxBytes);
    if (b == null) {
      throw new IOException("longer than " + maxBytes + " bytes");
    }
    // strict, as Files.readString: malformed input is an error (MalformedInputException), not U+FFFD
    return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
  }

  /** The bytes of {@code in}, or null when it has more than {@code maxBytes} (it reads one more at most). */
  private static byte[] atMost(java.io.InputStream in, int maxBytes) throws IOException {
    byte[] b = in.readNBytes(maxBytes + 1);
    return b.length > maxBytes ? null : b;
  }

  /** The whole text of a file or standard input (small inputs: policies, request files), bounded. */
  static String readString(String name) {
    if (name.equals("-")) {
      try {
        return readUtf8(System.in, MAX_REQUEST_BYTES);
      } catch (IOException e) {
        throw new InputException("<stdin>: cannot read: " + e.getMessage());
      }
    }
    try (java.io.InputStream in = Files.newInputStream(Path.of(name))) {
      return readUtf8(in, MAX_REQUEST_BYTES);
    } catch (NoSuchFileException e) {
      throw new InputException(name + ": no such file");
    } catch (IOException e) {
      throw new InputException(name + ": cannot read: " + e.getMessage());
    }
  }
}
