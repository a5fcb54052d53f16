/**
 * Config provider references, `${provider:[path:]key}`, found with the pattern of Kafka's
 * `ConfigTransformer`. Its groups are lazy, so in `${a:b:c:d}` the provider is `a`, the path `b`
 * and the key `c:d`; without a second colon the path is empty.
 */

/** One `${provider:[path:]key}` occurrence in a config value. */
export interface ConfigReference {
  readonly provider: string
  /** Empty when the reference has no path (`${env:HOME}`). */
  readonly path: string
  readonly key: string
  /** The reference as written, e.g. `${file:/opt/kafka/secrets/db.properties:password}`. */
  readonly text: string
}

// Kafka's `ConfigTransformer.DEFAULT_PATTERN`. Global, so it is only used through matchAll and
// replace, which do not share its lastIndex between calls.
const REFERENCE_PATTERN = /\$\{([^}]*?):(([^}]*?):)?([^}]*?)\}/g

function toReference(text: string, provider = '', path = '', key = ''): ConfigReference {
  return { provider, path, key, text }
}

/** Every reference in `value`, in order: what a deployment must grant access to. */
export function parseConfigReferences(value: string): ConfigReference[] {
  return [...value.matchAll(REFERENCE_PATTERN)].map(([text, provider, , path, key]) =>
    toReference(text, provider, path, key),
  )
}

/** `value` with each reference replaced by what `replacer` returns for it; the text around is kept. */
export function replaceConfigReferences(value: string, replacer: (reference: ConfigReference) => string): string {
  return value.replace(
    REFERENCE_PATTERN,
    (text: string, provider?: string, _pathWithColon?: string, path?: string, key?: string) =>
      replacer(toReference(text, provider, path, key)),
  )
}
