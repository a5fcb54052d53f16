package connectless.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.common.record.TimestampType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record JSON form of shared/spec/record-json.md, Java side: records, schemas (as JsonConverter
 * writes them, defaults with decimal.format=BASE64) and values (typed {@code $type} wrappers for
 * schemaless Java classes), so that the harness reads and writes exactly what our recordFromJson and
 * recordToJson do.
 */
final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long MAX_SAFE = 9007199254740991L;
    private static final long MILLIS_PER_DAY = 86_400_000L;

    private RecordJson() {}

    /** Thrown where a value cannot be written in the form (the caller reports the output stage). */
    static final class FormException extends RuntimeException {
        FormException(String message) {
            super(message);
        }
    }

    // --- records -------------------------------------------------------------------------------------

    static ConnectRecord<?> recordFromJson(JsonNode json) {
        String recordType = json.path("recordType").asText("sink");
        String topic = json.hasNonNull("topic") ? json.get("topic").asText() : null;
        Long timestamp = json.hasNonNull("timestamp") ? json.get("timestamp").asLong() : null;
        Schema keySchema = schemaFromJson(json.get("keySchema"));
        Schema valueSchema = schemaFromJson(json.get("valueSchema"));
        Object key = valueFromJson(keySchema, json.get("key"));
        Object value = valueFromJson(valueSchema, json.get("value"));
        ConnectHeaders headers = new ConnectHeaders();
        for (JsonNode h : json.path("headers")) {
            Schema schema = schemaFromJson(h.get("schema"));
            Object v = valueFromJson(schema, h.get("value"));
            headers.add(header(h.get("key").asText(), new SchemaAndValue(schema, v)));
        }
        if (recordType.equals("source")) {
            Integer partition = json.hasNonNull("partition") ? json.get("partition").asInt() : null;
            return new SourceRecord(null, null, topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
        }
        int partition = json.hasNonNull("partition") ? json.get("partition").asInt() : 0;
        long offset = json.hasNonNull("offset") ? json.get("offset").asLong() : 0L;
        TimestampType type = timestamp == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME;
        return new SinkRecord(topic, partition, keySchema, key, valueSchema, value, offset, timestamp, type, headers);
    }

    static ObjectNode recordToJson(ConnectRecord<?> record) {
        ObjectNode out = NODES.objectNode();
        boolean sink = !(record instanceof SourceRecord);
        out.put("recordType", sink ? "sink" : "source");
        out.put("topic", record.topic());
        if (record.kafkaPartition() == null) out.putNull("partition");
        else out.put("partition", record.kafkaPartition());
        if (sink) out.put("offset", record instanceof SinkRecord ? ((SinkRecord) record).kafkaOffset() : 0L);
        if (record.timestamp() == null) out.putNull("timestamp");
        else out.put("timestamp", record.timestamp());
        out.set("keySchema", schemaToJson(record.keySchema()));
        out.set("key", valueToJson(record.keySchema(), record.key()));
        out.set("valueSchema", schemaToJson(record.valueSchema()));
        out.set("value", valueToJson(record.valueSchema(), record.value()));
        ArrayNode headers = out.putArray("headers");
        for (Header h : record.headers()) {
            ObjectNode header = headers.addObject();
            header.put("key", h.key());
            header.set("schema", schemaToJson(h.schema()));
            header.set("value", valueToJson(h.schema(), h.value()));
        }
        return out;
    }

    private static final java.lang.reflect.Constructor<?> CONNECT_HEADER;

    static {
        try {
            CONNECT_HEADER = Class.forName("org.apache.kafka.connect.header.ConnectHeader")
                .getDeclaredConstructor(String.class, SchemaAndValue.class);
            CONNECT_HEADER.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Connect's own header class, made without validating the value (the form reads headers as they are). */
    private static Header header(String key, SchemaAndValue schemaAndValue) {
        try {
            return (Header) CONNECT_HEADER.newInstance(key, schemaAndValue);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- schemas -------------------------------------------------------------------------------------

    private static String typeName(Schema.Type type) {
        switch (type) {
            case FLOAT32: return "float";
            case FLOAT64: return "double";
            default: return type.getName();
        }
    }

    private static Schema.Type typeOf(String name) {
        switch (name) {
            case "float": return Schema.Type.FLOAT32;
            case "double": return Schema.Type.FLOAT64;
            default: return Schema.Type.valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }
    }

    static JsonNode schemaToJson(Schema schema) {
        if (schema == null) return NODES.nullNode();
        ObjectNode json = NODES.objectNode();
        json.put("type", typeName(schema.type()));
        switch (schema.type()) {
            case ARRAY:
                json.set("items", schemaToJson(schema.valueSchema()));
                break;
            case MAP:
                json.set("keys", schemaToJson(schema.keySchema()));
                json.set("values", schemaToJson(schema.valueSchema()));
                break;
            case STRUCT: {
                ArrayNode fields = json.putArray("fields");
                for (Field f : schema.fields()) {
                    ObjectNode field = (ObjectNode) schemaToJson(f.schema());
                    field.put("field", f.name());
                    fields.add(field);
                }
                break;
            }
            default:
                break;
        }
        json.put("optional", schema.isOptional());
        if (schema.name() != null) json.put("name", schema.name());
        if (schema.version() != null) json.put("version", schema.version());
        if (schema.doc() != null) json.put("doc", schema.doc());
        if (schema.parameters() != null) {
            ObjectNode params = json.putObject("parameters");
            for (Map.Entry<String, String> e : schema.parameters().entrySet()) params.put(e.getKey(), e.getValue());
        }
        if (schema.defaultValue() != null) json.set("default", encode(schema, schema.defaultValue(), true));
        return json;
    }

    static Schema schemaFromJson(JsonNode json) {
        if (json == null || json.isNull()) return null;
        Schema.Type type = typeOf(json.get("type").asText());
        SchemaBuilder builder;
        switch (type) {
            case ARRAY:
                builder = SchemaBuilder.array(schemaFromJson(json.get("items")));
                break;
            case MAP:
                builder = SchemaBuilder.map(schemaFromJson(json.get("keys")), schemaFromJson(json.get("values")));
                break;
            case STRUCT:
                builder = SchemaBuilder.struct();
                for (JsonNode f : json.get("fields")) builder.field(f.get("field").asText(), schemaFromJson(f));
                break;
            default:
                builder = SchemaBuilder.type(type);
        }
        if (json.path("optional").asBoolean(false)) builder.optional();
        else builder.required();
        if (json.hasNonNull("name")) builder.name(json.get("name").asText());
        if (json.hasNonNull("version")) builder.version(json.get("version").asInt());
        if (json.hasNonNull("doc")) builder.doc(json.get("doc").asText());
        if (json.hasNonNull("parameters")) {
            Iterator<Map.Entry<String, JsonNode>> it = json.get("parameters").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                builder.parameter(e.getKey(), e.getValue().asText());
            }
        }
        // a struct default is a Struct of the builder itself: Connect accepts no other (its schemas must be equal)
        if (json.hasNonNull("default")) {
            Schema schema = type == Schema.Type.STRUCT ? builder : builder.build();
            builder.defaultValue(decode(schema, json.get("default"), true));
        }
        return builder.build();
    }

    // --- values with a schema --------------------------------------------------------------------------

    static JsonNode valueToJson(Schema schema, Object value) {
        return schema == null ? encodeSchemaless(value) : encode(schema, value, false);
    }

    static Object valueFromJson(Schema schema, JsonNode json) {
        return schema == null ? decodeSchemaless(json) : decode(schema, json, false);
    }

    /** The logical type a schema has, on its proper base type (as our logicalName). */
    private static String logicalName(Schema schema) {
        String name = schema.name();
        if (name == null) return null;
        switch (name) {
            case Decimal.LOGICAL_NAME: return schema.type() == Schema.Type.BYTES ? name : null;
            case Date.LOGICAL_NAME:
            case Time.LOGICAL_NAME: return schema.type() == Schema.Type.INT32 ? name : null;
            case Timestamp.LOGICAL_NAME: return schema.type() == Schema.Type.INT64 ? name : null;
            default: return null;
        }
    }

    private static FormException mismatch(Schema schema, Object value) {
        return new FormException("a value of class " + value.getClass().getName() + " does not fit the schema "
            + (schema.name() != null ? "\"" + schema.name() + "\" " : "") + "of type " + typeName(schema.type()));
    }

    private static JsonNode int64(long v) {
        return v <= MAX_SAFE && v >= -MAX_SAFE ? NODES.numberNode(v) : NODES.textNode(Long.toString(v));
    }

    private static JsonNode float64(double d) {
        return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }

    private static JsonNode float32(float f) {
        return Float.isFinite(f) ? NODES.numberNode(new BigDecimal(Float.toString(f))) : NODES.textNode(Float.toString(f));
    }

    private static byte[] bytesOf(Object value) {
        if (value instanceof byte[]) return (byte[]) value;
        ByteBuffer buffer = ((ByteBuffer) value).duplicate();
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

    private static JsonNode encode(Schema schema, Object value, boolean defaultMode) {
        if (value == null) return NODES.nullNode();
        String logical = logicalName(schema);
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    if (!(value instanceof BigDecimal)) throw mismatch(schema, value);
                    if (defaultMode) return NODES.textNode(Base64.getEncoder().encodeToString(Decimal.fromLogical(schema, (BigDecimal) value)));
                    return NODES.textNode(value.toString());
                case Date.LOGICAL_NAME:
                    if (!(value instanceof java.util.Date)) throw mismatch(schema, value);
                    if (defaultMode) return NODES.numberNode(Date.fromLogical(schema, (java.util.Date) value));
                    return NODES.numberNode(((java.util.Date) value).getTime());
                case Time.LOGICAL_NAME:
                    if (!(value instanceof java.util.Date)) throw mismatch(schema, value);
                    return NODES.numberNode(Time.fromLogical(schema, (java.util.Date) value));
                default:
                    if (!(value instanceof java.util.Date)) throw mismatch(schema, value);
                    return NODES.numberNode(((java.util.Date) value).getTime());
            }
        }
        switch (schema.type()) {
            case INT8:
                if (!(value instanceof Byte)) throw mismatch(schema, value);
                return NODES.numberNode((Byte) value);
            case INT16:
                if (!(value instanceof Short)) throw mismatch(schema, value);
                return NODES.numberNode((Short) value);
            case INT32:
                if (!(value instanceof Integer)) throw mismatch(schema, value);
                return NODES.numberNode((Integer) value);
            case INT64:
                if (!(value instanceof Long)) throw mismatch(schema, value);
                return int64((Long) value);
            case FLOAT32:
                if (!(value instanceof Float)) throw mismatch(schema, value);
                return float32((Float) value);
            case FLOAT64:
                if (!(value instanceof Double)) throw mismatch(schema, value);
                return float64((Double) value);
            case BOOLEAN:
                if (!(value instanceof Boolean)) throw mismatch(schema, value);
                return NODES.booleanNode((Boolean) value);
            case STRING:
                if (!(value instanceof String)) throw mismatch(schema, value);
                return NODES.textNode((String) value);
            case BYTES:
                if (!(value instanceof byte[] || value instanceof ByteBuffer)) throw mismatch(schema, value);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytesOf(value)));
            case ARRAY: {
                if (!(value instanceof List)) throw mismatch(schema, value);
                ArrayNode out = NODES.arrayNode();
                for (Object item : (List<?>) value) out.add(encode(schema.valueSchema(), item, defaultMode));
                return out;
            }
            case MAP: {
                if (!(value instanceof Map)) throw mismatch(schema, value);
                Map<?, ?> map = (Map<?, ?>) value;
                if (schema.keySchema().type() == Schema.Type.STRING) {
                    ObjectNode out = NODES.objectNode();
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (!(e.getKey() instanceof String)) throw mismatch(schema.keySchema(), e.getKey());
                        out.set((String) e.getKey(), encode(schema.valueSchema(), e.getValue(), defaultMode));
                    }
                    return out;
                }
                ArrayNode pairs = NODES.arrayNode();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    pairs.addArray().add(encode(schema.keySchema(), e.getKey(), defaultMode)).add(encode(schema.valueSchema(), e.getValue(), defaultMode));
                }
                return pairs;
            }
            case STRUCT: {
                if (!(value instanceof Struct)) throw mismatch(schema, value);
                Struct struct = (Struct) value;
                if (!defaultMode && !struct.schema().equals(schema)) {
                    throw new FormException("the struct's schema " + struct.schema() + " does not match the schema " + schema);
                }
                ObjectNode out = NODES.objectNode();
                for (Field f : schema.fields()) out.set(f.name(), encode(f.schema(), struct.getWithoutDefault(f.name()), defaultMode));
                return out;
            }
            default:
                throw mismatch(schema, value);
        }
    }

    private static final java.lang.reflect.Field STRUCT_VALUES;

    static {
        try {
            STRUCT_VALUES = Struct.class.getDeclaredField("values");
            STRUCT_VALUES.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A struct field set without Connect's validation: the form reads null for any field, as ours does. */
    private static void putWithoutValidation(Struct struct, Field field, Object value) {
        try {
            ((Object[]) STRUCT_VALUES.get(struct))[field.index()] = value;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float floatOf(JsonNode json) {
        return json.isTextual() ? Float.parseFloat(json.asText()) : json.floatValue();
    }

    private static double doubleOf(JsonNode json) {
        return json.isTextual() ? Double.parseDouble(json.asText()) : json.doubleValue();
    }

    private static long longOf(JsonNode json) {
        return json.isTextual() ? Long.parseLong(json.asText()) : json.longValue();
    }

    private static Object decode(Schema schema, JsonNode json, boolean defaultMode) {
        if (json == null || json.isNull()) return null;
        String logical = logicalName(schema);
        if (logical != null) {
            switch (logical) {
                case Decimal.LOGICAL_NAME:
                    if (defaultMode) return Decimal.toLogical(schema, Base64.getDecoder().decode(json.asText()));
                    return new BigDecimal(json.asText());
                case Date.LOGICAL_NAME:
                    if (defaultMode) return new java.util.Date(json.asLong() * MILLIS_PER_DAY);
                    return new java.util.Date(json.asLong());
                default:
                    return new java.util.Date(json.asLong());
            }
        }
        switch (schema.type()) {
            case INT8: return (byte) json.asInt();
            case INT16: return (short) json.asInt();
            case INT32: return json.asInt();
            case INT64: return longOf(json);
            case FLOAT32: return floatOf(json);
            case FLOAT64: return doubleOf(json);
            case BOOLEAN: return json.asBoolean();
            case STRING: return json.asText();
            case BYTES: return Base64.getDecoder().decode(json.asText());
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (JsonNode item : json) out.add(decode(schema.valueSchema(), item, defaultMode));
                return out;
            }
            case MAP: {
                // a HashMap, as JsonConverter makes (its class shows in messages, its order in outputs)
                Map<Object, Object> out = new java.util.HashMap<>();
                if (schema.keySchema().type() == Schema.Type.STRING) {
                    Iterator<Map.Entry<String, JsonNode>> it = json.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        out.put(e.getKey(), decode(schema.valueSchema(), e.getValue(), defaultMode));
                    }
                } else {
                    for (JsonNode pair : json) {
                        out.put(decode(schema.keySchema(), pair.get(0), defaultMode), decode(schema.valueSchema(), pair.get(1), defaultMode));
                    }
                }
                return out;
            }
            case STRUCT: {
                Struct struct = new Struct(schema);
                for (Field f : schema.fields()) putWithoutValidation(struct, f, decode(f.schema(), json.get(f.name()), defaultMode));
                return struct;
            }
            default:
                throw new IllegalArgumentException("unknown schema type " + schema.type());
        }
    }

    // --- values without a schema ------------------------------------------------------------------------

    private static ObjectNode wrapper(String type, JsonNode value) {
        ObjectNode out = NODES.objectNode();
        out.put("$type", type);
        out.set("$value", value);
        return out;
    }

    static JsonNode encodeSchemaless(Object value) {
        if (value == null) return NODES.nullNode();
        if (value instanceof Boolean) return NODES.booleanNode((Boolean) value);
        if (value instanceof String) return NODES.textNode((String) value);
        if (value instanceof Integer) return NODES.numberNode((Integer) value);
        if (value instanceof Double) {
            double d = (Double) value;
            // a Double is plain only where it reads back as one: a finite fraction
            return Double.isFinite(d) && d % 1 != 0 ? NODES.numberNode(d) : wrapper("float64", float64(d));
        }
        if (value instanceof Long) return wrapper("int64", int64((Long) value));
        if (value instanceof Byte) return wrapper("int8", NODES.numberNode((Byte) value));
        if (value instanceof Short) return wrapper("int16", NODES.numberNode((Short) value));
        if (value instanceof Float) return wrapper("float32", float32((Float) value));
        if (value instanceof byte[] || value instanceof ByteBuffer) {
            return wrapper("bytes", NODES.textNode(Base64.getEncoder().encodeToString(bytesOf(value))));
        }
        if (value instanceof java.util.Date) return wrapper("timestamp", NODES.numberNode(((java.util.Date) value).getTime()));
        if (value instanceof BigDecimal) return wrapper("decimal", NODES.textNode(value.toString()));
        if (value instanceof BigInteger) return wrapper("bigint", NODES.textNode(value.toString()));
        if (value instanceof List) {
            ArrayNode out = NODES.arrayNode();
            for (Object item : (List<?>) value) out.add(encodeSchemaless(item));
            return out;
        }
        if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            boolean objectMode = true;
            for (Object k : map.keySet()) {
                if (!(k instanceof String) || k.equals("$type")) {
                    objectMode = false;
                    break;
                }
            }
            if (objectMode) {
                ObjectNode out = NODES.objectNode();
                for (Map.Entry<?, ?> e : map.entrySet()) out.set((String) e.getKey(), encodeSchemaless(e.getValue()));
                return out;
            }
            ArrayNode pairs = NODES.arrayNode();
            for (Map.Entry<?, ?> e : map.entrySet()) pairs.addArray().add(encodeSchemaless(e.getKey())).add(encodeSchemaless(e.getValue()));
            return wrapper("map", pairs);
        }
        if (value instanceof Struct) {
            Struct struct = (Struct) value;
            ObjectNode out = wrapper("struct", encode(struct.schema(), struct, false));
            out.set("$schema", schemaToJson(struct.schema()));
            return out;
        }
        throw new FormException("a schemaless value of class " + value.getClass().getName() + " cannot be written");
    }

    static Object decodeSchemaless(JsonNode json) {
        if (json == null || json.isNull()) return null;
        if (json.isBoolean()) return json.booleanValue();
        if (json.isTextual()) return json.textValue();
        if (json.isIntegralNumber()) {
            if (!json.canConvertToInt()) throw new IllegalArgumentException(json + " is outside the int32 range");
            return json.intValue();
        }
        if (json.isNumber()) return json.doubleValue();
        if (json.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode item : json) out.add(decodeSchemaless(item));
            return out;
        }
        if (json.has("$type")) {
            JsonNode v = json.get("$value");
            switch (json.get("$type").asText()) {
                case "int8": return (byte) v.asInt();
                case "int16": return (short) v.asInt();
                case "int32": return v.asInt();
                case "int64": return longOf(v);
                case "float32": return floatOf(v);
                case "float64": return doubleOf(v);
                case "bytes": return Base64.getDecoder().decode(v.asText());
                case "timestamp": return new java.util.Date(v.asLong());
                case "decimal": return new BigDecimal(v.asText());
                case "bigint": return new BigInteger(v.asText());
                case "map": {
                    Map<Object, Object> out = new java.util.HashMap<>();
                    for (JsonNode pair : v) out.put(decodeSchemaless(pair.get(0)), decodeSchemaless(pair.get(1)));
                    return out;
                }
                case "struct": return decode(schemaFromJson(json.get("$schema")), v, false);
                default: throw new IllegalArgumentException("unknown $type " + json.get("$type"));
            }
        }
        Map<Object, Object> out = new java.util.HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), decodeSchemaless(e.getValue()));
        }
        return out;
    }
}
