/**
 * A connector's key, value and header converters, chosen as a Connect worker chooses them: where the
 * connector sets `value.converter` itself, that class with the connector's `value.converter.*` keys;
 * otherwise the worker's `value.converter` with the worker's own `value.converter.*` keys (a
 * connector's sub-keys never apply to the worker's converter). Where neither sets one, JsonConverter
 * with schemas.enable=true, what the seed's workers use; the header converter defaults to
 * SimpleHeaderConverter, as in Connect.
 */
import { type ConfigProps, originalsWithPrefix } from '../config/parsed-config.js'
import type { Converter, HeaderConverter } from '../converters/converter.js'
import {
  createConverter,
  createHeaderConverter,
  findConverterPlugin,
  HEADER_CONVERTER_CLASS_DEFAULT,
} from '../converters/registry.js'
import type { NamedConverter } from '../sink/sink-runtime.js'

export const DEFAULT_CONVERTER = 'org.apache.kafka.connect.json.JsonConverter'

export interface ConnectorConverters {
  readonly key: NamedConverter<Converter>
  readonly value: NamedConverter<Converter>
  readonly header: NamedConverter<HeaderConverter>
}

function choose(connector: ConfigProps, worker: ConfigProps, key: string, fallback: string) {
  const own = connector[key]
  if (own !== undefined && own !== null && own.trim() !== '') {
    return { className: own.trim(), config: originalsWithPrefix(connector, `${key}.`) }
  }
  const fromWorker = worker[key]
  if (fromWorker !== undefined && fromWorker !== null && fromWorker.trim() !== '') {
    return { className: fromWorker.trim(), config: originalsWithPrefix(worker, `${key}.`) }
  }
  return { className: fallback, config: {} }
}

export async function connectorConverters(
  connector: ConfigProps,
  worker: ConfigProps = {},
): Promise<ConnectorConverters> {
  const k = choose(connector, worker, 'key.converter', DEFAULT_CONVERTER)
  const v = choose(connector, worker, 'value.converter', DEFAULT_CONVERTER)
  const h = choose(connector, worker, 'header.converter', HEADER_CONVERTER_CLASS_DEFAULT)
  const [key, value, header] = await Promise.all([
    createConverter(k.className, k.config, true),
    createConverter(v.className, v.config, false),
    createHeaderConverter(h.className, h.config),
  ])
  // error contexts and DLQ headers carry the class name, also where the config used an alias
  const fullName = (name: string) => findConverterPlugin(name)?.className ?? name
  return {
    key: { className: fullName(k.className), converter: key },
    value: { className: fullName(v.className), converter: value },
    header: { className: fullName(h.className), converter: header },
  }
}
