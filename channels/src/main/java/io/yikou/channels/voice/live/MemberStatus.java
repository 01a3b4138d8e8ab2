package io.yikou.channels.voice.live;

/**
 * A queue member's device state as app_queue reports it in {@code Status}: the numeric codes are
 * Asterisk's {@code ast_device_state} values.
 */
public enum MemberStatus {
    UNKNOWN(0, "未知"),
    NOT_IN_USE(1, "空闲"),
    IN_USE(2, "通话中"),
    BUSY(3, "忙"),
    INVALID(4, "无效"),
    UNAVAILABLE(5, "不可用"),
    RINGING(6, "振铃中"),
    RING_IN_USE(7, "通话中振铃"),
    ON_HOLD(8, "保持");

    private final int code;
    private final String chineseName;

    MemberStatus(int code, String chineseName) {
        this.code = code;
        this.chineseName = chineseName;
    }

    public int code() {
        return code;
    }

    /** The wallboard label, such as 空闲. */
    public String chineseName() {
        return chineseName;
    }

    /** Maps Asterisk's numeric status; an unknown number maps to {@link #UNKNOWN}. */
    public static MemberStatus fromCode(int code) {
        for (MemberStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
