import { defineEndpoint } from '@wecom-kit/core/resource-kit'
import * as v from 'valibot'
import { CreateUserInput, MobileInput, UserId } from './schemas.js'
import type {
  ConvertToOpenIdResult,
  GetUserIdResult,
  GetUserResult,
  InviteUserResult,
  WeComResult,
} from './types.js'

// The users operation table: one entry per plain endpoint (check the input, call one path).
// `idempotent`: may the call be sent again after it possibly reached WeCom?

/** POST user/create. Not replayed after a timeout: a second create would fail with 60102. */
export const createUser = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'user/create',
  doc: 90195,
  idempotent: false,
  input: CreateUserInput,
  returns: {} as WeComResult,
})

/** GET user/get. */
export const getUser = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'user/get',
  doc: 90196,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ userid: UserId }),
  args: (userId: string) => ({ userid: userId }),
  returns: {} as GetUserResult,
})

/** POST batch/invite for one member. Not replayed: a second invite is a second notification. */
export const inviteUser = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'batch/invite',
  doc: 90975,
  idempotent: false,
  input: /* @__PURE__ */ v.object({ user: /* @__PURE__ */ v.tuple([UserId]) }),
  args: (userId: string) => ({ user: [userId] as [string] }),
  returns: {} as InviteUserResult,
})

/** POST user/getuserid: the userid for a mobile number. */
export const getUserIdByMobile = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'user/getuserid',
  doc: 95402,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ mobile: MobileInput }),
  args: (mobile: string) => ({ mobile }),
  returns: {} as GetUserIdResult,
})

/** POST user/convert_to_openid: the openid WeChat Pay and red packets need. */
export const convertToOpenId = /* @__PURE__ */ defineEndpoint({
  method: 'POST',
  path: 'user/convert_to_openid',
  doc: 90202,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ userid: UserId }),
  args: (userId: string) => ({ userid: userId }),
  returns: {} as ConvertToOpenIdResult,
})

/** GET user/authsucc: marks a member as verified after your own second-factor check. */
export const authSucc = /* @__PURE__ */ defineEndpoint({
  method: 'GET',
  path: 'user/authsucc',
  doc: 90203,
  idempotent: true,
  input: /* @__PURE__ */ v.object({ userid: UserId }),
  args: (userId: string) => ({ userid: userId }),
  returns: {} as WeComResult,
})
