import { ConnectException } from '../../../layers/runtime/errors.js'

/** A record that cannot be placed in a partition (Confluent's storage `PartitionException`). */
export class PartitionException extends ConnectException {
  static override readonly javaClassName: string = 'io.confluent.connect.storage.errors.PartitionException'
}
