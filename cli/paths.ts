import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The project root (where package.json is), whether running from cli/ under tsx or from dist/cli/. */
export const projectRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('connectless: cannot find package.json above ' + fileURLToPath(import.meta.url))
    dir = up
  }
  return dir
})()
