package io.yikou.channels.weibo;

import io.yikou.channels.support.Datum;
import io.yikou.core.ticket.TicketType;

/**
 * One Weibo account with the fans service (粉丝服务平台) developer mode, as configured under
 * {@code weibo.accounts}.
 *
 * @param id                name in the callback URL {@code /channels/weibo/<id>}
 * @param uid               the account's Weibo uid; when set, pushes for another receiver are rejected
 * @param appSecret         the app secret that signs pushes (Weibo signs with it, not with a separate token)
 * @param accessToken       the developer-mode access token used for replies and media downloads
 * @param locationDatum     datum of position messages
 * @param mentionTicketType ticket type of tickets filed from @-mentions
 */
public record WeiboAccount(String id, String uid, String appSecret, String accessToken, Datum locationDatum,
                           TicketType mentionTicketType) {

    @Override
    public String toString() {
        return "WeiboAccount[" + id + "]";
    }
}
