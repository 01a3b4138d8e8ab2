package io.yikou.channels.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.yikou.core.ticket.GeoPoint;
import org.junit.jupiter.api.Test;

class DatumTest {

    @Test
    void gcj02ConvertsBackToWgs84() {
        // 安定门街道 label point from the district data set, in both datums.
        GeoPoint wgs = Datum.GCJ02.toWgs84(39.945170580551036, 116.404506389584);

        assertThat(wgs.lat()).isCloseTo(39.9437655, within(2e-6));
        assertThat(wgs.lon()).isCloseTo(116.3982582, within(2e-6));
    }

    @Test
    void wgs84IsUnchangedAndRoundTripHolds() {
        double[] shifted = Datum.wgs84ToGcj02(39.9, 116.4);
        GeoPoint back = Datum.GCJ02.toWgs84(shifted[0], shifted[1]);

        assertThat(Datum.WGS84.toWgs84(39.9, 116.4)).isEqualTo(new GeoPoint(39.9, 116.4));
        assertThat(back.lat()).isCloseTo(39.9, within(1e-7));
        assertThat(back.lon()).isCloseTo(116.4, within(1e-7));
    }
}
