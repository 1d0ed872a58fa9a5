// What to do about the errcodes users meet most. Wording is ours; meanings follow the
// official global error code page (developer.work.weixin.qq.com, "全局错误码").
const HINTS: Record<number, string> = {
  [-1]: 'WeCom is busy: a transient answer that wecom-kit retries with backoff. If it is the final error, try again later.',
  6000: 'data version conflict (concurrent writes): wecom-kit retries it with backoff.',
  40001:
    'corpSecret is wrong for this corpId (or was reset in the admin console). Check the app secret; repeated bad secrets get this IP banned for an hour.',
  40003: 'userid is unknown in this corp, or not visible to this app.',
  40013: 'corpId is wrong: copy it from My Company → Company Information in the admin console.',
  40014:
    'the access_token is invalid; wecom-kit fetched a new one and replayed once. If this persists, a proxy may rewrite the query, or a custom token store returns stale tokens.',
  40056: 'agentid is wrong or does not belong to this corp.',
  41001:
    'access_token missing from the query: a bug in the caller of client.request (pass paths, not full URLs).',
  42001:
    'the access_token expired; wecom-kit fetched a new one and replayed once. If this persists, check the clock and the token store.',
  42009: 'the suite_access_token expired; wecom-kit refreshed it and replayed once.',
  45009:
    "frequency limit reached: WeCom blocks this API for 60 s (a minute's limit) or longer (an hour's or a day's). A paced client waits a minute's block out and tries again; this one is final. Cache results and slow down.",
  45033:
    'concurrency limit reached: wecom-kit retries it with backoff. If it is the final error, lower the number of parallel calls.',
  48002:
    'this app is not allowed to call this API: grant it in the admin console, or use the contacts-sync secret for directory writes.',
  60011: "no privilege on this member/department/tag: widen the app's visible range in the admin console.",
  60020:
    "this server's IP is not trusted: add it to the app's trusted IPs in the admin console (takes about a minute).",
  60102: 'userid already exists.',
  60104: 'mobile number already belongs to another member.',
  60111: 'userid not found in this corp.',
  81013: 'every recipient (touser/toparty/totag) is invalid or outside the app visible range.',
}

export function hintFor(errcode: number, path: string): string | undefined {
  if (path === 'gettoken' && errcode === 40001) {
    return 'corpSecret is wrong for this corpId. wecom-kit does not retry gettoken with a bad secret: WeCom bans an IP after repeated failures.'
  }
  return typeof errcode === 'number' ? HINTS[errcode] : undefined
}
