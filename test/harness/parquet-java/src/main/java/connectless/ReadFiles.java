package connectless;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * Usage: ReadFiles (parquet|avro) FILE. Prints the file's schema on the first line (Parquet: the
 * message type on one line; Avro: the writer schema), then one canonical JSON line per record:
 * longs as strings, decimals as plain strings, timestamps as epoch millis (string), dates as epoch
 * days, times as millis of day, bytes as hex, map keys sorted. A failure prints {"error": ...}.
 */
public final class ReadFiles {
  public static void main(String[] args) throws Exception {
    try {
      if (args[0].equals("parquet")) readParquet(args[1]);
      else readAvro(args[1]);
    } catch (Throwable t) {
      System.out.println("{\"error\":" + quote(t.getClass().getName() + ": " + t.getMessage()) + "}");
    }
  }

  static void readParquet(String file) throws Exception {
    try (ParquetFileReader r = ParquetFileReader.open(new LocalInputFile(Paths.get(file)))) {
      System.out.println(r.getFooter().getFileMetaData().getSchema().toString().replace('\n', ' ').replaceAll(" +", " ").trim());
    }
    try (ParquetReader<GenericRecord> r = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(Paths.get(file))).build()) {
      for (GenericRecord g; (g = r.read()) != null; ) System.out.println(canon(g.getSchema(), g));
    }
  }

  static void readAvro(String file) throws Exception {
    try (DataFileReader<GenericRecord> r = new DataFileReader<>(new File(file), new GenericDatumReader<>())) {
      System.out.println(r.getSchema().toString());
      for (GenericRecord g : r) System.out.println(canon(g.getSchema(), g));
    }
  }

  static String canon(Schema schema, Object v) {
    if (v == null) return "null";
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema s : schema.getTypes()) {
        if (s.getType() != Schema.Type.NULL) return canon(s, v);
      }
    }
    LogicalType lt = schema.getLogicalType();
    if (v instanceof BigDecimal d) return quote(d.toPlainString());
    if (v instanceof Instant i) return quote(Long.toString(i.toEpochMilli()));
    if (v instanceof LocalDate d) return Long.toString(d.toEpochDay());
    if (v instanceof LocalTime t) return Long.toString(t.toNanoOfDay() / 1_000_000L);
    if (lt instanceof LogicalTypes.Decimal dec && (v instanceof ByteBuffer || v instanceof GenericFixed)) {
      return quote(new BigDecimal(new BigInteger(bytes(v)), dec.getScale()).toPlainString());
    }
    switch (schema.getType()) {
      case RECORD: {
        GenericRecord g = (GenericRecord) v;
        StringBuilder sb = new StringBuilder("{");
        for (Schema.Field f : schema.getFields()) {
          if (sb.length() > 1) sb.append(',');
          sb.append(quote(f.name())).append(':').append(canon(f.schema(), g.get(f.pos())));
        }
        return sb.append('}').toString();
      }
      case ARRAY: {
        StringBuilder sb = new StringBuilder("[");
        for (Object item : (Collection<?>) v) {
          if (sb.length() > 1) sb.append(',');
          sb.append(canon(schema.getElementType(), item));
        }
        return sb.append(']').toString();
      }
      case MAP: {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) sorted.put(e.getKey().toString(), canon(schema.getValueType(), e.getValue()));
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
          if (sb.length() > 1) sb.append(',');
          sb.append(quote(e.getKey())).append(':').append(e.getValue());
        }
        return sb.append('}').toString();
      }
      case LONG:
        return quote(v.toString());
      case INT:
      case BOOLEAN:
        return v.toString();
      case FLOAT:
        return Float.toString((Float) v);
      case DOUBLE:
        return Double.toString((Double) v);
      case BYTES:
      case FIXED:
        return quote("hex:" + HexFormat.of().formatHex(bytes(v)));
      default:
        return quote(v.toString());
    }
  }

  static byte[] bytes(Object v) {
    if (v instanceof GenericFixed f) return f.bytes();
    ByteBuffer b = ((ByteBuffer) v).duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }
}
