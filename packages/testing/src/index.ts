export { DEFAULT_BASE_URL } from './options.js'
export { createWeComSimulator, type WeComSimulator } from './simulator.js'
export type {
  Department,
  ExtAttrs,
  ExternalProfile,
  InjectedFailure,
  ListenOptions,
  Member,
  MemberStatus,
  NewDepartment,
  NewMember,
  OAuthCodeOptions,
  RecordedRequest,
  SimulatorOptions,
  SimulatorServer,
} from './types.js'
export { ERRCODE_MESSAGES } from './wecom/errcodes.js'
