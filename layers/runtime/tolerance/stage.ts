/** Connect's `Stage`: where in the pipeline an error happened (written to logs and DLQ headers). */
export const Stage = {
  KEY_CONVERTER: 'KEY_CONVERTER',
  VALUE_CONVERTER: 'VALUE_CONVERTER',
  HEADER_CONVERTER: 'HEADER_CONVERTER',
  TRANSFORMATION: 'TRANSFORMATION',
  TASK_PUT: 'TASK_PUT',
  TASK_POLL: 'TASK_POLL',
  KAFKA_PRODUCE: 'KAFKA_PRODUCE',
  KAFKA_CONSUME: 'KAFKA_CONSUME',
} as const
export type Stage = (typeof Stage)[keyof typeof Stage]

/** Stages where any error can be tolerated; elsewhere only a RetriableException is (Connect's rule). */
export const TOLERABLE_ANY_ERROR: ReadonlySet<Stage> = new Set([
  Stage.KEY_CONVERTER,
  Stage.VALUE_CONVERTER,
  Stage.HEADER_CONVERTER,
  Stage.TRANSFORMATION,
])
