export { DEFAULT_BASE_URL } from './options.js'
export { createWeComSimulator, type WeComSimulator } from './simulator.js'
export type {
  BatchCallback,
  BatchJob,
  BatchJobType,
  Department,
  ExtAttrs,
  ExternalProfile,
  InjectedFailure,
  ListenOptions,
  Media,
  MediaType,
  Member,
  MemberStatus,
  NewDepartment,
  NewMedia,
  NewMember,
  NewTag,
  OAuthCodeOptions,
  PartyJobResult,
  RecordedRequest,
  SimulatorOptions,
  SimulatorServer,
  Tag,
  UploadedImage,
  UserJobResult,
} from './types.js'
export { ERRCODE_MESSAGES } from './wecom/errcodes.js'
