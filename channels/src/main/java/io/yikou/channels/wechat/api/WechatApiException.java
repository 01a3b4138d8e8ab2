package io.yikou.channels.wechat.api;

/**
 * Raised when a WeChat API call gets no usable answer: a timeout, a connection failure, an HTTP
 * error status or a body that is not JSON.
 */
public final class WechatApiException extends RuntimeException {

    private final int httpStatus;
    private final boolean timeout;

    public WechatApiException(String message, int httpStatus, boolean timeout) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.timeout = timeout;
    }

    /** HTTP status of the answer, or 0 when none arrived. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Tells whether the request timed out, so it may have been carried out. */
    public boolean timeout() {
        return timeout;
    }

    /** Tells whether WeChat certainly did not carry out the request, so resending cannot duplicate it. */
    public boolean safeToRetry() {
        return !timeout && (httpStatus == 0 || httpStatus >= 500);
    }
}
