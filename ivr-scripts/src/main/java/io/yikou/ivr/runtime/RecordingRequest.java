package io.yikou.ivr.runtime;

import java.time.Duration;

/**
 * Parameters of one {@code RECORD FILE} command.
 *
 * @param file         path without extension on the Asterisk host, for example
 *                     {@code /var/spool/asterisk/yikou-voicemail/1796416099.1-1796416123456}
 * @param format       file format and extension, such as {@code wav}
 * @param escapeDigits keys that end the recording
 * @param maxDuration  the recording stops after this long
 * @param silence      the recording stops after this much silence ({@code s=} option, whole seconds)
 * @param beep         play a beep before recording ({@code BEEP} option)
 */
public record RecordingRequest(String file, String format, String escapeDigits, Duration maxDuration,
                               Duration silence, boolean beep) {
}
