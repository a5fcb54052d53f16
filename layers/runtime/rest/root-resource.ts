/** `/` and `/health`: Connect's `RootResource`. */
import type { ConnectApiBackend } from './backend.js'
import type { WorkerStatus } from './entities.js'
import type { Route } from './router.js'

/** Connect's answer from a worker that has started. */
export const HEALTHY: WorkerStatus = {
  status: 'healthy',
  message: 'Worker has completed startup and is ready to handle requests.',
}

export function rootRoutes(backend: ConnectApiBackend): Route[] {
  return [
    { method: 'GET', path: '/', handle: async () => ({ status: 200, entity: await backend.serverInfo() }) },
    { method: 'GET', path: '/health', handle: async () => ({ status: 200, entity: HEALTHY }) },
  ]
}
