package io.yikou.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.yikou.core.agent.AgentProfile;
import io.yikou.core.config.ConfigReader;
import io.yikou.core.config.ConfigSource;
import io.yikou.core.http.StaffAuth.Role;
import io.yikou.core.http.StaffPrincipal;
import io.yikou.core.module.ModuleContext;
import io.yikou.core.push.PushPublisher;
import io.yikou.core.routing.impl.AcdStore;
import io.yikou.core.staff.ActiveSession;
import io.yikou.core.staff.SessionStaffAuth;
import io.yikou.core.staff.StaffAccounts;
import io.yikou.core.staff.StaffOptions;
import io.yikou.testkit.Await;
import io.yikou.testkit.CoreServices;
import io.yikou.testkit.MutableClock;
import io.yikou.testkit.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end of an agent's staff session (logout, expiry) as the ACD module handles it on a node with staff sessions. */
class AcdSessionEndIT {

    private static final String PASSWORD = "Correct-Horse-Battery-9";

    @RegisterExtension
    final RedisExtension redisServer = new RedisExtension();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T02:00:00Z"));
    private final List<JsonObject> voiceRequests = new CopyOnWriteArrayList<>();
    private CoreServices core;
    private SessionStaffAuth auth;
    private AcdModule module;
    private AcdService acd;
    private MessageConsumer<JsonObject> voice;
    private String agentId;
    private StaffPrincipal agent;

    @BeforeEach
    void start() throws Exception {
        core = CoreServices.start(redisServer.url(), "", Map.of(), clock);
        StaffOptions defaults = StaffOptions.defaults();
        StaffOptions options = new StaffOptions(defaults.idleTimeout(), defaults.absoluteTimeout(), "Strict",
                defaults.trustedProxies(), 5, 50, defaults.failureWindow(), 10, 8 * 1024, 1, "admin",
                Optional.empty(), defaults.auditRetention());
        auth = SessionStaffAuth.create(core.vertx(), core.redis(), options, clock, "service-token-for-tests");
        ModuleContext c = core.context();
        ModuleContext context = new ModuleContext(c.vertx(), c.config(), c.redis(), c.tickets(), c.contacts(),
                c.citizens(), c.intake(), c.categories(), c.grid(), c.attachments(), auth, c.errors(), c.messages(),
                c.clock(), c.nodeId());
        AcdProvider provider = new AcdProvider();
        ConfigReader reader = new ConfigReader(ConfigSource.fromTree(ConfigSource.parseYaml(""), "test", Map.of(),
                AcdOptions.envOverrides()));
        provider.readOptions(reader);
        module = (AcdModule) provider.create(context);
        Await.result(module.start());

        acd = new AcdService(core.vertx(), new AcdStore(core.redis(), clock, AcdOptions.defaults().zone()),
                AcdOptions.defaults(), new PushPublisher(core.redis()),
                userId -> Future.succeededFuture(Optional.of(new AcdService.Person(userId, userId, userId))));
        JsonObject queue = new JsonObject().put("id", "wechat").put("name", "微信").put("order", 10)
                .put("requiredSkills", new JsonArray().add("channel:wechat"));
        Await.result(acd.saveQueue(QueueDefinition.fromRequest(null, queue, new ArrayList<>()), true));
        agentId = Await.result(auth.accounts().create(StaffPrincipal.system("test"),
                new StaffAccounts.NewUser("acd.agent", "坐席甲", Role.AGENT, PASSWORD), null)).id();
        Await.result(acd.saveProfile(new AgentProfile(agentId, List.of("channel:wechat"), null, "PJSIP/1001",
                List.of("96010-general"), 0)));
        agent = login();
        voice = core.vertx().eventBus().localConsumer("voice.member", message -> {
            voiceRequests.add(message.body());
            message.reply(new JsonObject().put("ok", true));
        });
    }

    @AfterEach
    void stop() throws Exception {
        Await.result(voice.unregister());
        Await.result(module.stop());
        core.close();
    }

    private StaffPrincipal login() {
        String token = Await.result(auth.logins().login("acd.agent", PASSWORD, "127.0.0.1", Optional.empty())).token();
        ActiveSession session = Await.result(auth.sessions().touch(token)).orElseThrow();
        return new StaffPrincipal(StaffPrincipal.Kind.PERSON, session.user().id(), session.user().username(),
                session.user().displayName(), session.user().role(), session.id());
    }

    private JsonObject state() {
        return Await.result(acd.agentJson(agentId));
    }

    /** Puts one conversation into the queue and lets the agent accept it. */
    private void assignChat() {
        Await.result(acd.enqueue(new AcdService.Entry("V-1", "wechat", "CIT-1", false, "zh", null, "路灯不亮", null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Await.result(acd.offersOf(agentId)).size() == 1);
        Await.result(acd.accept("V-1", agentId));
    }

    @Test
    void logoutLogsAgentOut() {
        Await.result(acd.setPresence(agentId, "ready", null));
        voiceRequests.clear();

        Await.result(auth.logins().logout(agent, "127.0.0.1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "logged_out".equals(state().getString("presence")));
        assertThat(state().getString("state")).isEqualTo("logged_out");
        await().atMost(Duration.ofSeconds(10)).until(() -> !voiceRequests.isEmpty());
        assertThat(voiceRequests).extracting(r -> r.getString("action")).containsExactly("remove");
        assertThat(voiceRequests.get(0).getString("interface")).isEqualTo("PJSIP/1001");
    }

    @Test
    void logoutWithChatSetsNotReady() {
        Await.result(acd.setPresence(agentId, "ready", null));
        assignChat();
        voiceRequests.clear();

        Await.result(auth.logins().logout(agent, "127.0.0.1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> "not_ready".equals(state().getString("presence")));
        JsonObject after = state();
        assertThat(after.getString("reason")).isEqualTo(AcdOptions.SESSION_ENDED);
        assertThat(after.getJsonObject("chats").getInteger("active")).isEqualTo(1);
        assertThat(Await.result(acd.store().routing("V-1")).orElseThrow()).containsEntry("status", "assigned")
                .containsEntry("agent", agentId);
        await().atMost(Duration.ofSeconds(10)).until(() -> !voiceRequests.isEmpty());
        assertThat(voiceRequests).extracting(r -> r.getString("action")).containsExactly("pause");
        assertThat(voiceRequests.get(0).getString("reason")).isEqualTo(AcdOptions.SESSION_ENDED);
    }

    @Test
    void otherLiveSessionKeepsAgentIn() {
        Await.result(acd.setPresence(agentId, "ready", null));
        login();

        Await.result(auth.logins().logout(agent, "127.0.0.1"));
        Await.result(module.checkSessions());

        assertThat(state().getString("presence")).isEqualTo("ready");
    }

    @Test
    void expiredSessionLogsAgentOut() {
        Await.result(acd.setPresence(agentId, "not_ready", "lunch"));
        Await.result(module.checkSessions());
        assertThat(state().getString("presence")).isEqualTo("not_ready");

        clock.advance(auth.options().idleTimeout().plusSeconds(1));
        Await.result(module.checkSessions());

        assertThat(state().getString("presence")).isEqualTo("logged_out");
    }
}
