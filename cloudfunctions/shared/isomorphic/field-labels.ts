/**
 * What each payload field is called on the screen, so an input error names it the way the person
 * filling the form knows it (「每小时志愿积分」, not `perVolunteerHour`). Every key of every contract
 * schema has a label here; test/unit/functions/field-labels.test.ts walks the schemas to keep it so.
 */
export const FIELD_LABELS: Record<string, string> = {
  action: '操作',
  activeFrom: '上架日期',
  activeTo: '下架日期',
  activity: '服务内容',
  actor: '操作人',
  address: '地址',
  assignee: '网格员',
  avatar: '头像',
  banned: '停用状态',
  category: '类别',
  close: '关门时间',
  closedDays: '休息日',
  code: '编码',
  comment: '评价内容',
  communityId: '社区',
  communities: '社区',
  confirm: '确认文字',
  cost: '所需积分',
  cursor: '翻页位置',
  dailyCap: '每日积分上限',
  dailyLimit: '每日调用上限',
  decision: '审核结果',
  delta: '调整积分',
  description: '描述',
  detail: '说明',
  districtId: '区',
  duplicateOf: '重复的上报',
  enabled: '启用状态',
  expiryMonths: '积分有效期（月）',
  features: '区域',
  fileID: '文件',
  fixed: '是否已解决',
  from: '开始日期',
  geojson: '区域文件',
  glyph: '图标',
  hours: '时长',
  id: '编号',
  ids: '消息',
  image: '图片',
  includeDisabled: '包含停用项',
  is24h: '24 小时营业',
  kind: '类型',
  lat: '纬度',
  licencePhoto: '营业执照照片',
  lng: '经度',
  location: '位置',
  name: '名称',
  nameUnderReview: '只看待审核的姓名',
  note: '备注',
  offers: '优惠',
  open: '开门时间',
  openNow: '营业中',
  openid: '用户',
  order: '排序',
  overdue: '只看已超时',
  pageSize: '每页条数',
  payload: '提交的内容',
  event: '请求',
  perUserLimit: '每人每月限兑次数',
  perVolunteerHour: '每小时志愿积分',
  phone: '手机号',
  photoRequired: '必须拍照',
  photos: '照片',
  placeId: '地点',
  platform: '所在平台',
  points: '积分',
  publicRead: '公开读取',
  q: '搜索词',
  radius: '范围',
  ratePerMinute: '每分钟调用上限',
  reason: '原因',
  requestId: '请求编号',
  rewardId: '奖励',
  role: '角色',
  scope: '负责范围',
  score: '评分',
  services: '服务',
  slaHours: '处理时限（小时）',
  status: '状态',
  stock: '库存',
  subscribe: '消息订阅',
  suspended: '暂停状态',
  targetId: '对象',
  title: '标题',
  to: '结束日期',
  type: '类型',
  validDays: '兑换码有效天数',
  weekly: '每周营业时间',
  workType: '工作类型',
  workerDiscount: '骑手优惠',
};

/** The label of one key, or undefined (own keys only: `constructor` is no field). */
export function labelOf(key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(FIELD_LABELS, key) ? FIELD_LABELS[key] : undefined;
}

/**
 * The field a path points at, in words: its last named key, with the item number when it sits in a
 * list (「优惠 第 2 项的标题」). Unknown keys fall back to 「提交的内容」 rather than showing code.
 */
export function fieldLabel(path: ReadonlyArray<string | number>): string {
  const named = [...path].reverse().find((p): p is string => typeof p === 'string');
  const label = (named && labelOf(named)) || FIELD_LABELS.payload;
  const at = path.findIndex((p) => typeof p === 'number');
  if (at > 0 && typeof path[at - 1] === 'string' && path[at - 1] !== named) {
    const list = labelOf(path[at - 1] as string) ?? FIELD_LABELS.payload;
    return `${list}第 ${(path[at] as number) + 1} 项的${label}`;
  }
  if (at >= 0 && path[at - 1] === named) return `${label}第 ${(path[at] as number) + 1} 项`;
  return label;
}
