package io.yikou.channels.webform.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A GeoReport v2 response, written as XML or as the JSON the spec derives from it.
 *
 * <p>The body is either a {@link Fields} object or an {@link Items} list. In XML the document's
 * root element wraps it and each list item becomes an element named after the list's item name,
 * so {@code services} contains {@code service} elements. In JSON a list is an array and an object an
 * object, and element names disappear. Values are strings, numbers, booleans, nested fields or
 * lists; {@code null} values are left out.
 *
 * @param root name of the XML root element
 * @param body the fields or list inside it
 */
record Open311Document(String root, Object body) {

    private static final XMLOutputFactory XML_OUTPUT = XMLOutputFactory.newFactory();

    /** An ordered set of named values. */
    static final class Fields {

        private final Map<String, Object> values = new LinkedHashMap<>();

        /** Adds a value unless it is {@code null}. */
        Fields put(String name, Object value) {
            if (value != null) {
                values.put(name, value);
            }
            return this;
        }

        Map<String, Object> values() {
            return values;
        }
    }

    /**
     * A list whose XML items are elements named {@code itemName}.
     *
     * @param itemName element name of each item in XML, such as {@code service}
     * @param items    the items: fields or plain values
     */
    record Items(String itemName, List<?> items) {

        Items {
            items = new ArrayList<>(items);
        }
    }

    /** Writes the document in the given format. */
    String write(Open311Format format) {
        return format == Open311Format.XML ? toXml() : toJson();
    }

    String toJson() {
        Object json = json(body);
        return json instanceof JsonArray array ? array.encode() : ((JsonObject) json).encode();
    }

    private static Object json(Object value) {
        if (value instanceof Fields fields) {
            JsonObject object = new JsonObject();
            fields.values().forEach((name, item) -> object.put(name, json(item)));
            return object;
        }
        if (value instanceof Items items) {
            JsonArray array = new JsonArray();
            items.items().forEach(item -> array.add(json(item)));
            return array;
        }
        return value;
    }

    /** Writes UTF-8 XML with a declaration and no namespace, as the spec shows. */
    String toXml() {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XML_OUTPUT.createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement(root);
            writeXmlContent(xml, body);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write Open311 XML for <" + root + ">", e);
        }
        return out.toString();
    }

    private static void writeXmlContent(XMLStreamWriter xml, Object value) throws XMLStreamException {
        if (value instanceof Fields fields) {
            for (Map.Entry<String, Object> field : fields.values().entrySet()) {
                xml.writeStartElement(field.getKey());
                writeXmlContent(xml, field.getValue());
                xml.writeEndElement();
            }
        } else if (value instanceof Items items) {
            for (Object item : items.items()) {
                xml.writeStartElement(items.itemName());
                writeXmlContent(xml, item);
                xml.writeEndElement();
            }
        } else {
            xml.writeCharacters(xmlSafe(String.valueOf(value)));
        }
    }

    /**
     * Replaces characters XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/U+FFFF)
     * with U+FFFD, because the stream writer escapes markup but passes those through.
     */
    static String xmlSafe(String text) {
        StringBuilder safe = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean valid;
            if (Character.isHighSurrogate(c)) {
                valid = i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
                if (valid) {
                    if (safe != null) {
                        safe.append(c).append(text.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else if (Character.isLowSurrogate(c)) {
                valid = false;
            } else {
                valid = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
            }
            if (!valid && safe == null) {
                safe = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (safe != null) {
                safe.append(valid ? c : '\uFFFD');
            }
        }
        return safe == null ? text : safe.toString();
    }
}
