package io.yikou.channels.voice;

import static org.assertj.core.api.Assertions.assertThat;

import io.yikou.channels.voice.ami.AmiClient;
import io.yikou.channels.voice.ami.AmiException;
import io.yikou.channels.voice.contact.VoiceOutcome;
import io.yikou.core.http.ApiException;
import io.yikou.core.i18n.Messages;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Labels and errors supervisors and agents read about the phone system, in Chinese and English. */
class VoiceLabelsTest {

    private final Messages messages = Messages.core();

    @Test
    void reconnectingShowsAmiReconnecting() {
        for (AmiClient.State state : new AmiClient.State[] {AmiClient.State.CONNECTING, AmiClient.State.AUTHENTICATING,
            AmiClient.State.RECONNECTING}) {
            assertThat(messages.get(Messages.CHINESE, VoiceApi.label(state))).as(state.name()).isEqualTo("AMI 重连中");
        }
        assertThat(messages.get(Messages.CHINESE, VoiceApi.label(AmiClient.State.CONNECTED))).isEqualTo("交换机已连接");
        assertThat(messages.get(Messages.ENGLISH, VoiceApi.label(AmiClient.State.LOGIN_REJECTED)))
                .isEqualTo("AMI login rejected; check the account and secret");
    }

    @Test
    void everyOutcomeHasLabels() {
        for (VoiceOutcome outcome : VoiceOutcome.values()) {
            String key = "voice.outcome." + outcome.code();
            assertThat(messages.has(key)).as(key).isTrue();
            assertThat(messages.get(Locale.ENGLISH, key)).as(key).isNotEqualTo(key);
        }
        assertThat(messages.get(Messages.CHINESE, "voice.outcome.interrupted")).isEqualTo("通话因交换机重启中断");
    }

    @Test
    void rejectionCarriesAsteriskReason() {
        ApiException error = (ApiException) VoiceApi.toApi(
                new AmiException.ActionRejected("QueueRemove", "Member not dynamic"));
        assertThat(error.status()).isEqualTo(409);
        assertThat(messages.get(Messages.CHINESE, error.messageKey(), error.args().toArray()))
                .isEqualTo("交换机拒绝了操作 QueueRemove：Member not dynamic");
        assertThat(((ApiException) VoiceApi.toApi(new AmiException.NotConnected("down"))).status()).isEqualTo(503);
        assertThat(((ApiException) VoiceApi.toApi(new AmiException.Timeout("Originate", 10_000))).status())
                .isEqualTo(504);
    }
}
