/**
 * Read access to exactly the secrets and parameters a connector's config references, for its
 * config providers to resolve at cold start. A secret named without an ARN matches its name and the
 * six random characters Secrets Manager appends (`<name>-??????`); an SSM parameter is granted by
 * name. `GetParameters` is the action the `ssm` provider calls (it fetches up to ten names at once).
 */
import { ArnFormat, Stack } from 'aws-cdk-lib'
import * as iam from 'aws-cdk-lib/aws-iam'
import type { IConstruct } from 'constructs'
import type { ProviderReferences } from '../connector/provider-references.js'

function secretArn(stack: Stack, secretId: string, region: string | null): string {
  if (secretId.startsWith('arn:')) return secretId
  return stack.formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${secretId}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    ...(region === null ? {} : { region }),
  })
}

function parameterArn(stack: Stack, name: string, region: string | null): string {
  if (name.startsWith('arn:')) return name
  return stack.formatArn({
    service: 'ssm',
    resource: 'parameter',
    resourceName: name.replace(/^\/+/, ''),
    ...(region === null ? {} : { region }),
  })
}

/** The ARNs (patterns for secrets named without an ARN) of the secrets `references` names. */
export function referencedSecretArns(scope: IConstruct, references: ProviderReferences): string[] {
  const stack = Stack.of(scope)
  return references.secrets.map((s) => secretArn(stack, s.secretId, s.region))
}

/** Grants `role` reading what `references` names; nothing where it names nothing. */
export function grantProviderReferences(role: iam.Role, references: ProviderReferences): void {
  const stack = Stack.of(role)
  if (references.secrets.length > 0) {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: referencedSecretArns(role, references),
      }),
    )
  }
  if (references.parameters.length > 0) {
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ssm:GetParameters'],
        resources: references.parameters.map((p) => parameterArn(stack, p.parameterName, p.region)),
      }),
    )
  }
}
