package io.detsim.scenario.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detsim.sim.fault.Durations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario from JSON. Every field is checked, unknown fields are refused (a typo must not
 * silently fall back to a default), and every error names the field. Durations are strings with a
 * unit ({@code "500ms"}, {@code "10s"}); omitted workload fields take {@link Workload#defaults()}.
 * {@link #toJson} writes the same format back, so a run's scenario is saved with its result.
 */
public final class ScenarioParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> TOP = Set.of("name", "description", "servers", "clients",
            "workload", "faults", "script", "chaos", "heal", "livenessBound", "completedOpsMin",
            "system", "members", "snapshotEvery");
    private static final Set<String> WORKLOAD = Set.of("opsPerClient", "keys", "reads",
            "staleReads", "cas", "thinkMax", "opTimeout", "retryInterval", "leaseReads");
    private static final Set<String> FAULTS = Set.of("base", "network", "disk", "clock",
            "nemesis");
    private static final Set<String> NEMESIS = Set.of("kinds", "interval", "durationMax");
    private static final Set<String> STEP = Set.of("action", "start", "every", "for", "on",
            "chance", "delayMax");

    private ScenarioParser() {}

    /**
     * @param source where the text came from, for error messages
     * @throws IllegalArgumentException naming the source and the field at fault
     */
    public static Scenario parse(String text, String source) {
        try {
            JsonNode root = JSON.readTree(text);
            return scenario(object(root, "the scenario"));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Scenario scenario(ObjectNode node) {
        known(node, TOP, "");
        Workload defaults = Workload.defaults();
        return new Scenario(text(node, "name", ""), text(node, "description", ""),
                integer(node, "servers", 5), integer(node, "clients", 4),
                node.has("workload") ? workload(object(node.get("workload"), "workload"),
                        defaults) : defaults,
                node.has("faults") ? faults(object(node.get("faults"), "faults"))
                        : FaultSpec.swarm(),
                script(node.get("script")), duration(node, "chaos", "10s"),
                duration(node, "heal", "10s"), duration(node, "livenessBound", "5s"),
                integer(node, "completedOpsMin", 50),
                node.has("system") ? text(node, "system", "") : "raft",
                integer(node, "members", integer(node, "servers", 5)),
                integer(node, "snapshotEvery", 0));
    }

    private static Workload workload(ObjectNode node, Workload d) {
        known(node, WORKLOAD, "workload.");
        return new Workload(integer(node, "opsPerClient", d.opsPerClient(), "workload."),
                integer(node, "keys", d.keyCount(), "workload."),
                number(node, "reads", d.readShare()), number(node, "staleReads",
                        d.staleReadShare()), number(node, "cas", d.casShare()),
                duration(node, "thinkMax", Durations.format(d.thinkNanosMax()), "workload."),
                duration(node, "opTimeout", Durations.format(d.opTimeoutNanos()), "workload."),
                duration(node, "retryInterval", Durations.format(d.retryIntervalNanos()),
                        "workload."), number(node, "leaseReads", d.leaseReadShare()));
    }

    private static FaultSpec faults(ObjectNode node) {
        known(node, FAULTS, "faults.");
        NemesisSpec nemesis = null;
        if (node.has("nemesis")) {
            ObjectNode n = object(node.get("nemesis"), "faults.nemesis");
            known(n, NEMESIS, "faults.nemesis.");
            List<String> kinds = new ArrayList<>();
            JsonNode list = n.get("kinds");
            if (list == null || !list.isArray()) {
                throw new IllegalArgumentException("faults.nemesis.kinds must be a list, e.g. "
                        + "[\"crash\", \"partition\"]");
            }
            for (JsonNode kind : list) {
                kinds.add(kind.asText());
            }
            nemesis = new NemesisSpec(kinds, duration(n, "interval", "500ms", "faults.nemesis."),
                    duration(n, "durationMax", "2s", "faults.nemesis."));
        }
        return new FaultSpec(text(node, "base", "faults."), optionalText(node, "network"),
                optionalText(node, "disk"), optionalText(node, "clock"), nemesis);
    }

    private static List<ScriptStep> script(JsonNode node) {
        List<ScriptStep> steps = new ArrayList<>();
        if (node == null) {
            return steps;
        }
        if (!(node instanceof ArrayNode array)) {
            throw new IllegalArgumentException("script must be a list of steps");
        }
        for (JsonNode element : array) {
            ObjectNode step = object(element, "script step");
            known(step, STEP, "script.");
            String on = optionalText(step, "on");
            if (on == null) {
                steps.add(ScriptStep.every(text(step, "action", "script."), duration(step,
                        "start", "1s", "script."), duration(step, "every", null, "script."),
                        duration(step, "for", null, "script.")));
            } else {
                steps.add(new ScriptStep(text(step, "action", "script."), 0, 0,
                        duration(step, "for", null, "script."), on,
                        number(step, "chance", 1.0, "script."),
                        duration(step, "delayMax", "0ns", "script.")));
            }
        }
        return steps;
    }

    /** The scenario as JSON in the format {@link #parse} reads. */
    public static String toJson(Scenario s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("name", s.name());
        root.put("description", s.description());
        root.put("servers", s.servers());
        root.put("clients", s.clients());
        ObjectNode w = root.putObject("workload");
        Workload workload = s.workload();
        w.put("opsPerClient", workload.opsPerClient());
        w.put("keys", workload.keyCount());
        w.put("reads", workload.readShare());
        w.put("staleReads", workload.staleReadShare());
        w.put("leaseReads", workload.leaseReadShare());
        w.put("cas", workload.casShare());
        w.put("thinkMax", Durations.formatExact(workload.thinkNanosMax()));
        w.put("opTimeout", Durations.formatExact(workload.opTimeoutNanos()));
        w.put("retryInterval", Durations.formatExact(workload.retryIntervalNanos()));
        ObjectNode f = root.putObject("faults");
        FaultSpec faults = s.faults();
        f.put("base", faults.base());
        putIfSet(f, "network", faults.network());
        putIfSet(f, "disk", faults.disk());
        putIfSet(f, "clock", faults.clock());
        if (faults.nemesis() != null) {
            ObjectNode n = f.putObject("nemesis");
            ArrayNode kinds = n.putArray("kinds");
            faults.nemesis().kinds().forEach(kinds::add);
            n.put("interval", Durations.formatExact(faults.nemesis().intervalNanosMean()));
            n.put("durationMax", Durations.formatExact(faults.nemesis().durationNanosMax()));
        }
        ArrayNode script = root.putArray("script");
        for (ScriptStep step : s.script()) {
            ObjectNode st = script.addObject();
            st.put("action", step.action());
            if (step.triggered()) {
                st.put("on", step.on());
                st.put("chance", step.chance());
                st.put("delayMax", Durations.formatExact(step.delayNanosMax()));
            } else {
                st.put("start", Durations.formatExact(step.startNanos()));
                st.put("every", Durations.formatExact(step.everyNanos()));
            }
            st.put("for", Durations.formatExact(step.forNanos()));
        }
        root.put("chaos", Durations.formatExact(s.chaosNanos()));
        root.put("heal", Durations.formatExact(s.healNanos()));
        root.put("livenessBound", Durations.formatExact(s.livenessBoundNanos()));
        root.put("completedOpsMin", s.completedOpsMin());
        root.put("system", s.system());
        root.put("members", s.members());
        root.put("snapshotEvery", s.snapshotEvery());
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values did not serialize", e);
        }
    }

    // ---- field readers: each names the field in its error ----

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static ObjectNode object(JsonNode node, String what) {
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return object;
    }

    private static void known(ObjectNode node, Set<String> fields, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!fields.contains(field)) {
                throw new IllegalArgumentException("unknown field '" + prefix + field
                        + "' (known: " + String.join(", ", fields.stream().sorted().toList())
                        + ")");
            }
        }
    }

    private static String text(ObjectNode node, String field, String prefix) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException((prefix == null ? "" : prefix) + field
                    + " is missing or not a string");
        }
        return value.asText();
    }

    private static String optionalText(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }

    private static int integer(ObjectNode node, String field, int fallback) {
        return integer(node, field, fallback, "");
    }

    private static int integer(ObjectNode node, String field, int fallback, String prefix) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isInt()) {
            throw new IllegalArgumentException(prefix + field + " must be a whole number, was "
                    + value);
        }
        return value.asInt();
    }

    private static double number(ObjectNode node, String field, double fallback) {
        return number(node, field, fallback, "workload.");
    }

    private static double number(ObjectNode node, String field, double fallback, String prefix) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new IllegalArgumentException(prefix + field + " must be a number, was "
                    + value);
        }
        return value.asDouble();
    }


    private static long duration(ObjectNode node, String field, String fallback) {
        return duration(node, field, fallback, "");
    }

    private static long duration(ObjectNode node, String field, String fallback, String prefix) {
        JsonNode value = node.get(field);
        if (value == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(prefix + field + " is missing");
            }
            return Durations.parseNanos(fallback);
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(prefix + field
                    + " must be a duration string such as \"500ms\" or \"10s\", was " + value);
        }
        try {
            return Durations.parseNanos(value.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + field + ": " + e.getMessage(), e);
        }
    }
}
