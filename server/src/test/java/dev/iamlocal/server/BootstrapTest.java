package dev.iamlocal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hole 8: only the {@code [iamlocal]} section of a credentials file is iamlocal's to write. */
class BootstrapTest {

  private static String edit(String text) {
    return Bootstrap.withProfile(text, Bootstrap.PROFILE, List.of("k = v"));
  }

  @Test
  void hole08_profileEditsReplaceOnlyTheirSection() {
    assertThat(edit(null)).isEqualTo("[iamlocal]\nk = v\n");
    assertThat(edit("")).isEqualTo("[iamlocal]\nk = v\n");
    assertThat(edit("[default]\na = b")).isEqualTo("[default]\na = b\n\n[iamlocal]\nk = v\n");
    assertThat(edit("[default]\na = b\n\n")).isEqualTo("[default]\na = b\n\n[iamlocal]\nk = v\n");
    assertThat(edit("[iamlocal]\nold = 1\n\n[default]\na = b\n"))
        .isEqualTo("[iamlocal]\nk = v\n\n[default]\na = b\n");
    // a repeated section is written once, where the first one was
    assertThat(edit("[ iamlocal ]\nold = 1\n[x]\ny = z\n[iamlocal]\nold = 2\n"))
        .isEqualTo("[iamlocal]\nk = v\n\n[x]\ny = z\n");
    // a profile whose name only starts with ours is another profile
    assertThat(edit("[iamlocal-old]\na = b\n")).isEqualTo("[iamlocal-old]\na = b\n\n[iamlocal]\nk = v\n");
  }
}
