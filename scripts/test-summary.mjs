// Prints the closing line CI reads, `N passed, N failed`, from vitest's JSON report.
import { existsSync, readFileSync } from 'node:fs'

const file = process.argv[2] ?? '.infra/test-results.json'
if (!existsSync(file)) {
  console.log('0 passed, 1 failed')
  process.exit(0)
}
const report = JSON.parse(readFileSync(file, 'utf8'))
// files that failed to load count as failures too
const failedSuites = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0,
).length
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
console.log(
  `${report.numPassedTests} passed, ${report.numFailedTests + failedSuites} failed${skipped ? `, ${skipped} skipped` : ''}`,
)
