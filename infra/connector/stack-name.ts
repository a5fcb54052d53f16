/**
 * A CloudFormation stack name for a connector: its name where that is one (letters, digits and
 * hyphens, starting with a letter, at most 128), otherwise with every other character as a hyphen.
 */
export function connectorStackName(connector: string): string {
  const name = connector.replace(/[^A-Za-z0-9-]/g, '-')
  return (/^[A-Za-z]/.test(name) ? name : `connector-${name}`).slice(0, 128)
}
