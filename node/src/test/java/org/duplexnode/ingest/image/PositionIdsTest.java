package org.duplexnode.ingest.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PositionIdsTest {

  @Test
  void aSeventyGridMapsOneToOneOntoTheTable() {
    long[] ids = PositionIds.forGrid(new PatchGrid(70, 70));
    for (int i = 0; i < ids.length; i++) {
      assertThat(ids[i]).isEqualTo(i);
    }
  }

  @Test
  void aSmallGridSpreadsOverTheWholeTable() {
    long[] ids = PositionIds.forGrid(new PatchGrid(2, 3));
    // rows: 0/2 -> 0, 1/2 -> 35; cols: 0/3 -> 0, 1/3 -> 23, 2/3 -> 46
    assertThat(ids).containsExactly(0, 23, 46, 35 * 70, 35 * 70 + 23, 35 * 70 + 46);
  }

  @Test
  void theCommonCameraGridMatchesTheRelease() {
    // 1920x1080 -> 24 x 43. Values from the release's torch code for rows 12 and 23, cols 42.
    long[] ids = PositionIds.forGrid(new PatchGrid(24, 43));
    assertThat(ids).hasSize(24 * 43);
    assertThat(ids[12 * 43]).isEqualTo(35 * 70); // 12/24 = 0.5 lies on a boundary: upper bucket
    assertThat(ids[23 * 43 + 42]).isEqualTo(67 * 70 + 68);
    assertThat(Arrays.stream(ids).min().getAsLong()).isZero();
    assertThat(Arrays.stream(ids).max().getAsLong()).isLessThan(4900);
  }

  @Test
  void exactTiesFallInTheUpperBucket() {
    // 15/25 = 42/70 exactly; PyTorch with AVX2 rounds the coordinate down and says 41.
    assertThat(PositionIds.bucket(15, 25)).isEqualTo(42);
    assertThat(PositionIds.bucket(14, 25)).isEqualTo(39);
  }
}
