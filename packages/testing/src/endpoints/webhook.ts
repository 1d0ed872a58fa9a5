import { findRobot, robotSend, robotUpload } from '../corp/webhooks.js'
import { isFailure } from '../wecom/answer.js'
import { readMediaPart } from './media.js'
import type { Endpoint } from './types.js'

/**
 * POST webhook/send?key (群机器人, document/path/91770): no access_token, the key is the credential;
 * 93000 for a key no robot has. Pacing and the message rules are in corp/webhooks.ts.
 */
export const webhookSend: Endpoint = {
  path: 'webhook/send',
  method: 'POST',
  public: true,
  handle({ state, query, body, now }) {
    const robot = findRobot(state, query.key)
    if (isFailure(robot)) return robot
    return robotSend(robot, body, now)
  },
}

/**
 * POST webhook/upload_media?key&type=file|voice: multipart, the file in part `media` (44001 without
 * one); the media_id answered is this robot's only.
 */
export const webhookUploadMedia: Endpoint = {
  path: 'webhook/upload_media',
  method: 'POST',
  public: true,
  rawBody: true,
  async handle({ state, query, request, now }) {
    // The body is read before anything is refused, so the client's upload always completes.
    const file = await readMediaPart(request)
    const robot = findRobot(state, query.key)
    if (isFailure(robot)) return robot
    if (isFailure(file)) return file
    return robotUpload(robot, query.type, file, now)
  },
}
