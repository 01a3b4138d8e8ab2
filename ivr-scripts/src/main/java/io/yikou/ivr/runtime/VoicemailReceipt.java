package io.yikou.ivr.runtime;

/** The ticket a voicemail became. */
public record VoicemailReceipt(String ticketNumber) {
}
