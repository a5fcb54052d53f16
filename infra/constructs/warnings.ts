/** Config warnings shown by `cdk synth` (and failing `cdk synth --strict`). */
import { createHash } from 'node:crypto'
import { Annotations } from 'aws-cdk-lib'
import type { IConstruct } from 'constructs'

/** Adds each warning to `scope`, with an id derived from its text so that it can be acknowledged. */
export function addWarnings(scope: IConstruct, warnings: readonly string[]): void {
  for (const warning of new Set(warnings)) {
    const id = createHash('sha256').update(warning).digest('hex').slice(0, 12)
    Annotations.of(scope).addWarningV2(`connectless:config-${id}`, warning)
  }
}
