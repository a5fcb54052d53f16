/**
 * Reference parts as AWS's own MSK config providers accept them, so worker and connector configs
 * written for MSK Connect resolve unchanged: a `?ttl=<ms>` suffix is ignored, and a URL-encoded
 * name (an ARN, whose colons the reference pattern cannot hold) is decoded.
 */

/** The provider setting naming the AWS region; without it the SDK's standard resolution applies. */
export const REGION_CONFIG = 'region'

/** `part` without a trailing `?ttl=<ms>`. */
export function withoutTtl(part: string): string {
  return part.replace(/\?ttl=[0-9]+$/, '')
}

/** The AWS name or ARN a reference part stands for. */
export function awsName(part: string): string {
  const name = withoutTtl(part)
  return name.includes('%') ? decodeURIComponent(name) : name
}

/** Client settings from provider params: only the region, when given. */
export function clientConfig(region: string | null | undefined): { region?: string } {
  return region ? { region } : {}
}

/** A one-line description of an SDK error, which carries names and ARNs but never secret values. */
export function describeAwsError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
