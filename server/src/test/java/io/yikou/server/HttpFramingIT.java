package io.yikou.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.testkit.RedisExtension;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request smuggling: messages whose body framing a proxy could read differently get 400 and a
 * closed connection, and nothing pipelined behind them is handled. Raw bytes on one keep-alive
 * socket, as a proxy would forward them.
 */
class HttpFramingIT {

    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private static TestServer server;

    private static final String FORM = "type=complaint&description=smuggled&consent=on";
    private static final String HEAD = "POST /api/v1/reports HTTP/1.1\r\nHost: hotline.test\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n";
    /** A complete, valid request; if it is ever handled after a bad one, a ticket appears. */
    private static final String SMUGGLED = HEAD + "Content-Length: " + FORM.length() + "\r\n\r\n" + FORM;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(redis.url(), "", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** The bytes the server sent before closing, and whether it closed. */
    private record Exchange(String text, boolean closed) {

        int responses() {
            Matcher matcher = STATUS_LINE.matcher(text);
            int count = 0;
            while (matcher.find()) {
                count++;
            }
            return count;
        }

        String firstStatus() {
            Matcher matcher = STATUS_LINE.matcher(text);
            return matcher.find() ? matcher.group(1) : "none";
        }
    }

    private static Exchange exchange(String raw) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            // Only a guard against hanging forever: the assertions never depend on time.
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            boolean closed = false;
            try {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, read);
                }
                closed = true;
            } catch (java.net.SocketTimeoutException e) {
                closed = false;
            } catch (java.net.SocketException e) {
                closed = true; // reset by the server counts as closed
            }
            return new Exchange(received.toString(StandardCharsets.UTF_8), closed);
        }
    }

    private static void assertRejected(String raw) throws Exception {
        long before = server.ticketCount();

        Exchange exchange = exchange(raw);

        assertThat(exchange.firstStatus()).as(exchange.text()).isEqualTo("400");
        assertThat(exchange.responses()).as(exchange.text()).isEqualTo(1);
        assertThat(exchange.closed()).as("connection closed").isTrue();
        assertThat(server.ticketCount()).isEqualTo(before);
    }

    @Test
    void contentLengthWithChunkedIsRejected() throws Exception {
        assertRejected(HEAD + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG" + SMUGGLED);
    }

    @Test
    void contentLengthWithChunkedHidesNoSecondRequest() throws Exception {
        assertRejected(HEAD + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void chunkedBeforeContentLengthIsRejected() throws Exception {
        assertRejected(HEAD + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void differingContentLengthsAreRejected() throws Exception {
        assertRejected(HEAD + "Content-Length: 0\r\nContent-Length: 44\r\n\r\n"
                + FORM.substring(0, 44) + SMUGGLED);
    }

    @Test
    void spaceBeforeColonIsRejected() throws Exception {
        assertRejected(HEAD + "Transfer-Encoding : chunked\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void unknownTransferCodingIsRejected() throws Exception {
        assertRejected(HEAD + "Transfer-Encoding: xchunked\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void transferCodingListIsRejected() throws Exception {
        assertRejected(HEAD + "Transfer-Encoding: identity, chunked\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void repeatedTransferEncodingIsRejected() throws Exception {
        assertRejected(HEAD + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void chunkedOnHttp10IsRejected() throws Exception {
        assertRejected("POST /api/v1/reports HTTP/1.0\r\nHost: hotline.test\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n");
    }

    @Test
    void unknownMethodIsRejected() throws Exception {
        assertRejected("GPOST /api/v1/reports HTTP/1.1\r\nHost: hotline.test\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 0\r\n\r\n" + SMUGGLED);
    }

    @Test
    void plainChunkedRequestIsAccepted() throws Exception {
        long before = server.ticketCount();

        Exchange exchange = exchange(HEAD + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(FORM.length()) + "\r\n" + FORM + "\r\n0\r\n\r\n");

        assertThat(exchange.firstStatus()).as(exchange.text()).isEqualTo("201");
        assertThat(server.ticketCount()).isEqualTo(before + 1);
    }
}
