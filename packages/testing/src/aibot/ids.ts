import { randomBytes } from 'node:crypto'

// Shapes follow what WeCom sends: msgids are base64 ("CAIQ16HMjQYY/NGagIOAgAMgq4KM0AI="), media
// ids base64url, the rest opaque. Nothing depends on their format but uniqueness.

export const newReqId = (): string => randomBytes(16).toString('hex')
export const newMsgId = (): string => randomBytes(21).toString('base64')
export const newUploadId = (): string => randomBytes(16).toString('hex')
export const newMediaId = (): string => `3${randomBytes(32).toString('base64url')}`
export const newCode = (): string => randomBytes(24).toString('base64url')
export const newNonce = (): string => randomBytes(8).toString('hex')
