package io.yikou.channels.voice.ivr;

/**
 * Facts about the call a flow serves.
 *
 * @param contactId     the call's voice contact, for tickets the flow creates (voicemail)
 * @param linkedid      Asterisk's id of the whole call
 * @param callerNumber  caller id number, or {@code null} when withheld
 * @param dialledNumber number the caller dialled
 * @param language      channel language Asterisk reported, such as {@code zh} or {@code en}
 */
public record IvrCall(String contactId, String linkedid, String callerNumber, String dialledNumber, String language) {
}
