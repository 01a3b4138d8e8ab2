package io.yikou.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.yikou.channels.wechat.xml.SafeXml;
import io.yikou.channels.wechat.xml.UnsafeXmlException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafeXmlTest {

    private static final String TEXT = "<xml><ToUserName><![CDATA[gh_test96010]]></ToUserName>"
            + "<FromUserName><![CDATA[oTEST_citizen_0002]]></FromUserName><CreateTime>1700000000</CreateTime>"
            + "<MsgType><![CDATA[text]]></MsgType><Content>%s</Content><MsgId>24000000000000002</MsgId></xml>";

    static final String XXE_FILE = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
            + TEXT.formatted("&x;");
    static final String XXE_HTTP = "<!DOCTYPE xml [<!ENTITY x SYSTEM \"http://127.0.0.1:18999/xxe\">]>"
            + TEXT.formatted("&x;");
    static final String BILLION_LAUGHS = billionLaughs();

    private static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY l0 \"lol\">");
        for (int i = 1; i <= 10; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return dtd.append("]>").append(TEXT.formatted("&l10;")).toString();
    }

    @Test
    void plainMessageParses() {
        Map<String, String> fields = SafeXml.parseFields(TEXT.formatted("<![CDATA[楼道灯坏了😭💡请尽快修]]>"));

        assertThat(fields).containsEntry("Content", "楼道灯坏了😭💡请尽快修");
        assertThat(fields).containsEntry("MsgId", "24000000000000002");
        assertThat(fields).containsEntry("ToUserName", "gh_test96010");
    }

    @Test
    void externalEntitiesAreRejected() {
        assertThatThrownBy(() -> SafeXml.parseFields(XXE_FILE)).isInstanceOf(UnsafeXmlException.class)
                .hasMessageContaining("document type");
        assertThatThrownBy(() -> SafeXml.parseFields(XXE_HTTP)).isInstanceOf(UnsafeXmlException.class);
    }

    @Test
    void billionLaughsIsRejected() {
        assertThatThrownBy(() -> SafeXml.parseFields(BILLION_LAUGHS)).isInstanceOf(UnsafeXmlException.class);
    }

    @Test
    void undeclaredEntityIsRejected() {
        assertThatThrownBy(() -> SafeXml.parseFields(TEXT.formatted("&x;"))).isInstanceOf(UnsafeXmlException.class);
    }

    @Test
    void doctypeTextInsideContentIsKept() {
        Map<String, String> fields = SafeXml.parseFields(TEXT.formatted("<![CDATA[<!DOCTYPE x> &amp;]]>"));

        assertThat(fields).containsEntry("Content", "<!DOCTYPE x> &amp;");
    }

    @Test
    void predefinedEntitiesAndNestingWork() {
        Map<String, String> fields = SafeXml.parseFields(
                "<xml><Content>a &lt; b &#x1F62D;</Content><ScanCodeInfo><ScanResult>r</ScanResult></ScanCodeInfo></xml>");

        assertThat(fields).containsEntry("Content", "a < b 😭");
        assertThat(fields).containsEntry("ScanCodeInfo.ScanResult", "r");
    }

    @Test
    void malformedAndDeepDocumentsAreRejected() {
        assertThatThrownBy(() -> SafeXml.parseFields("<xml><a></xml>")).isInstanceOf(UnsafeXmlException.class);
        assertThatThrownBy(() -> SafeXml.parseFields("not xml")).isInstanceOf(UnsafeXmlException.class);
        assertThatThrownBy(() -> SafeXml.parseFields("<a>".repeat(20) + "</a>".repeat(20)))
                .isInstanceOf(UnsafeXmlException.class);
    }
}
