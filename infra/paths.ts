import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The connectless checkout (where package.json is): the root function entries and the lock file are resolved from. */
export const connectlessRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`connectless: cannot find package.json above ${fileURLToPath(import.meta.url)}`)
    dir = up
  }
  return dir
})()
