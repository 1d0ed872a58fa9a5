import { isWeComValidationError } from '@wecom-kit/core'

/** True when `run` throws a WeComValidationError (and not some other exception, or nothing). */
export function throwsValidationError(run: () => unknown): boolean {
  try {
    run()
  } catch (error) {
    return isWeComValidationError(error)
  }
  return false
}
