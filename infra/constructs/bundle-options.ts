/**
 * How every function is bundled (ConnectorFunction; bench/cold-start.ts measures the same): one
 * minified ESM file for the Lambda Node.js 22 runtime, with an external source map.
 */
import type { BuildOptions } from 'esbuild'

/** What esbuild targets: the Lambda runtime. */
export const BUNDLE_TARGET = 'node22'
/** ESM bundles whose CommonJS dependencies call require() need one (esbuild leaves it undefined in ESM). */
export const REQUIRE_BANNER =
  "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
/**
 * Left out of every bundle: nothing. The AWS SDK v3 is bundled rather than taken from the Lambda
 * runtime, so a function runs the SDK version it was tested with (the runtime's copy changes under a
 * deployed function) and starts faster (one tree-shaken file instead of node_modules resolution; see
 * docs/decisions.md, "Lambda packaging").
 */
export const EXTERNAL_MODULES: readonly string[] = []

/** The AWS SDK's packages: what bench/cold-start.ts leaves out to report a bundle's size without it. */
export const AWS_SDK_MODULES: readonly string[] = ['@aws-sdk/*', '@smithy/*']

/**
 * Imports replaced in every bundle. `@platformatic/wasm-utils` (the Kafka client's CRC and codecs)
 * reads `../dist/native.wasm` beside its module at load, a file a bundle does not carry; its
 * `bundled` entry holds the same WebAssembly inline.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@platformatic/wasm-utils': '@platformatic/wasm-utils/bundled',
}

/**
 * The esbuild options of a function's bundle, for the benches that build one as the construct does
 * (bench/cold-start.ts, bench/sink.ts); `external`: what to leave out (default: nothing).
 */
export function functionBundleOptions(
  entryPoint: string,
  outfile: string,
  external: readonly string[] = EXTERNAL_MODULES,
): BuildOptions {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    target: BUNDLE_TARGET,
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [...external],
    banner: { js: REQUIRE_BANNER },
    alias: { ...BUNDLE_ALIASES },
    logLevel: 'error',
  }
}
