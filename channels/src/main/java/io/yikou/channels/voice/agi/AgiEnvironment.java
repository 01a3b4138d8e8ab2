package io.yikou.channels.voice.agi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code agi_*} block Asterisk sends when a FastAGI session opens. Immutable.
 */
public final class AgiEnvironment {

    private final Map<String, String> variables;

    public AgiEnvironment(Map<String, String> variables) {
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    /** Returns a variable such as {@code agi_channel}, or {@code null}. */
    public String get(String name) {
        return variables.get(name);
    }

    public Map<String, String> variables() {
        return variables;
    }

    /**
     * Returns the script the dialplan asked for: the path of {@code agi://host:4573/<script>} without
     * its leading slash and query string, or an empty string.
     */
    public String script() {
        String script = variables.getOrDefault("agi_network_script", "");
        int query = script.indexOf('?');
        if (query >= 0) {
            script = script.substring(0, query);
        }
        while (script.startsWith("/")) {
            script = script.substring(1);
        }
        return script;
    }

    public String channel() {
        return variables.getOrDefault("agi_channel", "");
    }

    public String uniqueid() {
        return variables.get("agi_uniqueid");
    }

    /** Caller id number, {@code null} when Asterisk reports it unknown. */
    public String callerNumber() {
        return known(variables.get("agi_callerid"));
    }

    public String callerName() {
        return known(variables.get("agi_calleridname"));
    }

    /** The dialled number: {@code agi_dnid} when the trunk sent one, else the extension. */
    public String dialledNumber() {
        String dnid = known(variables.get("agi_dnid"));
        return dnid != null ? dnid : known(variables.get("agi_extension"));
    }

    public String language() {
        return variables.getOrDefault("agi_language", "");
    }

    /** The dialplan arguments {@code agi_arg_1} to {@code agi_arg_N}. */
    public List<String> arguments() {
        List<String> args = new ArrayList<>();
        for (int i = 1; variables.containsKey("agi_arg_" + i); i++) {
            args.add(variables.get("agi_arg_" + i));
        }
        return args;
    }

    /** Tells whether the block has what every FastAGI session carries. */
    public boolean isComplete() {
        return variables.containsKey("agi_request") && variables.containsKey("agi_channel");
    }

    private static String known(String value) {
        // Protocol fact: Asterisk writes "unknown" for absent caller id, DNID and RDNIS.
        return value == null || value.isEmpty() || value.equals("unknown") ? null : value;
    }
}
