package io.yikou.channels.wechat.xml;

/** Raised for XML that is malformed or uses features WeChat never sends (DTDs, entities). */
public final class UnsafeXmlException extends RuntimeException {

    public UnsafeXmlException(String message) {
        super(message, null, false, false);
    }
}
