import type { MessageType, WeComSimulator } from '@wecom-kit/testing'
import { amr, mp4, png } from './files.js'

/** Media a message can point at, seeded into the simulator. */
export function seedMedia(sim: WeComSimulator) {
  return {
    image: sim.addMedia({ bytes: png(), filename: 'a.png', type: 'image' }),
    voice: sim.addMedia({ bytes: amr(), filename: 'a.amr', type: 'voice' }),
    video: sim.addMedia({ bytes: mp4(), filename: 'a.mp4', type: 'video' }),
    file: sim.addMedia({ bytes: 'hello', filename: 'a.txt', type: 'file' }),
  }
}

type Media = ReturnType<typeof seedMedia>

const card = (extra: Record<string, unknown>) => ({
  main_title: { title: '请审批', desc: '张三的报销' },
  ...extra,
})

/** The smallest payload WeCom accepts for each msgtype. */
export function minimalPayloads(media: Media): Record<MessageType, Record<string, unknown>> {
  return {
    text: { text: { content: '你好' } },
    image: { image: { media_id: media.image } },
    voice: { voice: { media_id: media.voice } },
    video: { video: { media_id: media.video } },
    file: { file: { media_id: media.file } },
    textcard: { textcard: { title: '领奖通知', description: '恭喜', url: 'https://example.com' } },
    news: { news: { articles: [{ title: '中秋节礼品领取', url: 'https://example.com' }] } },
    mpnews: {
      mpnews: { articles: [{ title: 'Title', thumb_media_id: media.image, content: '<p>content</p>' }] },
    },
    markdown: { markdown: { content: '**bold**' } },
    miniprogram_notice: { miniprogram_notice: { appid: 'wx123123123123123', title: '会议室预订成功通知' } },
    template_card: {
      template_card: card({ card_type: 'text_notice', card_action: { type: 1, url: 'https://example.com' } }),
    },
  }
}

/** One payload per msgtype that WeCom refuses, and its errcode. */
export function badPayloads(media: Media): Array<[string, Record<string, unknown>, number]> {
  return [
    ['text without content', { msgtype: 'text', text: { content: '' } }, 44004],
    ['text without its object', { msgtype: 'text' }, 44004],
    ['image without media_id', { msgtype: 'image', image: {} }, 41006],
    ['image with an unknown media_id', { msgtype: 'image', image: { media_id: 'nope' } }, 40007],
    ['image with a voice media_id', { msgtype: 'image', image: { media_id: media.voice } }, 40007],
    ['voice with an image media_id', { msgtype: 'voice', voice: { media_id: media.image } }, 40007],
    ['video with a file media_id', { msgtype: 'video', video: { media_id: media.file } }, 40007],
    ['file without media_id', { msgtype: 'file', file: {} }, 41006],
    [
      'textcard without title',
      { msgtype: 'textcard', textcard: { description: 'd', url: 'https://a.b' } },
      41016,
    ],
    [
      'textcard without description',
      { msgtype: 'textcard', textcard: { title: 't', url: 'https://a.b' } },
      41033,
    ],
    ['textcard without url', { msgtype: 'textcard', textcard: { title: 't', description: 'd' } }, 41010],
    ['news without articles', { msgtype: 'news', news: { articles: [] } }, 45008],
    [
      'news with 9 articles',
      { msgtype: 'news', news: { articles: Array(9).fill({ title: 't', url: 'https://a.b' }) } },
      45008,
    ],
    ['news without a title', { msgtype: 'news', news: { articles: [{ url: 'https://a.b' }] } }, 41016],
    ['news without url or miniprogram', { msgtype: 'news', news: { articles: [{ title: 't' }] } }, 41010],
    [
      'mpnews with 9 articles',
      {
        msgtype: 'mpnews',
        mpnews: { articles: Array(9).fill({ title: 't', thumb_media_id: media.image, content: 'c' }) },
      },
      45008,
    ],
    [
      'mpnews without thumb_media_id',
      { msgtype: 'mpnews', mpnews: { articles: [{ title: 't', content: 'c' }] } },
      41006,
    ],
    [
      'mpnews with an unknown thumb',
      { msgtype: 'mpnews', mpnews: { articles: [{ title: 't', thumb_media_id: 'x', content: 'c' }] } },
      40007,
    ],
    [
      'mpnews without content',
      { msgtype: 'mpnews', mpnews: { articles: [{ title: 't', thumb_media_id: media.image }] } },
      44004,
    ],
    [
      'mpnews with an author over 64 bytes',
      {
        msgtype: 'mpnews',
        mpnews: {
          articles: [{ title: 't', thumb_media_id: media.image, content: 'c', author: 'a'.repeat(65) }],
        },
      },
      45032,
    ],
    ['markdown without content', { msgtype: 'markdown', markdown: {} }, 44004],
    ['markdown over 2048 bytes', { msgtype: 'markdown', markdown: { content: '字'.repeat(683) } }, 45002],
    [
      'miniprogram_notice without appid',
      { msgtype: 'miniprogram_notice', miniprogram_notice: { title: '会议室预订成功' } },
      40058,
    ],
    [
      'miniprogram_notice without title',
      { msgtype: 'miniprogram_notice', miniprogram_notice: { appid: 'wx1' } },
      41016,
    ],
    [
      'template_card of an unknown card_type',
      { msgtype: 'template_card', template_card: { card_type: 'poster' } },
      40058,
    ],
    [
      'text_notice without card_action',
      { msgtype: 'template_card', template_card: card({ card_type: 'text_notice' }) },
      40058,
    ],
    [
      'button_interaction without task_id',
      {
        msgtype: 'template_card',
        template_card: card({ card_type: 'button_interaction', button_list: [{ text: '批准', key: 'ok' }] }),
      },
      40058,
    ],
  ]
}

/** Interactive cards: their answers carry a response_code. */
export const interactiveCards = {
  button_interaction: card({
    card_type: 'button_interaction',
    task_id: 'task-1',
    button_list: [{ text: '批准', key: 'approve' }],
  }),
  vote_interaction: card({
    card_type: 'vote_interaction',
    task_id: 'task-2',
    checkbox: { question_key: 'q1', option_list: [{ id: 'a', text: '选项A' }] },
    submit_button: { text: '提交', key: 'submit' },
  }),
  multiple_interaction: card({
    card_type: 'multiple_interaction',
    task_id: 'task-3',
    select_list: [{ question_key: 'q1', option_list: [{ id: 'a', text: 'A' }] }],
    submit_button: { text: '提交', key: 'submit' },
  }),
}
