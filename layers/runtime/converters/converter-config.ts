/**
 * Connect's `ConverterConfig`: the one key every converter's config has, `converter.type` (`key`,
 * `value` or `header`), which Connect sets itself: `configure(config, isKey)` fills it in, and a
 * header converter is given `header`.
 */
import { defineConfig, field, validString } from '../config/index.js'
import type { ConverterConfig } from './converter.js'

export const CONVERTER_TYPE_CONFIG = 'converter.type'

/** How a converter is used: Connect's `ConverterType`. */
export const ConverterType = { KEY: 'key', VALUE: 'value', HEADER: 'header' } as const
export type ConverterType = (typeof ConverterType)[keyof typeof ConverterType]

/** The `converter.type` key, to include in a converter's own definition. */
export const converterTypeField = field.string({
  doc: 'How this converter will be used.',
  validator: validString(ConverterType.KEY, ConverterType.VALUE, ConverterType.HEADER),
  importance: 'LOW',
})

/** Connect's `ConverterConfig.newConfigDef()`: the definition of a converter with no keys of its own. */
export const CONVERTER_CONFIG = defineConfig({ [CONVERTER_TYPE_CONFIG]: converterTypeField })

/**
 * The config as `configure(config, isKey)` passes it on (`converter.type` set to `key` or `value`);
 * with `isKey` left out (`configure(config)`, as for a header converter) the config as given.
 */
export function withConverterType(config: ConverterConfig, isKey: boolean | undefined): ConverterConfig {
  if (isKey === undefined) return config
  return { ...config, [CONVERTER_TYPE_CONFIG]: isKey ? ConverterType.KEY : ConverterType.VALUE }
}
