/**
 * Kafka's built-in transforms and predicates: loading this module registers them all in the plugin
 * registry (`registry.ts`). Adding a transform module is one import line here.
 */
import './cast.js'
import './drop-headers.js'
import './extract-field.js'
import './filter.js'
import './flatten.js'
import './header-from.js'
import './hoist-field.js'
import './insert-field.js'
import './insert-header.js'
import './mask-field.js'
import './predicates/has-header-key.js'
import './predicates/record-is-tombstone.js'
import './predicates/topic-name-matches.js'
import './regex-router.js'
import './replace-field.js'
import './set-schema-metadata.js'
import './timestamp-converter.js'
import './timestamp-router.js'
import './value-to-key.js'

export { plugins } from './registry.js'
