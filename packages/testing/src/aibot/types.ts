/**
 * The AI-bot gateway's public types. Bodies keep WeCom's own field names (`msgid`, `aibotid`,
 * `chattype`, `from.userid`, `stream.id` …) so a test compares what the gateway holds with what a
 * bot sent or received, field for field.
 */

export type JsonObject = Record<string, unknown>

/** A bot's long-connection credentials, as the admin console shows them. */
export interface AiBotCredentials {
  botId: string
  secret: string
}

export interface AiBotGatewayOptions {
  /** The bots that may subscribe. Default one: `DEFAULT_AIBOT`. The first is the default bot of every control. */
  bots?: AiBotCredentials[] | undefined
  /** Default 127.0.0.1. */
  host?: string | undefined
  /** Default 0: a free port. */
  port?: number | undefined
  /** Where the gateway reads the time, epoch ms. Default `Date.now`; `advanceTime` moves it on. */
  clock?: (() => number) | undefined
  /** Every acknowledgement waits this long (real time). Default 0; `Infinity` never answers. */
  ackDelayMs?: number | undefined
  /** A stream takes updates this long after its first frame (webhook: after the user's message). Default 6 min. */
  streamDeadlineMs?: number | undefined
  /** Welcome (enter_chat) and card updates (template_card_event) are taken this long after the event. Default 5 s. */
  eventReplyWindowMs?: number | undefined
  /** Other replies to a message are taken this long after it. Default 24 h. */
  replyWindowMs?: number | undefined
  /**
   * A connection with no `ping` for this long is closed. Default 90 s; `Infinity` never. Measured on
   * `clock` alone: `advanceTime` does not count, so a jump of minutes does not drop a pinging bot.
   */
  heartbeatTimeoutMs?: number | undefined
  /** How long a kicked connection stays open after its `disconnected_event`. Default `Infinity`: WeCom may never close it. */
  kickCloseDelayMs?: number | undefined
  /** Media URLs in messages work this long. Default 5 min. */
  mediaUrlTtlMs?: number | undefined
  /** A `response_url` takes its one reply this long. Default 1 h. */
  responseUrlTtlMs?: number | undefined
  /** An upload must finish this long after its init. Default 30 min. */
  uploadTtlMs?: number | undefined
}

/** Who writes, and where. Defaults: the default bot, userid `sim-user`, a single chat. */
export interface AiBotSender {
  botId?: string | undefined
  userid?: string | undefined
  /** Default 'single'; 'group' also sets a chatid (default `wrsimgroup`). */
  chattype?: 'single' | 'group' | undefined
  chatid?: string | undefined
}

/**
 * A file a user sends. The gateway encrypts it as WeCom does and serves it at a short-lived URL:
 * the message carries `url` (and `aeskey` over the long connection).
 */
export interface AiBotMediaInput {
  data: Uint8Array | string
  contentType?: string | undefined
  filename?: string | undefined
}

export type AiBotMixedItem =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: AiBotMediaInput }

/** What a user can send, in WeCom's shape; media fields take the file itself. */
export type AiBotMessageContent =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: AiBotMediaInput }
  | { msgtype: 'mixed'; mixed: { msg_item: AiBotMixedItem[] } }
  | { msgtype: 'voice'; voice: { content: string } }
  | { msgtype: 'file'; file: AiBotMediaInput }
  | { msgtype: 'video'; video: AiBotMediaInput }

export type AiBotUserMessage = AiBotSender &
  AiBotMessageContent & {
    /** The message the user quotes. */
    quote?: AiBotMessageContent | undefined
    /** Default: a fresh one. */
    msgid?: string | undefined
  }

export type AiBotEventType = 'enter_chat' | 'template_card_event' | 'feedback_event'

export interface AiBotUserEvent extends AiBotSender {
  eventtype: AiBotEventType
  /** For template_card_event. Default `{ card_type: 'button_interaction', event_key: 'button_key', task_id: 'task_id' }`. */
  template_card_event?: JsonObject | undefined
  /** For feedback_event. Default `{ id: 'feedback_id', type: 1 }`. */
  feedback_event?: JsonObject | undefined
  /** `from.corpid`; WeCom omits it for a corp's own bots. */
  corpid?: string | undefined
}

/** A frame a client sent, as received. */
export interface AiBotFrameRecord {
  connection: number
  /** The bot the connection was subscribed for when the frame came. */
  botId: string | undefined
  cmd: string | undefined
  reqId: string | undefined
  frame: unknown
  at: number
  /** The connection had been kicked: WeCom no longer listens to it, so nothing answered. */
  ignored: boolean
}

export interface AiBotConnectionInfo {
  id: number
  botId: string | undefined
  state: 'open' | 'subscribed' | 'kicked' | 'closed'
  pings: number
  /** On the `clock` option, without `advanceTime`, like the heartbeat. */
  openedAt: number
  lastPingAt: number | undefined
}

/** A callback the gateway pushed: `aibot_msg_callback` or `aibot_event_callback`. */
export interface AiBotCallbackRecord {
  reqId: string
  botId: string
  cmd: 'aibot_msg_callback' | 'aibot_event_callback'
  body: JsonObject
  at: number
}

/** One reply frame for a callback's req_id, in arrival order, refused ones included. */
export interface AiBotReplyRecord {
  cmd: string
  reqId: string
  body: JsonObject
  at: number
  errcode: number
  errmsg: string
}

/** A stream reply as the user sees it: WeCom shows the latest content of a stream id. */
export interface AiBotStreamState {
  id: string
  /** The callback's req_id; in webhook mode the msgid of the user's message. */
  reqId: string
  content: string
  /** UTF-8 bytes of `content`. */
  bytes: number
  finished: boolean
  /** Accepted frames for this stream, the first included. */
  updates: number
  startedAt: number
  updatedAt: number
  /** From the finishing frame, as sent. */
  msg_item: unknown[] | undefined
  feedback: JsonObject | undefined
}

/** An `aibot_send_msg` frame (proactive push). */
export interface AiBotSentRecord {
  reqId: string
  botId: string
  chatid: string | undefined
  msgtype: string | undefined
  body: JsonObject
  at: number
  errcode: number
  errmsg: string
}

/** Media a bot uploaded in chunks, reassembled. */
export interface AiBotUploadedMedia {
  media_id: string
  botId: string
  type: string
  filename: string
  data: Uint8Array
  md5: string
  /** Seconds since the epoch, as a string, as WeCom answers it. */
  created_at: string
}

/** A POST to a `response_url`. */
export interface AiBotResponseUrlRecord {
  /** The msgid of the callback that carried the URL. */
  msgid: string
  botId: string
  body: unknown
  at: number
  errcode: number
  errmsg: string
}

export interface AiBotHostedMedia {
  url: string
  /** base64 of the 32-byte key, 43 characters without padding, as WeCom sends it. */
  aeskey: string
}

/** Where and how WeCom reaches a bot in webhook mode (the bot's "API 接收消息" settings). */
export interface AiBotWebhookTarget {
  url: string
  token: string
  encodingAesKey: string
  /** Default: the gateway's default bot. */
  botId?: string | undefined
  /** Real time between stream refresh callbacks. Default 1000. */
  refreshIntervalMs?: number | undefined
  /** How long WeCom waits for an answer. Default 5000. */
  replyTimeoutMs?: number | undefined
}

export interface AiBotUrlCheck {
  /** The handler answered the decrypted echostr, exactly. */
  ok: boolean
  status: number
  body: string
  /** What it should have answered. */
  expected: string
  ms: number
}

/** One answer of the bot's webhook, decrypted; `body` undefined for an empty answer. */
export interface AiBotWebhookReply {
  /** The msgid of the callback this answers (the message, or a refresh). */
  msgid: string
  body: JsonObject | undefined
  at: number
  /** 0, or the errcode WeCom's rules give this reply (it is then not applied). */
  errcode: number
  errmsg: string
}

/** A callback posted to a webhook and everything that followed it. */
export interface AiBotWebhookExchange {
  msgid: string
  /** The plaintext callback body posted. */
  body: JsonObject
  responseUrl: string | undefined
  /** The first answer, then one per stream refresh. */
  replies: AiBotWebhookReply[]
  stream: AiBotStreamState | undefined
  refreshes: number
  /** The stream deadline passed before the stream finished. */
  expired: boolean
}

export interface AiBotWebhookPoster {
  /** The GET WeCom sends when the URL is saved. */
  verifyUrl(): Promise<AiBotUrlCheck>
  /** Posts a message; resolves once the reply is final (a finished or expired stream, or no stream). */
  userSays(message: string | AiBotUserMessage): Promise<AiBotWebhookExchange>
  event(event: AiBotUserEvent): Promise<AiBotWebhookExchange>
}

export interface AiBotGateway {
  /** ws://host:port — what a client connects to instead of wss://openws.work.weixin.qq.com. */
  readonly url: string
  /** http://host:port/ — media and response_url live here. */
  readonly httpUrl: string
  readonly port: number
  /** The default bot. */
  readonly botId: string
  readonly secret: string
  /** Ends every connection and the server; nothing keeps the process alive afterwards. */
  close(): Promise<void>

  addBot(bot: AiBotCredentials): void
  /** Subscribes for this bot are answered 853000 from now on (a reset secret); the socket stays open. */
  refuseSecret(botId?: string): void
  acceptSecret(botId?: string): void
  /** Resolves once a connection holds the bot (its subscribe acknowledged). */
  subscribed(botId?: string, options?: { timeoutMs?: number }): Promise<void>
  isSubscribed(botId?: string): boolean
  /**
   * What WeCom does when the bot subscribes elsewhere: the holding connection gets
   * `disconnected_event` and is no longer listened to; its socket closes after `closeAfterMs`
   * (default the `kickCloseDelayMs` option: never).
   */
  kick(botId?: string, options?: { closeAfterMs?: number }): void
  connections(): AiBotConnectionInfo[]
  /** Every acknowledgement from now on waits this long; 0 restores, `Infinity` withholds them. */
  delayAcks(ms: number): void
  now(): number
  /** Moves the gateway's time on: deadlines, reply windows and URL lifetimes see it (heartbeats do not). */
  advanceTime(ms: number): void

  /** Pushes `aibot_msg_callback` to the connection holding the bot; returns its req_id. */
  userSays(message: string | AiBotUserMessage): string
  /** Pushes `aibot_event_callback`; returns its req_id. */
  event(event: AiBotUserEvent): string
  /** A WeCom that calls this bot's webhook URL instead. */
  webhook(target: AiBotWebhookTarget): AiBotWebhookPoster
  /** Serves `data` encrypted as WeCom serves message media: for `downloadMedia(url, aeskey)` tests. */
  hostMedia(
    data: Uint8Array | string,
    options?: { contentType?: string | undefined; filename?: string | undefined },
  ): AiBotHostedMedia

  frames(filter?: { botId?: string; cmd?: string }): AiBotFrameRecord[]
  callback(reqId: string): AiBotCallbackRecord | undefined
  replies(reqId: string): AiBotReplyRecord[]
  /** The stream replied for this req_id (the first, or the one with this id). */
  stream(reqId: string, streamId?: string): AiBotStreamState | undefined
  sent(botId?: string): AiBotSentRecord[]
  uploads(botId?: string): AiBotUploadedMedia[]
  media(mediaId: string): AiBotUploadedMedia | undefined
  responseUrlReplies(): AiBotResponseUrlRecord[]
  /** Resolves with `check()`'s first truthy value, checked after every frame and every 10 ms; rejects after `timeoutMs` (default 10 000). */
  waitFor<T>(check: () => T | undefined | null | false, options?: { timeoutMs?: number }): Promise<T>
}
