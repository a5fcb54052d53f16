// Lambda bundles: each functions/<name>/handler.ts becomes dist/bundles/<name>/index.mjs (ESM, Node 22,
// minified, the AWS SDK left out because the Lambda runtime provides it). Prints each bundle's size.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const names = readdirSync('functions').filter((n) => existsSync(join('functions', n, 'handler.ts')))
const only = process.argv.slice(2)
for (const name of names.filter((n) => only.length === 0 || only.includes(n))) {
  const outfile = join('dist/bundles', name, 'index.mjs')
  await build({
    entryPoints: [join('functions', name, 'handler.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    external: ['@aws-sdk/*', '@smithy/*'],
    // ESM bundles that contain CommonJS dependencies need require()
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  })
  console.log(`${name}: ${(statSync(outfile).size / 1024).toFixed(0)} KB`)
}
if (names.length === 0) console.log('no functions/*/handler.ts to bundle yet')
