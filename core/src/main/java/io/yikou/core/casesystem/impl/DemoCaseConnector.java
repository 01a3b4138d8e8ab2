package io.yikou.core.casesystem.impl;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.yikou.core.casesystem.CaseConnector;
import io.yikou.core.casesystem.CaseReceipt;
import io.yikou.core.casesystem.CaseRequest;
import io.yikou.core.redis.RedisConnector;
import io.yikou.core.redis.RedisScript;

/**
 * A stand-in case system inside the server, so Yikou can be tried end to end without one: it
 * accepts every ticket and assigns ids such as {@code DEMO-000001}, one per ticket number however
 * often it is sent. Selected by {@code case-system.type: demo}, the default.
 */
public final class DemoCaseConnector implements CaseConnector {

    private static final RedisScript ASSIGN = RedisScript.load(DemoCaseConnector.class,
            "/io/yikou/core/casesystem/demo-assign.lua");

    private final RedisConnector redis;

    public DemoCaseConnector(RedisConnector redis) {
        this.redis = redis;
    }

    @Override
    public String type() {
        return "demo";
    }

    @Override
    public Future<CaseReceipt> submit(CaseRequest request) {
        String[] keys = {"{yk}:demo-cases", "{yk}:demo-cases:seq"};
        return ASSIGN.<String>run(redis, ScriptOutputType.VALUE, keys, request.ticketNumber())
                .map(id -> new CaseReceipt(id, null, "演示案件系统已接收"));
    }
}
