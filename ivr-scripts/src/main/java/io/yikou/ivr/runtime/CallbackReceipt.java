package io.yikou.ivr.runtime;

/**
 * The recorded callback request.
 *
 * @param requestId the request's id, handed to the dialplan as {@code YIKOU_CALLBACK_ID}
 * @param position  how many callbacks and callers are ahead of it plus one, read to the caller
 */
public record CallbackReceipt(String requestId, int position) {
}
