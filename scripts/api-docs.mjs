// Generates the API reference (docs/api) with TypeDoc from the packages' sources, and fails on
// any TypeDoc error or warning (a symbol used in a public signature but not exported, a broken
// {@link}, …) but one: valibot's inferred types repeat each schema property's declaration, so
// TypeDoc reports "has multiple declarations with a comment" for the same line twice. Those
// comments are kept on purpose: they are what editors show on hover.
import { Application, LogLevel } from 'typedoc'

const BENIGN_WARNING = /has multiple declarations with a comment/
const BENIGN_INFO = /^The comments for .* are declared at/

const app = await Application.bootstrapWithPlugins({ options: 'typedoc.json' })
const logger = app.logger
const warn = logger.warn.bind(logger)
const info = logger.info.bind(logger)
let ignored = 0
logger.warn = (text, ...rest) => {
  if (BENIGN_WARNING.test(text)) {
    ignored++
    return
  }
  warn(text, ...rest)
}
logger.info = (text) => {
  if (!BENIGN_INFO.test(text)) info(text)
}

const project = await app.convert()
if (!project) {
  console.error('api-docs: TypeDoc could not convert the project')
  process.exit(1)
}
app.validate(project)
if (logger.hasErrors() || logger.hasWarnings()) {
  console.error(`api-docs: ${logger.errorCount} errors, ${logger.warningCount} warnings (see above)`)
  process.exit(1)
}
const out = app.options.getValue('out')
await app.generateDocs(project, out)
if (logger.hasErrors() || logger.hasWarnings()) process.exit(1)
logger.log(
  `api-docs: ${out} written (${ignored} duplicate-comment notices from valibot types ignored)`,
  LogLevel.Info,
)
