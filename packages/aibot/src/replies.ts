// What a bot sends: reply bodies and proactive messages, with WeCom's field names (webhook page
// 101031, long-connection page 101463, Tencent's SDK types).

/** Ask the user to rate the reply; the rating comes back as a feedback_event with this id. */
export interface ReplyFeedback {
  /** At most 256 bytes. */
  id: string
}

/** An image shown under a stream when it finishes. */
export interface StreamImage {
  msgtype: 'image'
  image: {
    /** The image (JPG or PNG, at most 10 MB before encoding), base64. */
    base64: string
    /** MD5 of the image bytes, lowercase hex. */
    md5: string
  }
}

export interface TemplateCardButton {
  text: string
  /** 1–4. */
  style?: number
  key: string
}

export interface TemplateCardOption {
  id: string
  text: string
  is_checked?: boolean
}

export interface TemplateCardSelection {
  question_key: string
  title?: string
  disable?: boolean
  selected_id?: string
  option_list: Array<{ id: string; text: string }>
}

/**
 * A template card (模板卡片). `card_type` says which fields apply: text_notice, news_notice,
 * button_interaction, vote_interaction, multiple_interaction. Interactive cards need a
 * `task_id` (unique per bot; letters, digits and `_-@`, at most 128 bytes) and send a
 * template_card_event when used.
 */
export interface TemplateCard {
  card_type:
    | 'text_notice'
    | 'news_notice'
    | 'button_interaction'
    | 'vote_interaction'
    | 'multiple_interaction'
  source?: { icon_url?: string; desc?: string; desc_color?: 0 | 1 | 2 | 3 }
  action_menu?: { desc: string; action_list: Array<{ text: string; key: string }> }
  main_title?: { title?: string; desc?: string }
  emphasis_content?: { title?: string; desc?: string }
  quote_area?: {
    type?: 0 | 1 | 2
    url?: string
    appid?: string
    pagepath?: string
    title?: string
    quote_text?: string
  }
  sub_title_text?: string
  horizontal_content_list?: Array<{
    type?: 0 | 1 | 3
    keyname: string
    value?: string
    url?: string
    userid?: string
  }>
  jump_list?: Array<{
    type?: 0 | 1 | 2 | 3
    title: string
    url?: string
    appid?: string
    pagepath?: string
    question?: string
  }>
  card_action?: { type: 0 | 1 | 2; url?: string; appid?: string; pagepath?: string }
  card_image?: { url: string; aspect_ratio?: number }
  image_text_area?: {
    type?: 0 | 1 | 2
    url?: string
    appid?: string
    pagepath?: string
    title?: string
    desc?: string
    image_url: string
  }
  vertical_content_list?: Array<{ title: string; desc?: string }>
  button_selection?: TemplateCardSelection
  button_list?: TemplateCardButton[]
  checkbox?: { question_key: string; disable?: boolean; mode?: 0 | 1; option_list: TemplateCardOption[] }
  select_list?: TemplateCardSelection[]
  submit_button?: { text: string; key: string }
  task_id?: string
  feedback?: ReplyFeedback
}

/** `reply.welcome`: a text or a card, for enter_chat events only. */
export type WelcomeMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard }

/** `bot.send` (proactive, long connection): markdown, a card, or media uploaded with `bot.uploadMedia`. */
export type SendMessage =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: TemplateCard }
  | { msgtype: 'file'; file: { media_id: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string; title?: string; description?: string } }

/** The media types of `bot.uploadMedia`. */
export type AiBotMediaType = 'file' | 'image' | 'voice' | 'video'

/** The stream frame both transports send: WeCom's `{ msgtype: 'stream', stream }` body. */
export interface StreamBody {
  msgtype: 'stream'
  stream: {
    id: string
    finish: boolean
    content: string
    msg_item?: StreamImage[]
    feedback?: ReplyFeedback
  }
}
