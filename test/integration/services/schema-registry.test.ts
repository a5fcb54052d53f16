import { describe, expect, it } from 'vitest'
import { subjectName } from '../../support/names.js'
import { endpoints, requireServices } from '../../support/services.js'

requireServices('registry', 'registry-auth')

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json'
const orderSchema = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
  ],
}

function basic(userInfo: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(userInfo).toString('base64')}` }
}

async function register(base: string, subject: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/subjects/${encodeURIComponent(subject)}/versions`, {
    method: 'POST',
    headers: { 'content-type': CONTENT_TYPE, ...headers },
    body: JSON.stringify({ schema: JSON.stringify(orderSchema) }),
  })
}

describe('Schema Registry (Apicurio, Confluent-compatible API)', () => {
  it('registers an Avro schema without credentials on the open registry and returns it by id', async () => {
    const base = endpoints.registry.url
    const response = await register(base, subjectName('orders-value'))
    expect(response.status).toBe(200)
    const { id } = (await response.json()) as { id: number }

    const byId = await fetch(`${base}/schemas/ids/${id}`)
    expect(byId.status).toBe(200)
    const body = (await byId.json()) as { schema: string; schemaType?: string }
    expect(JSON.parse(body.schema)).toEqual(orderSchema)
  })

  it('registers with basic auth, returns the schema by id, and gives the same id for the same schema', async () => {
    const { url: base, userInfo } = endpoints.registryAuth
    const subject = subjectName('orders-value')
    const first = await register(base, subject, basic(userInfo))
    expect(first.status).toBe(200)
    const { id } = (await first.json()) as { id: number }
    const again = await register(base, subject, basic(userInfo))
    expect(((await again.json()) as { id: number }).id).toBe(id)

    const byId = await fetch(`${base}/schemas/ids/${id}`, { headers: basic(userInfo) })
    expect(byId.status).toBe(200)
    const body = (await byId.json()) as { schema: string; schemaType?: string }
    expect(JSON.parse(body.schema)).toEqual(orderSchema)
    // Apicurio leaves schemaType out for Avro (Confluent's default), which some clients mis-handle
    expect(body.schemaType ?? 'AVRO').toBe('AVRO')

    const versions = await fetch(`${base}/subjects/${encodeURIComponent(subject)}/versions`, {
      headers: basic(userInfo),
    })
    expect(await versions.json()).toEqual([1])
  })

  it('refuses requests without credentials or with wrong ones on the authenticated registry (401)', async () => {
    const { url: base, username } = endpoints.registryAuth
    const subject = subjectName('refused')
    expect((await register(base, subject)).status).toBe(401)
    expect((await register(base, subject, basic(`${username}:wrong-password`))).status).toBe(401)
    expect((await fetch(`${base}/subjects`)).status).toBe(401)
    expect((await fetch(`${base}/subjects`, { headers: basic(`${username}:wrong-password`) })).status).toBe(401)
    expect((await fetch(`${base}/schemas/ids/1`, { headers: basic('nobody:nothing') })).status).toBe(401)
  })
})
