/**
 * Config keys that look like Kafka Connect keys but are not, copied from tutorials (the seed's DLQ
 * settings, `type.name`): Connect ignores them silently, so a user never learns that the setting they
 * meant is off. connectless ignores them too, as Connect does, but says so once, naming the key that
 * was probably meant.
 *
 * The table is data: add an entry here for a mistake every connector can make, or pass connector
 * specific entries (an obsolete key of one connector) to {@link warnSeedMistakes}.
 */
import { warnOnce } from '../logging.js'

export interface SeedMistake {
  /** The key as users write it. */
  readonly key: string
  /** The Connect key that does what the user meant; null where there is none (an obsolete key). */
  readonly meant: string | null
  /** What Connect does because of the mistake, one sentence (shown while the meant key is not set). */
  readonly consequence: string
}

/** Mistakes any connector's config can carry. */
export const SEED_MISTAKES: readonly SeedMistake[] = [
  {
    key: 'errors.deadletterqueue.headers.add',
    meant: 'errors.deadletterqueue.context.headers.enable',
    consequence:
      'Its default is false, so dead-letter records carry no __connect.errors.* headers saying why they failed.',
  },
  {
    key: 'errors.context.headers.enable',
    meant: 'errors.deadletterqueue.context.headers.enable',
    consequence:
      'Its default is false, so dead-letter records carry no __connect.errors.* headers saying why they failed.',
  },
  {
    key: 'connector.task.max',
    meant: 'tasks.max',
    consequence: 'The connector runs with its default, tasks.max=1.',
  },
]

/** The warning text for one mistake found in `props`. */
export function seedMistakeMessage(mistake: SeedMistake, props: Readonly<Record<string, string | null>>): string {
  const head = `Config key '${mistake.key}' is not a Kafka Connect key and is ignored, as Connect ignores it.`
  if (mistake.meant === null) return `${head} ${mistake.consequence}`
  const meantValue = props[mistake.meant]
  if (meantValue !== undefined) {
    return `${head} Did you mean '${mistake.meant}'? It is set ('${meantValue ?? 'null'}') and applies.`
  }
  return `${head} Did you mean '${mistake.meant}'? It is not set. ${mistake.consequence}`
}

/**
 * The mistakes (of {@link SEED_MISTAKES} and `extra`) present in `props`, in table order, each with its
 * warning text; each is also logged once per process as a warning.
 */
export function warnSeedMistakes(
  props: Readonly<Record<string, string | null>>,
  extra: readonly SeedMistake[] = [],
): Array<{ readonly mistake: SeedMistake; readonly message: string }> {
  const found: Array<{ readonly mistake: SeedMistake; readonly message: string }> = []
  for (const mistake of [...SEED_MISTAKES, ...extra]) {
    if (!Object.hasOwn(props, mistake.key)) continue
    const message = seedMistakeMessage(mistake, props)
    found.push({ mistake, message })
    warnOnce(`seed-mistake:${mistake.key}`, message, { key: mistake.key, meant: mistake.meant })
  }
  return found
}
