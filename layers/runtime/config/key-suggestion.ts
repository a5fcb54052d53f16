/**
 * Finds the key a run-together `key.rest` line probably meant: `offset.storage.filename.offsets.json`
 * is `offset.storage.file.filename` (one dotted segment dropped) followed by `offsets.json`.
 */

/** A candidate key and what followed it on the line. */
export interface KeySuggestion {
  readonly key: string
  readonly rest: string
}

function editDistance<T>(a: readonly T[], b: readonly T[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

/**
 * How far `prefix` is from `key`, or undefined when it is not near: near means equal, a typo of at
 * most two characters in a key of eight or more, or one dotted segment added, dropped or replaced
 * while at least two segments stay the same.
 */
function distance(prefix: string, key: string): number | undefined {
  const chars = editDistance([...prefix], [...key])
  if (chars === 0 || (chars <= 2 && key.length >= 8)) return chars
  const prefixSegments = prefix.split('.')
  const keySegments = key.split('.')
  const segments = editDistance(prefixSegments, keySegments)
  const unchanged = Math.max(prefixSegments.length, keySegments.length) - segments
  return segments === 1 && unchanged >= 2 ? chars : undefined
}

/**
 * The candidate that `line` most nearly begins with, followed by a dot and more text; the closest
 * match wins, then the longest prefix.
 */
export function suggestKey(line: string, candidates: readonly string[]): KeySuggestion | undefined {
  let best: (KeySuggestion & { distance: number; prefixLength: number }) | undefined
  for (let dot = line.indexOf('.'); dot > 0; dot = line.indexOf('.', dot + 1)) {
    const prefix = line.slice(0, dot)
    const rest = line.slice(dot + 1)
    if (rest === '') continue
    for (const key of candidates) {
      const d = distance(prefix, key)
      if (d === undefined) continue
      if (best === undefined || d < best.distance || (d === best.distance && dot > best.prefixLength)) {
        best = { key, rest, distance: d, prefixLength: dot }
      }
    }
  }
  return best && { key: best.key, rest: best.rest }
}
