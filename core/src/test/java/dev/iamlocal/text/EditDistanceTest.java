package dev.iamlocal.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EditDistanceTest {

  @Test
  void distances() {
    assertThat(EditDistance.between("CreateFlowDefiniton", "createflowdefinition")).isEqualTo(1);
    assertThat(EditDistance.between("ab", "ba")).isEqualTo(1);
    assertThat(EditDistance.between("", "abc")).isEqualTo(3);
    assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
  }
}
