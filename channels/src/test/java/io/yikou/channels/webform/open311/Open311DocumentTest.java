package io.yikou.channels.webform.open311;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class Open311DocumentTest {

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static Open311Document services() {
        Open311Document.Fields service = new Open311Document.Fields()
                .put("service_code", "E0201")
                .put("service_name", "井盖 <破损> & 缺失")
                .put("metadata", false)
                .put("keywords", null);
        return new Open311Document("services", new Open311Document.Items("service", List.of(service)));
    }

    @Test
    void xmlStartsWithUtf8Declaration() {
        assertThat(services().toXml()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><services><service>");
    }

    @Test
    void xmlEscapesMarkupInText() throws Exception {
        Document document = parse(services().toXml());

        assertThat(document.getElementsByTagName("service_name").item(0).getTextContent()).isEqualTo("井盖 <破损> & 缺失");
        assertThat(document.getElementsByTagName("keywords").getLength()).isZero();
    }

    @Test
    void jsonListIsTopLevelArray() {
        JsonArray json = new JsonArray(services().toJson());

        JsonObject service = json.getJsonObject(0);
        assertThat(service.getString("service_code")).isEqualTo("E0201");
        assertThat(service.getBoolean("metadata")).isFalse();
        assertThat(service.containsKey("keywords")).isFalse();
    }

    @Test
    void nestedListsBecomeWrappedElements() throws Exception {
        Open311Document document = new Open311Document("discovery", new Open311Document.Fields()
                .put("formats", new Open311Document.Items("format", List.of("text/xml", "application/json"))));

        assertThat(new JsonObject(document.toJson()).getJsonArray("formats")).containsExactly("text/xml",
                "application/json");
        Document xml = parse(document.toXml());
        assertThat(xml.getElementsByTagName("formats").getLength()).isEqualTo(1);
        assertThat(xml.getElementsByTagName("format").getLength()).isEqualTo(2);
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() throws Exception {
        String text = "a\u0001b\uD800c\uFFFEd\uD83D\uDE00e\n";
        Open311Document document = new Open311Document("errors", new Open311Document.Items("error",
                List.of(new Open311Document.Fields().put("description", text))));

        String parsed = parse(document.toXml()).getElementsByTagName("description").item(0).getTextContent();

        assertThat(parsed).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uD83D\uDE00e\n");
    }

    @Test
    void validTextIsReturnedUnchanged() {
        String text = "停水 since 9:00\t\r\n😀";

        assertThat(Open311Document.xmlSafe(text)).isSameAs(text);
    }
}
