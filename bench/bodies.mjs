// The answers of bench/server.mjs, shared with the in-process benchmark (layers-cost.mjs).
export const TOKEN = 'bench-token-0123456789abcdefghijklmnopqrstuvwxyz'
export const member = JSON.stringify({
  errcode: 0,
  errmsg: 'ok',
  userid: 'zhangsan',
  name: '张三',
  department: [1, 2],
  order: [1, 2],
  position: '后台工程师',
  mobile: '13800000000',
  gender: '1',
  email: 'zhangsan@example.com',
  is_leader_in_dept: [1, 0],
  direct_leader: ['lisi'],
  avatar:
    'http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0',
  telephone: '020-123456',
  alias: 'jackzhang',
  address: '广州市海珠区新港中路',
  open_userid: 'xxxxxx',
  main_department: 1,
  status: 1,
})
export const tokenBody = JSON.stringify({ errcode: 0, errmsg: 'ok', access_token: TOKEN, expires_in: 7200 })
