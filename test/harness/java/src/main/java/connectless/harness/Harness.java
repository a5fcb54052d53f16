package connectless.harness;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kafka Connect's own classes behind a JSON-lines protocol, for differential tests and benchmarks.
 *
 * <p>One request per line on stdin, one response per line on stdout, in order:
 * {@code {"id":1,"op":"json.roundtrip",...}} answers {@code {"id":1,"ok":true,...}} or
 * {@code {"id":1,"ok":false,"stage":"...","error":{"class":"...","message":"...","cause":...}}}.
 * Ops are looked up by name in {@link #OPS}; a new op (a transform, a predicate) is one more entry.
 *
 * <p>Connect values cross the wire in a typed form that keeps their Java class (see {@link Typed}):
 * {@code {"int32":5}}, {@code {"int64":"5"}}, {@code {"float64":"1.0E10"}}, {@code {"decimal":"1.50"}},
 * {@code {"bytes":"<base64>"}}, {@code {"date":"<epoch millis>"}}, {@code {"array":[...]}},
 * {@code {"map":[[k,v],...]}}, {@code {"struct":[[field,v],...],"schema":{...}}}; null, booleans and strings as
 * themselves. Schemas cross as {@code {"type":"INT32","optional":false,"name":null,...}} (see
 * {@link Schemas}).
 */
public final class Harness {
    /**
     * The protocol's own JSON: pure ASCII (\\uXXXX escapes, so a lone surrogate in a Java string survives
     * the trip) and no nesting limit (a described value nests twice as deep as the record).
     */
    static final ObjectMapper MAPPER = protocolMapper();

    private static ObjectMapper protocolMapper() {
        ObjectMapper mapper = new ObjectMapper().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(Integer.MAX_VALUE).maxStringLength(Integer.MAX_VALUE).maxNumberLength(Integer.MAX_VALUE).build());
        mapper.getFactory().setStreamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build());
        return mapper;
    }
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    interface Op {
        void run(JsonNode request, ObjectNode response) throws Exception;
    }

    /** Thrown by an op to name the stage of a failure (toConnect, fromConnect, ...). */
    static final class StageException extends Exception {
        final String stage;
        final ObjectNode partial;

        StageException(String stage, Throwable cause, ObjectNode partial) {
            super(cause);
            this.stage = stage;
            this.partial = partial;
        }
    }

    static final Map<String, Op> OPS = new LinkedHashMap<>();

    static {
        OPS.put("ping", (req, res) -> {
            res.put("kafkaVersion", new JsonConverter().version());
            res.put("javaVersion", System.getProperty("java.version"));
            ArrayNode ops = res.putArray("ops");
            OPS.keySet().forEach(ops::add);
        });
        OPS.put("json.toConnect", (req, res) -> {
            JsonConverter converter = JsonOps.converter(req);
            SchemaAndValue sv;
            try {
                sv = converter.toConnectData(JsonOps.topic(req), JsonOps.bytes(req.get("bytes")));
            } catch (Exception e) {
                throw new StageException("toConnect", e, null);
            }
            res.set("schema", Schemas.describe(sv.schema()));
            res.set("value", Typed.describe(sv.value()));
        });
        OPS.put("json.fromConnect", (req, res) -> {
            JsonConverter converter = JsonOps.converter(req);
            Schema schema = Schemas.parse(req.get("schema"));
            Object value = Typed.parse(schema, req.get("value"));
            byte[] out;
            try {
                out = converter.fromConnectData(JsonOps.topic(req), schema, value);
            } catch (Exception e) {
                throw new StageException("fromConnect", e, null);
            }
            res.set("bytes", JsonOps.base64(out));
        });
        OPS.put("json.roundtrip", (req, res) -> {
            JsonConverter converter = JsonOps.converter(req);
            String topic = JsonOps.topic(req);
            SchemaAndValue sv;
            try {
                sv = converter.toConnectData(topic, JsonOps.bytes(req.get("bytes")));
            } catch (Exception e) {
                throw new StageException("toConnect", e, null);
            }
            res.set("schema", Schemas.describe(sv.schema()));
            res.set("value", Typed.describe(sv.value()));
            res.set("envelope", JsonOps.envelope(topic, sv));
            byte[] out;
            try {
                out = converter.fromConnectData(topic, sv.schema(), sv.value());
            } catch (Exception e) {
                throw new StageException("fromConnect", e, res.deepCopy());
            }
            res.set("bytes", JsonOps.base64(out));
        });
        OPS.put("json.bench", (req, res) -> {
            // a fresh converter, as a new task would have: its caches start empty
            JsonConverter converter = new JsonConverter();
            converter.configure(JsonOps.configMap(req.get("config")), req.path("isKey").asBoolean(false));
            String topic = JsonOps.topic(req);
            List<byte[]> records = new ArrayList<>();
            for (JsonNode r : req.get("records")) records.add(JsonOps.bytes(r));
            int warmup = req.path("warmup").asInt(0);
            int count = req.path("count").asInt(records.size());
            long sink = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < warmup; i++) sink += JsonOps.cycle(converter, topic, records.get(i % records.size()));
            long t1 = System.nanoTime();
            long cpu1 = processCpuNanos();
            for (int i = 0; i < count; i++) sink += JsonOps.cycle(converter, topic, records.get(i % records.size()));
            long t2 = System.nanoTime();
            long cpu2 = processCpuNanos();
            res.put("warmupNanos", t1 - t0);
            res.put("count", count);
            res.put("nanos", t2 - t1);
            // the whole process's CPU (JIT and GC threads included), steadier than wall time on a busy machine
            res.put("cpuNanos", cpu2 - cpu1);
            res.put("bytesOut", sink);
        });
        TransformOps.register(OPS);
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
            ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime()
            : -1;
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        // Kafka's classes must not write on the protocol stream
        System.setOut(System.err);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) continue;
            ObjectNode response = handle(line);
            String text;
            try {
                text = MAPPER.writeValueAsString(response);
            } catch (Throwable e) {
                ObjectNode failure = NODES.objectNode();
                failure.set("id", response.get("id"));
                failure.put("ok", false);
                failure.put("stage", "protocol");
                failure.set("error", describeError(e));
                text = MAPPER.writeValueAsString(failure);
            }
            out.print(text);
            out.print('\n');
            out.flush();
        }
    }

    static ObjectNode handle(String line) {
        ObjectNode response = NODES.objectNode();
        JsonNode request;
        try {
            request = MAPPER.readTree(line);
        } catch (Exception e) {
            response.putNull("id");
            response.put("ok", false);
            response.put("stage", "protocol");
            response.set("error", describeError(e));
            return response;
        }
        response.set("id", request.get("id"));
        Op op = OPS.get(request.path("op").asText());
        if (op == null) {
            response.put("ok", false);
            response.put("stage", "protocol");
            ObjectNode error = response.putObject("error");
            error.put("class", "UnknownOp");
            error.put("message", "unknown op: " + request.path("op").asText());
            return response;
        }
        try {
            ObjectNode body = NODES.objectNode();
            op.run(request, body);
            response.put("ok", true);
            response.setAll(body);
        } catch (StageException e) {
            response.put("ok", false);
            response.put("stage", e.stage);
            if (e.partial != null) response.setAll(e.partial);
            response.set("error", describeError(e.getCause()));
        } catch (Throwable e) {
            response.put("ok", false);
            response.put("stage", "harness");
            response.set("error", describeError(e));
        }
        return response;
    }

    static JsonNode describeError(Throwable e) {
        if (e == null) return NODES.nullNode();
        ObjectNode node = NODES.objectNode();
        node.put("class", e.getClass().getName());
        node.put("message", e.getMessage());
        node.set("cause", e.getCause() == e ? NODES.nullNode() : describeError(e.getCause()));
        return node;
    }

    /** The JsonConverter ops' plumbing: converters by config, bytes in base64. */
    static final class JsonOps {
        private static final Map<String, JsonConverter> CONVERTERS = new HashMap<>();
        private static JsonConverter describer;

        static JsonConverter converter(JsonNode req) {
            boolean isKey = req.path("isKey").asBoolean(false);
            Map<String, String> config = configMap(req.get("config"));
            // one instance per config, kept as a worker keeps a task's converter: the caches persist
            String cacheKey = isKey + "|" + new TreeMap<>(config);
            return CONVERTERS.computeIfAbsent(cacheKey, k -> {
                JsonConverter c = new JsonConverter();
                c.configure(config, isKey);
                return c;
            });
        }

        static Map<String, String> configMap(JsonNode node) {
            Map<String, String> config = new HashMap<>();
            if (node != null && node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    config.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
                }
            }
            return config;
        }

        static String topic(JsonNode req) {
            return req.path("topic").asText("topic");
        }

        static byte[] bytes(JsonNode node) {
            if (node == null || node.isNull()) return null;
            return Base64.getDecoder().decode(node.asText());
        }

        static JsonNode base64(byte[] bytes) {
            return bytes == null ? NODES.nullNode() : NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }

        /** The decoded record as a JsonConverter with schemas would write it (decimals numeric, nulls kept). */
        static JsonNode envelope(String topic, SchemaAndValue sv) {
            if (describer == null) {
                describer = new JsonConverter();
                Map<String, String> config = new HashMap<>();
                config.put("schemas.enable", "true");
                config.put("decimal.format", "NUMERIC");
                config.put("replace.null.with.default", "false");
                describer.configure(config, false);
            }
            try {
                byte[] out = describer.fromConnectData(topic, sv.schema(), sv.value());
                return out == null ? NODES.nullNode() : NODES.textNode(new String(out, StandardCharsets.UTF_8));
            } catch (Exception e) {
                return NODES.nullNode();
            }
        }

        static long cycle(JsonConverter converter, String topic, byte[] record) {
            SchemaAndValue sv = converter.toConnectData(topic, record);
            byte[] out = converter.fromConnectData(topic, sv.schema(), sv.value());
            return out == null ? 0 : out.length;
        }
    }

    /** Connect schemas on the wire: every attribute, recursively; defaults in the typed form. */
    static final class Schemas {
        static JsonNode describe(Schema schema) {
            if (schema == null) return NODES.nullNode();
            ObjectNode node = NODES.objectNode();
            node.put("type", schema.type().name());
            node.put("optional", schema.isOptional());
            node.put("name", schema.name());
            if (schema.version() == null) node.putNull("version");
            else node.put("version", schema.version());
            node.put("doc", schema.doc());
            if (schema.parameters() == null) {
                node.putNull("parameters");
            } else {
                ArrayNode params = node.putArray("parameters");
                for (Map.Entry<String, String> e : schema.parameters().entrySet()) {
                    params.addArray().add(e.getKey()).add(e.getValue());
                }
            }
            node.set("default", Typed.describe(schema.defaultValue()));
            if (schema.type() == Schema.Type.STRUCT) {
                ArrayNode fields = node.putArray("fields");
                for (Field f : schema.fields()) fields.addArray().add(f.name()).add(describe(f.schema()));
            } else {
                node.putNull("fields");
            }
            boolean container = schema.type() == Schema.Type.MAP || schema.type() == Schema.Type.ARRAY;
            node.set("keySchema", schema.type() == Schema.Type.MAP ? describe(schema.keySchema()) : NODES.nullNode());
            node.set("valueSchema", container ? describe(schema.valueSchema()) : NODES.nullNode());
            return node;
        }

        static Schema parse(JsonNode node) {
            if (node == null || node.isNull()) return null;
            Schema.Type type = Schema.Type.valueOf(node.get("type").asText());
            SchemaBuilder b;
            switch (type) {
                case STRUCT:
                    b = SchemaBuilder.struct();
                    for (JsonNode f : node.get("fields")) b.field(f.get(0).asText(), parse(f.get(1)));
                    break;
                case ARRAY:
                    b = SchemaBuilder.array(parse(node.get("valueSchema")));
                    break;
                case MAP:
                    b = SchemaBuilder.map(parse(node.get("keySchema")), parse(node.get("valueSchema")));
                    break;
                default:
                    b = SchemaBuilder.type(type);
            }
            if (node.path("optional").asBoolean(false)) b.optional();
            if (node.hasNonNull("name")) b.name(node.get("name").asText());
            if (node.hasNonNull("version")) b.version(node.get("version").asInt());
            if (node.hasNonNull("doc")) b.doc(node.get("doc").asText());
            if (node.hasNonNull("parameters")) {
                for (JsonNode p : node.get("parameters")) b.parameter(p.get(0).asText(), p.get(1).asText());
            }
            if (node.hasNonNull("default")) b.defaultValue(Typed.parse(b, node.get("default")));
            return b.build();
        }
    }

    /** Connect values on the wire, keeping their Java class. */
    static final class Typed {
        static JsonNode describe(Object v) {
            if (v == null) return NODES.nullNode();
            if (v instanceof Boolean) return NODES.booleanNode((Boolean) v);
            if (v instanceof String) return NODES.textNode((String) v);
            if (v instanceof Byte) return tagged("int8", NODES.numberNode((Byte) v));
            if (v instanceof Short) return tagged("int16", NODES.numberNode((Short) v));
            if (v instanceof Integer) return tagged("int32", NODES.numberNode((Integer) v));
            if (v instanceof Long) return tagged("int64", NODES.textNode(v.toString()));
            if (v instanceof Float) return tagged("float32", NODES.textNode(v.toString()));
            if (v instanceof Double) return tagged("float64", NODES.textNode(v.toString()));
            if (v instanceof BigDecimal) return tagged("decimal", NODES.textNode(v.toString()));
            if (v instanceof BigInteger) return tagged("biginteger", NODES.textNode(v.toString()));
            if (v instanceof byte[]) return tagged("bytes", NODES.textNode(Base64.getEncoder().encodeToString((byte[]) v)));
            if (v instanceof ByteBuffer) {
                ByteBuffer bb = ((ByteBuffer) v).duplicate();
                byte[] b = new byte[bb.remaining()];
                bb.get(b);
                return tagged("bytes", NODES.textNode(Base64.getEncoder().encodeToString(b)));
            }
            if (v instanceof java.util.Date) return tagged("date", NODES.textNode(Long.toString(((java.util.Date) v).getTime())));
            if (v instanceof List) {
                ArrayNode a = NODES.arrayNode();
                for (Object e : (List<?>) v) a.add(describe(e));
                return tagged("array", a);
            }
            if (v instanceof Map) {
                ArrayNode a = NODES.arrayNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) a.addArray().add(describe(e.getKey())).add(describe(e.getValue()));
                return tagged("map", a);
            }
            if (v instanceof Struct) {
                Struct s = (Struct) v;
                ArrayNode a = NODES.arrayNode();
                for (Field f : s.schema().fields()) a.addArray().add(f.name()).add(describe(s.getWithoutDefault(f.name())));
                ObjectNode node = tagged("struct", a);
                node.set("schema", Schemas.describe(s.schema()));
                return node;
            }
            ObjectNode unknown = NODES.objectNode();
            unknown.put("unknown", v.getClass().getName());
            unknown.put("text", v.toString());
            return unknown;
        }

        private static ObjectNode tagged(String tag, JsonNode value) {
            ObjectNode node = NODES.objectNode();
            node.set(tag, value);
            return node;
        }

        static Object parse(Schema schema, JsonNode node) {
            if (node == null || node.isNull()) return null;
            if (node.isBoolean()) return node.booleanValue();
            if (node.isTextual()) return node.textValue();
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "int8": return (byte) v.intValue();
                case "int16": return (short) v.intValue();
                case "int32": return v.intValue();
                case "int64": return Long.parseLong(v.asText());
                case "float32": return Float.parseFloat(v.asText());
                case "float64": return Double.parseDouble(v.asText());
                case "decimal": return new BigDecimal(v.asText());
                case "biginteger": return new BigInteger(v.asText());
                case "bytes": return Base64.getDecoder().decode(v.asText());
                case "date": return new java.util.Date(Long.parseLong(v.asText()));
                case "array": {
                    List<Object> list = new ArrayList<>();
                    Schema elem = schema == null ? null : schema.valueSchema();
                    for (JsonNode x : v) list.add(parse(elem, x));
                    return list;
                }
                case "map": {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    Schema ks = schema == null ? null : schema.keySchema();
                    Schema vs = schema == null ? null : schema.valueSchema();
                    for (JsonNode x : v) map.put(parse(ks, x.get(0)), parse(vs, x.get(1)));
                    return map;
                }
                case "struct": {
                    // the expected schema where there is one (a second parse of it would not equal it
                    // where a default holds bytes inside a list or map); the struct's own without one
                    Schema own = schema != null ? schema : Schemas.parse(node.get("schema"));
                    Struct s = new Struct(own.schema());
                    for (JsonNode x : v) s.put(x.get(0).asText(), parse(own.field(x.get(0).asText()).schema(), x.get(1)));
                    return s;
                }
                default:
                    throw new IllegalArgumentException("unknown typed value: " + node);
            }
        }
    }
}
