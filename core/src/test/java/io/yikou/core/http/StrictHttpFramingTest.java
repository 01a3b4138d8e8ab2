package io.yikou.core.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.Test;

class StrictHttpFramingTest {

    private static HttpRequest request(HttpVersion version, String... headers) {
        HttpRequest request = new DefaultHttpRequest(version, HttpMethod.POST, "/api/v1/reports?token=x");
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().add(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void plainFramingPasses() {
        assertThatCode(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_1, "Content-Length", "4")))
                .doesNotThrowAnyException();
        assertThatCode(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_1,
                "Transfer-Encoding", "Chunked"))).doesNotThrowAnyException();
    }

    @Test
    void ambiguousFramingFails() {
        assertThatThrownBy(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_1,
                "Transfer-Encoding", "chunked", "Content-Length", "6"))).hasMessageContaining("Content-Length");
        assertThatThrownBy(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_1,
                "Transfer-Encoding", "gzip, chunked"))).hasMessageContaining("gzip");
        assertThatThrownBy(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_1,
                "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StrictHttpFraming.checkFraming(request(HttpVersion.HTTP_1_0,
                "Transfer-Encoding", "chunked"))).hasMessageContaining("HTTP/1.0");
    }

    @Test
    void installerNeedsH2cOff() {
        assertThatThrownBy(() -> StrictHttpFraming.installer(new HttpServerOptions().setHttp2ClearTextEnabled(true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> StrictHttpFraming.installer(new HttpServerOptions().setHttp2ClearTextEnabled(false)))
                .doesNotThrowAnyException();
    }
}
