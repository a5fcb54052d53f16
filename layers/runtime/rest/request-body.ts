/**
 * Reading request bodies as Connect's Jackson provider does, except that a body that is not JSON, or
 * not of the expected shape, is a 400 here (Connect answers 500 with Jackson's message).
 */
import { BadRequestException } from './rest-exception.js'

/** The body parsed as JSON; `null` when there is none. */
export function readJson(body: string | null): unknown {
  if (body === null || body.trim() === '') return null
  try {
    return JSON.parse(body) as unknown
  } catch (e) {
    throw new BadRequestException(`The request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
}

/**
 * A config map (`Map<String, String>` in Connect): numbers and booleans become their text as Jackson
 * coerces them, `null` stays `null`; nested objects and arrays are refused.
 */
export function readConfigMap(body: string | null): Record<string, string | null> {
  return toConfigMap(readJson(body))
}

/** A parsed JSON value as a config map, with {@link readConfigMap}'s rules. */
export function toConfigMap(json: unknown): Record<string, string | null> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new BadRequestException('The config must be a JSON object of config keys and values')
  }
  const out: Record<string, string | null> = {}
  for (const [key, value] of Object.entries(json)) {
    if (value === null || typeof value === 'string') out[key] = value
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = String(value)
    else {
      throw new BadRequestException(
        `The value of config key "${key}" must be a string, not a JSON ${Array.isArray(value) ? 'array' : 'object'}`,
      )
    }
  }
  return out
}
