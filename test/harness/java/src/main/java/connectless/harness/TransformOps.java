package connectless.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * Kafka's transforms and predicates behind the harness protocol.
 *
 * <ul>
 *   <li>{@code transform.apply}: {@code {"config": {connector config}, "records": [record JSON…]}} builds
 *   the chain as Connect's {@code ConnectorConfig.transformationStages} does (class names or aliases,
 *   {@code predicate}/{@code negate} taken out of each transform's config) and answers
 *   {@code {"results": [{"record": …} | {"dropped": true} | {"error": {"class", "message"}, "stage"}]}}.
 *   A chain is kept per config, as a task keeps its transforms, so their schema caches persist.</li>
 *   <li>{@code smt.bench}: JsonConverter in, the chain, JsonConverter out, over the records of a file of
 *   {@code base64(key) TAB base64(value)} lines; answers the timings.</li>
 * </ul>
 *
 * <p>The JVM runs as a Connect worker in UTC with locale en_US.
 */
final class TransformOps {
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*", Pattern.DOTALL);
    private static final String[] PACKAGES = {"org.apache.kafka.connect.transforms.", "org.apache.kafka.connect.transforms.predicates."};
    private static final Map<String, Chain> CHAINS = new HashMap<>();

    private TransformOps() {}

    static void register(Map<String, Harness.Op> ops) {
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        Locale.setDefault(Locale.US);
        ops.put("transform.apply", TransformOps::apply);
        ops.put("smt.bench", TransformOps::bench);
        ops.put("dateFormat.run", TransformOps::dateFormat);
    }

    /**
     * {@code dateFormat.run}: {@code {"cases": [{"pattern", "millis"} | {"pattern", "text", "lenient"}]}} with
     * {@code new SimpleDateFormat(pattern)} in UTC, as TimestampConverter makes it; answers per case the
     * formatted text, {@code {"millis", "end"}} or {@code {"errorIndex"}} for a parse, or {@code {"iae"}}.
     */
    static void dateFormat(JsonNode request, ObjectNode response) {
        ArrayNode results = response.putArray("results");
        for (JsonNode c : request.get("cases")) {
            java.text.SimpleDateFormat format;
            try {
                format = new java.text.SimpleDateFormat(c.get("pattern").asText());
            } catch (IllegalArgumentException e) {
                results.addObject().put("iae", e.getMessage());
                continue;
            }
            format.setTimeZone(TimeZone.getTimeZone("UTC"));
            if (c.has("millis")) {
                results.add(format.format(new java.util.Date(c.get("millis").asLong())));
                continue;
            }
            format.setLenient(c.path("lenient").asBoolean(true));
            java.text.ParsePosition pos = new java.text.ParsePosition(0);
            java.util.Date date = format.parse(c.get("text").asText(), pos);
            ObjectNode out = results.addObject();
            if (date == null) {
                out.put("errorIndex", pos.getErrorIndex());
            } else {
                out.put("millis", date.getTime());
                out.put("end", pos.getIndex());
            }
        }
    }

    /** One stage of the chain: Connect's {@code TransformationStage}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class Stage {
        final Transformation transformation;
        final Predicate predicate;
        final boolean negate;

        Stage(Transformation transformation, Predicate predicate, boolean negate) {
            this.transformation = transformation;
            this.predicate = predicate;
            this.negate = negate;
        }

        ConnectRecord<?> apply(ConnectRecord<?> record) {
            if (predicate == null || negate ^ predicate.test((ConnectRecord) record)) {
                return (ConnectRecord<?>) transformation.apply((ConnectRecord) record);
            }
            return record;
        }
    }

    static final class Chain {
        final List<Stage> stages = new ArrayList<>();

        ConnectRecord<?> apply(ConnectRecord<?> record) {
            ConnectRecord<?> current = record;
            for (Stage stage : stages) {
                current = stage.apply(current);
                if (current == null) return null;
            }
            return current;
        }
    }

    static List<String> list(String value) {
        if (value == null) return Collections.emptyList();
        String trimmed = value.trim();
        return trimmed.isEmpty() ? Collections.emptyList() : Arrays.asList(COMMA.split(trimmed, -1));
    }

    static Map<String, Object> withPrefix(Map<String, String> config, String prefix) {
        Map<String, Object> out = new HashMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (e.getKey().startsWith(prefix) && e.getKey().length() > prefix.length()) {
                out.put(e.getKey().substring(prefix.length()), e.getValue());
            }
        }
        return out;
    }

    static Object newInstance(String name) throws ReflectiveOperationException {
        String trimmed = name.trim();
        try {
            return Class.forName(trimmed).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            for (String pkg : PACKAGES) {
                try {
                    return Class.forName(pkg + trimmed).getDeclaredConstructor().newInstance();
                } catch (ClassNotFoundException ignored) {
                    // try the next package
                }
            }
            throw e;
        }
    }

    @SuppressWarnings("rawtypes")
    static Chain build(Map<String, String> config) throws ReflectiveOperationException {
        Chain chain = new Chain();
        for (String alias : list(config.get("transforms"))) {
            String prefix = "transforms." + alias + ".";
            Transformation transformation = (Transformation) newInstance(config.get(prefix + "type"));
            Map<String, Object> own = withPrefix(config, prefix);
            Object predicateAlias = own.remove("predicate");
            Object negate = own.remove("negate");
            transformation.configure(own);
            Predicate predicate = null;
            if (predicateAlias != null) {
                String predicatePrefix = "predicates." + predicateAlias + ".";
                predicate = (Predicate) newInstance(config.get(predicatePrefix + "type"));
                predicate.configure(withPrefix(config, predicatePrefix));
            }
            chain.stages.add(new Stage(transformation, predicate, negate != null && Boolean.parseBoolean(negate.toString())));
        }
        return chain;
    }

    static Chain chainFor(JsonNode request) throws Exception {
        Map<String, String> config = Harness.JsonOps.configMap(request.get("config"));
        String key = new java.util.TreeMap<>(config).toString();
        Chain chain = CHAINS.get(key);
        if (chain == null) {
            try {
                chain = build(config);
            } catch (Exception e) {
                throw new Harness.StageException("configure", e, null);
            }
            CHAINS.put(key, chain);
        }
        return chain;
    }

    static ObjectNode error(String stage, Throwable e) {
        ObjectNode out = Harness.NODES.objectNode();
        out.put("stage", stage);
        out.set("error", Harness.describeError(e));
        return out;
    }

    static void apply(JsonNode request, ObjectNode response) throws Exception {
        Chain chain = chainFor(request);
        ArrayNode results = response.putArray("results");
        for (JsonNode json : request.get("records")) {
            ConnectRecord<?> record;
            try {
                record = RecordJson.recordFromJson(json);
            } catch (Exception e) {
                results.add(error("input", e));
                continue;
            }
            ConnectRecord<?> transformed;
            try {
                transformed = chain.apply(record);
            } catch (Throwable e) {
                results.add(error("transform", e));
                continue;
            }
            if (transformed == null) {
                results.addObject().put("dropped", true);
                continue;
            }
            ObjectNode written;
            try {
                written = RecordJson.recordToJson(transformed);
            } catch (Exception e) {
                results.add(error("output", e));
                continue;
            }
            results.addObject().set("record", written);
        }
    }

    // --- the SMT benchmark -------------------------------------------------------------------------------

    static final class BenchRecord {
        final byte[] key;
        final byte[] value;

        BenchRecord(byte[] key, byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    static List<BenchRecord> readRecords(String file) throws java.io.IOException {
        List<BenchRecord> out = new ArrayList<>();
        Base64.Decoder decoder = Base64.getDecoder();
        for (String line : Files.readAllLines(Paths.get(file), StandardCharsets.US_ASCII)) {
            if (line.isEmpty()) continue;
            int tab = line.indexOf('\t');
            out.add(new BenchRecord(decoder.decode(line.substring(0, tab)), decoder.decode(line.substring(tab + 1))));
        }
        return out;
    }

    /** What a sink task does per record: convert key and value, transform, convert both back. */
    static long cycle(JsonConverter keyConverter, JsonConverter valueConverter, Chain chain, String topic, BenchRecord r, long offset) {
        RecordHeaders headers = new RecordHeaders();
        SchemaAndValue key = keyConverter.toConnectData(topic, headers, r.key);
        SchemaAndValue value = valueConverter.toConnectData(topic, headers, r.value);
        SinkRecord record = new SinkRecord(topic, 0, key.schema(), key.value(), value.schema(), value.value(), offset,
            1_700_000_000_000L + offset, TimestampType.CREATE_TIME);
        ConnectRecord<?> out = chain.apply(record);
        if (out == null) return 0;
        byte[] k = keyConverter.fromConnectData(out.topic(), headers, out.keySchema(), out.key());
        byte[] v = valueConverter.fromConnectData(out.topic(), headers, out.valueSchema(), out.value());
        return (k == null ? 0 : k.length) + (v == null ? 0 : v.length);
    }

    static void bench(JsonNode request, ObjectNode response) throws Exception {
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime();
        long setupStart = System.nanoTime();
        Map<String, String> config = Harness.JsonOps.configMap(request.get("config"));
        // a fresh task: new converters and transforms, their caches empty
        JsonConverter keyConverter = new JsonConverter();
        keyConverter.configure(withPrefix(config, "key.converter."), true);
        JsonConverter valueConverter = new JsonConverter();
        valueConverter.configure(withPrefix(config, "value.converter."), false);
        Chain chain = build(config);
        List<BenchRecord> records = readRecords(request.get("file").asText());
        String topic = request.path("topic").asText("orders");
        int warmup = request.path("warmup").asInt(0);
        int count = request.path("count").asInt(records.size());
        long sink = 0;
        long t0 = System.nanoTime();
        long setupNanos = t0 - setupStart;
        for (int i = 0; i < warmup; i++) sink += cycle(keyConverter, valueConverter, chain, topic, records.get(i % records.size()), i);
        long t1 = System.nanoTime();
        long cpu1 = Harness.processCpuNanos();
        for (int i = 0; i < count; i++) sink += cycle(keyConverter, valueConverter, chain, topic, records.get(i % records.size()), i);
        long t2 = System.nanoTime();
        long cpu2 = Harness.processCpuNanos();
        response.put("uptimeAtStartMillis", uptime);
        response.put("setupNanos", setupNanos);
        response.put("warmupNanos", t1 - t0);
        response.put("count", count);
        response.put("nanos", t2 - t1);
        response.put("cpuNanos", cpu2 - cpu1);
        response.put("bytesOut", sink);
    }
}
