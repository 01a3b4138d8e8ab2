package io.yikou.channels.wechat.xml;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses WeChat's flat callback XML into field names and texts, refusing anything WeChat never sends.
 *
 * <p>Before any parser sees the text, the prolog is scanned and a document type declaration is
 * rejected, so no DTD, external entity or entity expansion (billion laughs) can take effect. The
 * StAX parser is configured without DTD support and without external entities as a second line.
 * Only the five predefined XML entities and character references are accepted. Used for plaintext
 * bodies and again for the decrypted payload of safe mode. Thread-safe.
 */
public final class SafeXml {

    private static final int MAX_DEPTH = 8;
    private static final int MAX_ELEMENTS = 512;

    private static final XMLInputFactory FACTORY = createFactory();

    private SafeXml() {
    }

    private static XMLInputFactory createFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
            throw new XMLStreamException("external entity " + systemId + " rejected");
        });
        return factory;
    }

    /**
     * Returns the root's child elements as {@code name -> text}; nested elements appear as
     * {@code Parent.Child}. The first of repeated elements wins.
     *
     * @throws UnsafeXmlException for a DTD, an entity other than the predefined ones, malformed XML,
     *                            or more than 8 levels or 512 elements
     */
    public static Map<String, String> parseFields(String xml) {
        String text = xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
        rejectDoctype(text);
        Map<String, String> fields = new LinkedHashMap<>();
        XMLStreamReader reader = null;
        try {
            reader = FACTORY.createXMLStreamReader(new StringReader(text));
            Deque<String> path = new ArrayDeque<>();
            StringBuilder content = new StringBuilder();
            int elements = 0;
            boolean rootSeen = false;
            while (reader.hasNext()) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_DECLARATION,
                         XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.NOTATION_DECLARATION ->
                            throw new UnsafeXmlException("document type declarations and entities are not accepted");
                    case XMLStreamConstants.START_ELEMENT -> {
                        if (path.isEmpty() && rootSeen) {
                            throw new UnsafeXmlException("more than one root element");
                        }
                        rootSeen = true;
                        if (++elements > MAX_ELEMENTS) {
                            throw new UnsafeXmlException("more than " + MAX_ELEMENTS + " elements");
                        }
                        path.addLast(reader.getLocalName());
                        if (path.size() > MAX_DEPTH) {
                            throw new UnsafeXmlException("elements nested deeper than " + MAX_DEPTH);
                        }
                        content.setLength(0);
                    }
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            content.append(reader.getText());
                    case XMLStreamConstants.END_ELEMENT -> {
                        if (path.size() > 1) {
                            String name = String.join(".", path).substring(path.peekFirst().length() + 1);
                            fields.putIfAbsent(name, content.toString());
                        }
                        path.removeLast();
                        content.setLength(0);
                    }
                    default -> {
                        // Comments, processing instructions and the document end carry no fields.
                    }
                }
            }
            if (!rootSeen) {
                throw new UnsafeXmlException("no root element");
            }
        } catch (XMLStreamException e) {
            throw new UnsafeXmlException("malformed XML: " + firstLine(e.getMessage()));
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // Closing a reader over a string frees nothing that could fail.
                }
            }
        }
        return fields;
    }

    /**
     * Scans the prolog (XML declaration, comments, processing instructions, whitespace) up to the
     * root element and rejects a {@code <!DOCTYPE}. Declarations can only appear there, so text such
     * as {@code <!DOCTYPE} inside a message's CDATA stays allowed.
     */
    static void rejectDoctype(String text) {
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '<') {
                throw new UnsafeXmlException("text before the root element");
            }
            if (text.startsWith("<?", i)) {
                int end = text.indexOf("?>", i + 2);
                if (end < 0) {
                    throw new UnsafeXmlException("unterminated processing instruction");
                }
                i = end + 2;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                if (end < 0) {
                    throw new UnsafeXmlException("unterminated comment");
                }
                i = end + 3;
            } else if (text.startsWith("<!", i)) {
                throw new UnsafeXmlException("document type declarations are not accepted");
            } else {
                return;
            }
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
