package io.yikou.core.http;

import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reverse proxies whose {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers are believed.
 * A request from any other address is taken at face value: its socket address is the client, and it
 * is secure only when it arrived over TLS. Thread-safe and immutable.
 */
public final class TrustedProxies {

    /** Routing-context key under which staff auth stores the request's {@link Origin}. */
    public static final String CONTEXT_KEY = "yikou.http.origin";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** One address range: the first {@code prefixBits} bits of {@code network}. */
    private record Range(byte[] network, int prefixBits) {

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefixBits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    /** Client address and transport security of a request, as the trusted proxies report them. */
    public record Origin(String address, boolean secure) {
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Trusts no proxy. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses addresses and CIDR ranges such as {@code 10.0.0.5}, {@code 10.0.0.0/8} or {@code fd00::/8}.
     * Only literal addresses are accepted, so parsing never looks up a host name.
     *
     * @throws IllegalArgumentException naming the first entry that is not an address or range
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            ranges.add(range(entry.trim()));
        }
        return new TrustedProxies(ranges);
    }

    private static Range range(String entry) {
        int slash = entry.indexOf('/');
        String host = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = literal(host).orElseThrow(() -> new IllegalArgumentException(
                "not an IP address or CIDR range: " + entry));
        int bits = address.length * 8;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > address.length * 8) {
                throw new IllegalArgumentException("invalid prefix length in " + entry
                        + " (expected 0 to " + address.length * 8 + ")");
            }
        }
        return new Range(address, bits);
    }

    /** Parses a literal IPv4 or IPv6 address; never resolves a name. */
    private static Optional<byte[]> literal(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Tells whether an address (in text form, as the socket reports it) belongs to a trusted proxy. */
    public boolean trusts(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        Optional<byte[]> bytes = literal(address);
        if (bytes.isEmpty()) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(bytes.get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns the client address and whether the client's connection was secure. Behind trusted
     * proxies the client is the right-most {@code X-Forwarded-For} entry that is not itself a trusted
     * proxy (entries further left can be forged by the client), and {@code X-Forwarded-Proto: https}
     * from the nearest proxy marks the request secure.
     */
    public Origin origin(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        boolean secure = request.isSSL();
        if (!trusts(peer)) {
            return new Origin(peer, secure);
        }
        String proto = request.getHeader("X-Forwarded-Proto");
        if (proto != null) {
            String nearest = proto.substring(proto.lastIndexOf(',') + 1).trim().toLowerCase(Locale.ROOT);
            secure = secure || nearest.equals("https");
        }
        String client = peer;
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null) {
            String[] hops = forwarded.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (hop.isEmpty()) {
                    continue;
                }
                client = hop;
                if (!trusts(hop)) {
                    break;
                }
            }
        }
        return new Origin(client, secure);
    }
}
