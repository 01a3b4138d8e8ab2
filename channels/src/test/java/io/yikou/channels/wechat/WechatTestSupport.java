package io.yikou.channels.wechat;

import io.yikou.channels.wechat.crypto.WechatCrypto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Builds signed WeChat callbacks for tests. */
final class WechatTestSupport {

    static final String TOKEN = "spamtest";
    static final String AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    static final String APP_ID = "wx2c2769f8efd9abc2";
    static final String ORIGINAL_ID = "gh_test96010";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final AtomicLong NONCE = new AtomicLong(1000);

    private WechatTestSupport() {
    }

    static String text(String openId, long createTime, String content, String msgId) {
        return "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                + "<Content><![CDATA[" + content + "]]></Content><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String image(String openId, long createTime, String mediaId, String msgId) {
        return "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[image]]></MsgType>"
                + "<PicUrl><![CDATA[http://127.0.0.1:9/pic]]></PicUrl><MediaId><![CDATA[" + mediaId
                + "]]></MediaId><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String voice(String openId, long createTime, String mediaId, String recognition, String msgId) {
        return "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
                + "<MediaId><![CDATA[" + mediaId + "]]></MediaId><Format><![CDATA[amr]]></Format>"
                + "<Recognition><![CDATA[" + recognition + "]]></Recognition><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String location(String openId, long createTime, double lat, double lon, String label, String msgId) {
        return "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[location]]></MsgType>"
                + "<Location_X>" + lat + "</Location_X><Location_Y>" + lon + "</Location_Y><Scale>15</Scale>"
                + "<Label><![CDATA[" + label + "]]></Label><MsgId>" + msgId + "</MsgId></xml>";
    }

    static String event(String openId, long createTime, String event, String key) {
        return "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><FromUserName><![CDATA[" + openId
                + "]]></FromUserName><CreateTime>" + createTime + "</CreateTime><MsgType><![CDATA[event]]></MsgType>"
                + "<Event><![CDATA[" + event + "]]></Event>"
                + (key == null ? "" : "<EventKey><![CDATA[" + key + "]]></EventKey>") + "</xml>";
    }

    /** Returns the signed query string for a plaintext push. */
    static String plainQuery() {
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = Long.toString(NONCE.incrementAndGet());
        return "?signature=" + WechatCrypto.signature(TOKEN, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce;
    }

    /** A safe-mode push: the encrypted envelope and its query string. */
    record Encrypted(String body, String query) {
    }

    static Encrypted encrypt(String xml, String appId) {
        WechatCrypto crypto = new WechatCrypto(AES_KEY, appId);
        String encrypted = crypto.encrypt(xml);
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String nonce = Long.toString(NONCE.incrementAndGet());
        String body = "<xml><ToUserName><![CDATA[" + ORIGINAL_ID + "]]></ToUserName><Encrypt><![CDATA[" + encrypted
                + "]]></Encrypt></xml>";
        String query = "?signature=" + WechatCrypto.signature(TOKEN, timestamp, nonce) + "&timestamp=" + timestamp
                + "&nonce=" + nonce + "&encrypt_type=aes&msg_signature="
                + WechatCrypto.signature(TOKEN, timestamp, nonce, encrypted);
        return new Encrypted(body, query);
    }

    static HttpResponse<String> post(String url, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static HttpResponse<String> staff(String method, String url, String json) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + io.yikou.channels.support.ChannelNode.ADMIN_TOKEN)
                .header("Content-Type", "application/json");
        builder = json == null ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Returns a valid JPEG header followed by filler, enough for content sniffing. */
    static byte[] jpeg() {
        byte[] bytes = new byte[256];
        bytes[0] = (byte) 0xFF;
        bytes[1] = (byte) 0xD8;
        bytes[2] = (byte) 0xFF;
        bytes[3] = (byte) 0xE0;
        for (int i = 4; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    static byte[] amr() {
        byte[] head = "#!AMR\n".getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = new byte[128];
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }
}
