package io.detsim.check.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.detsim.check.edn.Keyword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON twin of the EDN history form: an array of op objects
 * ({@code {"index":0,"process":0,"type":"invoke","f":"read","key":null,"value":null,"time":5}}).
 * Values map to JSON directly where JSON can say them (nil, numbers, strings, booleans, vectors);
 * EDN-only values are wrapped so that a round trip gives equal values: {@code {"keyword":"x"}},
 * {@code {"map":[[k,v],...]}}, {@code {"set":[...]}}.
 */
public final class HistoryJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private HistoryJson() {}

    public static String write(History history) {
        ArrayNode array = NODES.arrayNode();
        for (Op op : history.ops()) {
            ObjectNode node = array.addObject();
            node.put("index", op.index());
            node.put("process", op.process());
            node.put("type", op.type().jepsenName());
            node.put("f", op.f());
            if (op.key() != null) {
                node.set("key", toJson(op.key()));
            }
            node.set("value", toJson(op.value()));
            if (op.timeNanos() != Op.TIME_UNKNOWN) {
                node.put("time", op.timeNanos());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write history JSON", e);
        }
    }

    public static History read(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HistoryException(source + ": line " + e.getLocation().getLineNr()
                    + ": not JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new HistoryException(source + ": expected a JSON array of ops");
        }
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            Op op = toOp(root.get(i), ops.size(), source + ": op " + i);
            if (op != null) {
                ops.add(op);
            }
        }
        return new History(ops, source);
    }

    private static Op toOp(JsonNode node, long index, String where) {
        if (!node.isObject()) {
            throw new HistoryException(where + ": expected an op object");
        }
        JsonNode process = node.get("process");
        if (process != null && process.isTextual()) {
            return null;
        }
        if (process == null || !process.canConvertToLong() || !process.isIntegralNumber()) {
            throw new HistoryException(where + ": \"process\" must be an integer");
        }
        JsonNode type = node.get("type");
        OpType opType = type == null ? null : OpType.fromJepsenName(type.asText());
        if (opType == null) {
            throw new HistoryException(where + ": \"type\" must be invoke, ok, fail or info");
        }
        JsonNode f = node.get("f");
        if (f == null || !f.isTextual() || f.asText().isEmpty()) {
            throw new HistoryException(where + ": \"f\" must be a non-empty string");
        }
        JsonNode time = node.get("time");
        long timeNanos = time != null && time.isIntegralNumber() ? time.asLong() : Op.TIME_UNKNOWN;
        return new Op(index, process.asLong(), opType, f.asText(), fromJson(node.get("key"), where),
                fromJson(node.get("value"), where), timeNanos);
    }

    static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Boolean b -> NODES.booleanNode(b);
            case Long n -> NODES.numberNode(n);
            case Integer n -> NODES.numberNode(n.longValue());
            case BigInteger n -> NODES.numberNode(n);
            case Double d -> NODES.numberNode(d);
            case BigDecimal d -> NODES.numberNode(d);
            case String s -> NODES.textNode(s);
            case Keyword k -> NODES.objectNode().put("keyword", k.name());
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode();
                list.forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case Set<?> set -> {
                ArrayNode array = NODES.arrayNode();
                set.forEach(item -> array.add(toJson(item)));
                yield NODES.objectNode().set("set", array);
            }
            case Map<?, ?> map -> {
                ArrayNode pairs = NODES.arrayNode();
                map.forEach((k, v) -> pairs.addArray().add(toJson(k)).add(toJson(v)));
                yield NODES.objectNode().set("map", pairs);
            }
            default -> NODES.textNode(io.detsim.check.edn.EdnWriter.write(value));
        };
    }

    static Object fromJson(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.asLong() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.asDouble();
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>(node.size());
            node.forEach(item -> items.add(fromJson(item, where)));
            return Collections.unmodifiableList(items);
        }
        return fromWrapped(node, where);
    }

    private static Object fromWrapped(JsonNode node, String where) {
        Iterator<String> names = node.fieldNames();
        String name = names.hasNext() ? names.next() : "";
        if (names.hasNext()) {
            name = "";
        }
        switch (name) {
            case "keyword" -> {
                return Keyword.of(node.get("keyword").asText());
            }
            case "set" -> {
                Set<Object> set = new LinkedHashSet<>();
                node.get("set").forEach(item -> set.add(fromJson(item, where)));
                return Collections.unmodifiableSet(set);
            }
            case "map" -> {
                Map<Object, Object> map = new LinkedHashMap<>();
                for (JsonNode pair : node.get("map")) {
                    if (!pair.isArray() || pair.size() != 2) {
                        throw new HistoryException(where
                                + ": a \"map\" entry must be [key, value]");
                    }
                    map.put(fromJson(pair.get(0), where), fromJson(pair.get(1), where));
                }
                return Collections.unmodifiableMap(map);
            }
            default -> throw new HistoryException(where
                    + ": a JSON object value must be {\"keyword\":..}, {\"map\":..}"
                    + " or {\"set\":..}");
        }
    }
}
