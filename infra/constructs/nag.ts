/**
 * Narrow cdk-nag suppressions: each names one rule, the exact findings it covers (`appliesTo`) and
 * why the finding is accepted, next to the resource it concerns.
 */
import { Stack } from 'aws-cdk-lib'
import { NagSuppressions } from 'cdk-nag'
// cdk-nag's own rendering of a resolved reference, so that a suppression names exactly the finding it covers.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js'
import type { IConstruct } from 'constructs'

/** Accepts `rule`'s findings `appliesTo` (all of them where omitted) on `scope` and its children. */
export function suppressNag(scope: IConstruct, rule: string, reason: string, appliesTo?: readonly string[]): void {
  NagSuppressions.addResourceSuppressions(
    scope,
    [{ id: `AwsSolutions-${rule}`, reason, ...(appliesTo === undefined ? {} : { appliesTo: [...appliesTo] }) }],
    true,
  )
}

/**
 * The finding cdk-nag reports for a wildcard resource, e.g. `Resource::arn:<AWS::Partition>:s3:::bucket/topics/*`:
 * the ARN resolved in `scope`'s stack and flattened as cdk-nag flattens it.
 */
export function resourceFinding(scope: IConstruct, arn: string): string {
  return `Resource::${flattenCfnReference(Stack.of(scope).resolve(arn))}`
}
