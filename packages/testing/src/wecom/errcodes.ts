/**
 * The errcodes the simulator answers, with the short English wording WeCom puts first in `errmsg`.
 * Meanings come from the global errcode page (developer.work.weixin.qq.com/document/path/90313);
 * WeCom does not publish its English wording, so these follow answers seen in the wild where one
 * was found ("userid not found", "invalid code", "access_token expired" …) and the page otherwise.
 */
export const ERRCODE_MESSAGES: Readonly<Record<number, string>> = {
  [-1]: 'system busy',
  40001: 'invalid credential',
  40003: 'invalid userid',
  40013: 'invalid corpid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40031: 'invalid userid list',
  40032: 'invalid userid list size',
  40058: 'invalid Request Parameter',
  41001: 'access_token missing',
  41002: 'corpid missing',
  41004: 'corpsecret missing',
  41008: 'missing code',
  41009: 'missing userid',
  41019: 'missing department',
  42001: 'access_token expired',
  45009: 'api freq out of limit',
  45033: 'api concur out of limit',
  46004: 'user no exist',
  48002: 'api forbidden',
  50100: 'invalid cursor',
  60001: 'invalid department name length',
  60003: 'department not found',
  60004: 'parent department not found',
  60008: 'department existed',
  60009: 'department name contains invalid characters',
  60011: 'no privilege to access/modify contact/party/agent',
  60020: 'not allow to access from your ip',
  60102: 'userid existed',
  60103: 'invalid mobile',
  60104: 'mobile existed',
  60105: 'invalid email',
  60106: 'email existed',
  60110: 'user department size exceed limit',
  60111: 'userid not found',
  60112: 'invalid username',
  60123: 'invalid party id',
  60129: 'mobile and email can not be both empty',
  60132: 'is_leader_in_dept size not match department size',
  81002: 'department level exceed limit',
  81013: 'user & party & tag all invalid',
  82001: 'user & party & tag all empty',
  82002: 'invalid party list size',
  82003: 'invalid tag list size',
}

export function errcodeMessage(errcode: number): string {
  return ERRCODE_MESSAGES[errcode] ?? 'simulated error'
}
