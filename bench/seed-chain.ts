/**
 * The seed SMT chain of shared/research/performance-anchors.md, as connector config keys:
 * InsertField$Value → ReplaceField$Value → MaskField$Value → TimestampConverter$Value → Cast$Value →
 * ValueToKey → ExtractField$Key → RegexRouter → Filter under HasHeaderKey. bench:smt and bench:sink
 * run it on the orders records; the differential test runs it against Kafka's classes.
 */
const T = 'org.apache.kafka.connect.transforms.'

/** The chain, with TimestampConverter on `timestampField` (the records' timestamp field). */
export function seedChain(timestampField: string): Record<string, string> {
  return {
    transforms: 'insert,replace,mask,tsconv,cast,v2k,extract,route,filter',
    'transforms.insert.type': `${T}InsertField$Value`,
    'transforms.insert.timestamp.field': 'ingested_at',
    'transforms.insert.static.field': 'source',
    'transforms.insert.static.value': 'postgres',
    'transforms.replace.type': `${T}ReplaceField$Value`,
    'transforms.replace.exclude': 'email',
    'transforms.mask.type': `${T}MaskField$Value`,
    'transforms.mask.fields': 'customer',
    'transforms.tsconv.type': `${T}TimestampConverter$Value`,
    'transforms.tsconv.field': timestampField,
    'transforms.tsconv.target.type': 'string',
    'transforms.tsconv.format': "yyyy-MM-dd'T'HH:mm:ss.SSSX",
    'transforms.cast.type': `${T}Cast$Value`,
    'transforms.cast.spec': 'id:string',
    'transforms.v2k.type': `${T}ValueToKey`,
    'transforms.v2k.fields': 'id',
    'transforms.extract.type': `${T}ExtractField$Key`,
    'transforms.extract.field': 'id',
    'transforms.route.type': `${T}RegexRouter`,
    'transforms.route.regex': 'orders',
    'transforms.route.replacement': 'lake-orders',
    'transforms.filter.type': `${T}Filter`,
    'transforms.filter.predicate': 'skip',
    predicates: 'skip',
    'predicates.skip.type': `${T}predicates.HasHeaderKey`,
    'predicates.skip.name': 'skip',
  }
}
