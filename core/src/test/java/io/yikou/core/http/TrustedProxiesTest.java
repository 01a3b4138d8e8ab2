package io.yikou.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    @Test
    void exactAddressIsTrusted() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("10.0.0.5"));

        assertThat(proxies.trusts("10.0.0.5")).isTrue();
        assertThat(proxies.trusts("10.0.0.6")).isFalse();
    }

    @Test
    void cidrRangeCoversItsAddresses() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("172.16.0.0/12"));

        assertThat(proxies.trusts("172.16.0.1")).isTrue();
        assertThat(proxies.trusts("172.31.255.255")).isTrue();
        assertThat(proxies.trusts("172.32.0.1")).isFalse();
    }

    @Test
    void ipv6RangeCoversItsAddresses() {
        TrustedProxies proxies = TrustedProxies.parse(List.of("fd00::/8"));

        assertThat(proxies.trusts("fd12:3456::1")).isTrue();
        assertThat(proxies.trusts("fe80::1")).isFalse();
        assertThat(proxies.trusts("10.0.0.1")).isFalse();
    }

    @Test
    void noProxiesTrustNobody() {
        assertThat(TrustedProxies.none().trusts("127.0.0.1")).isFalse();
    }

    @Test
    void hostNamesAreRejected() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("proxy.example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("proxy.example.org");
    }

    @Test
    void prefixBeyondAddressIsRejected() {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 to 32");
    }
}
