// Demo places: 10 service stations and 36 friendly merchants across the demo district (all approved),
// with believable hours — some round the clock, some past midnight, some closed today — and three
// applications waiting for review. Fixed ids; `place-demo-merchant-1` belongs to demo-merchant-1 and
// `station-hecheng-1` is 荷城社区's 党群服务站 (the points seed puts rewards at both).
import type { OfferInput, ServiceCode, TimeRange, WeeklyHours } from '../../cloudfunctions/shared/contracts/place';
import { dateOfDay, MINUTES_PER_DAY, shanghaiMinutes, shanghaiWeekday, upcomingClosedDays, weekIntervals } from '../../cloudfunctions/shared/domain/hours';
import { normalizeOffers, type PlaceDoc } from '../../cloudfunctions/shared/domain/place';
import { newUser, type UserDoc } from '../../cloudfunctions/shared/domain/user';
import { COMMUNITIES, gridId } from './district';

type Hours = (today: number, todayDate: string) => WeeklyHours;

const every = (...ranges: TimeRange[]): WeeklyHours['weekly'] => Array.from({ length: 7 }, () => ranges.map((r) => ({ ...r })));
const r = (open: string, close: string): TimeRange => ({ open, close });

const daily = (open: string, close: string): Hours => () => ({ weekly: every(r(open, close)) });
const allDay: Hours = () => ({ weekly: every(r('00:00', '24:00')), is24h: true });
const lunchAndDinner: Hours = () => ({ weekly: every(r('10:00', '14:00'), r('17:00', '21:30')) });
/** Office hours, weekends off (community service centres). */
const officeWithWeekend = (sat: TimeRange[]): Hours => () => ({
  weekly: [...Array.from({ length: 5 }, () => [r('08:30', '12:00'), r('14:30', '18:00')]), sat, []],
});
/** Late-night food: open in the evening until past midnight. */
const lateNight: Hours = () => ({ weekly: every(r('17:00', '02:00')) });
/** Closed on today's date (a holiday announced by the shop). */
const closedToday =
  (base: Hours): Hours =>
  (today, date) => ({ ...base(today, date), closedDays: [date] });
/** Its weekly day off is today. */
const dayOffToday =
  (open: string, close: string): Hours =>
  (today) => ({ weekly: every(r(open, close)).map((d, i) => (i === today ? [] : d)) });

interface Spec {
  id: string;
  type: 'merchant' | 'station';
  name: string;
  lng: number;
  lat: number;
  address: string;
  phone: string;
  services: ServiceCode[];
  offers: OfferInput[];
  hours: Hours;
  owner?: string;
}

const STATIONS: Spec[] = [
  {
    id: 'station-hecheng-1', type: 'station', name: '荷城社区党群服务站', lng: 109.5935, lat: 23.1062, address: '港北区荷城路 88 号荷城社区综合楼一楼', phone: '0775-4211001',
    services: ['water', 'charging', 'restroom', 'rest', 'microwave', 'wifi', 'reading', 'first_aid'],
    offers: [
      { title: '免费饮水', detail: '冷热直饮水，自带水杯可续杯' },
      { title: '手机免费充电', detail: '提供多种充电线和 6 个充电柜格口' },
      { title: '微波炉热饭', detail: '午间 11:00–14:00 骑手优先使用' },
    ],
    hours: daily('08:00', '21:00'),
  },
  {
    id: 'station-hecheng-2', type: 'station', name: '荷城路新就业群体暖心驿站', lng: 109.5841, lat: 23.1133, address: '港北区荷城路 216 号（荷城市场东门旁）', phone: '0775-4211002',
    services: ['water', 'charging', 'restroom', 'rest', 'umbrella'],
    offers: [
      { title: '电动车换电/充电', detail: '驿站门口设 12 个充电桩，扫码充电，骑手专享', workerDiscount: '骑手 5 折' },
      { title: '雨天借伞', detail: '登记后可借雨衣、雨伞，次日归还即可' },
    ],
    hours: allDay,
  },
  {
    id: 'station-shiyangtang-1', type: 'station', name: '石羊塘社区党群服务站', lng: 109.6078, lat: 23.1071, address: '港北区石羊塘街 12 号', phone: '0775-4212001',
    services: ['water', 'charging', 'restroom', 'rest', 'reading', 'wifi'],
    offers: [
      { title: '免费饮水、歇脚', detail: '空调休息区，设阅读角和政策宣传栏' },
      { title: '法律咨询', detail: '每周三下午律师坐班，劳动纠纷免费咨询' },
    ],
    hours: officeWithWeekend([r('09:00', '17:00')]),
  },
  {
    id: 'station-shiyangtang-2', type: 'station', name: '户外劳动者服务站（石羊塘）', lng: 109.6213, lat: 23.1189, address: '港北区建设中路 56 号工行网点内', phone: '0775-4212002',
    services: ['water', 'restroom', 'rest', 'microwave', 'first_aid'],
    offers: [{ title: '夏季防暑', detail: '6–9 月免费提供绿豆汤、藿香正气水' }],
    hours: daily('08:30', '20:00'),
  },
  {
    id: 'station-gangning-1', type: 'station', name: '港宁社区党群服务站', lng: 109.5912, lat: 23.0935, address: '港北区港宁路 31 号', phone: '0775-4213001',
    services: ['water', 'charging', 'restroom', 'rest', 'microwave', 'reading'],
    offers: [
      { title: '免费饮水、热饭', detail: '饮水机、微波炉随时使用' },
      { title: '骑手议事会', detail: '每月第一个周五晚上，和社区一起解决难题' },
    ],
    hours: daily('07:30', '22:00'),
  },
  {
    id: 'station-gangning-2', type: 'station', name: '快递小哥暖心驿站', lng: 109.5738, lat: 23.0841, address: '港北区港宁路 178 号港宁物流园北门', phone: '0775-4213002',
    services: ['water', 'charging', 'restroom', 'rest', 'parking', 'wifi'],
    offers: [{ title: '免费停车 2 小时', detail: '快递三轮车、电动车可在驿站院内停放' }],
    hours: closedToday(daily('08:00', '20:00')),
  },
  {
    id: 'station-jingang-1', type: 'station', name: '金港社区党群服务站', lng: 109.6089, lat: 23.0928, address: '港北区金港大道 101 号金港社区居委会', phone: '0775-4214001',
    services: ['water', 'charging', 'restroom', 'rest', 'reading', 'first_aid', 'wifi'],
    offers: [
      { title: '免费饮水、充电', detail: '提供充电宝借用，押金全免' },
      { title: 'AED 急救设备', detail: '工作人员均持急救证，可协助处理轻微擦伤' },
    ],
    hours: officeWithWeekend([r('09:00', '12:00')]),
  },
  {
    id: 'station-jingang-2', type: 'station', name: '金港大道骑手之家', lng: 109.6052, lat: 23.0986, address: '港北区金港大道 18 号（金港广场西侧）', phone: '0775-4214002',
    services: ['water', 'charging', 'restroom', 'rest', 'microwave', 'wifi', 'umbrella'],
    offers: [
      { title: '24 小时歇脚', detail: '夜间有值班人员，提供热水、充电和休息沙发' },
      { title: '电动车充电', detail: '快充桩 8 个，骑手凭工牌享优惠', workerDiscount: '每次 1 元' },
    ],
    hours: allDay,
  },
  {
    id: 'station-gangcheng-1', type: 'station', name: '港城街道党群服务中心', lng: 109.5976, lat: 23.1018, address: '港北区中山北路 200 号港城街道办事处', phone: '0775-4210001',
    services: ['water', 'restroom', 'rest', 'reading', 'wifi', 'first_aid'],
    offers: [{ title: '政策咨询', detail: '社保、灵活就业参保、子女入学等政策一站式咨询' }],
    hours: officeWithWeekend([]),
  },
  {
    id: 'station-guicheng-1', type: 'station', name: '贵城街道新业态服务站', lng: 109.6163, lat: 23.0817, address: '港北区贵城路 66 号', phone: '0775-4210002',
    services: ['water', 'charging', 'restroom', 'rest', 'microwave', 'parking'],
    offers: [{ title: '免费热饭、饮水', detail: '冰箱、微波炉、饮水机免费使用' }],
    hours: daily('07:00', '23:00'),
  },
];

const MERCHANTS: Spec[] = [
  {
    id: 'place-demo-merchant-1', type: 'merchant', owner: 'demo-merchant-1', name: '黄记牛腩粉', lng: 109.5921, lat: 23.1049, address: '港北区荷城路 102 号', phone: '13807752001',
    services: ['water', 'restroom', 'charging', 'meal_discount', 'microwave'],
    offers: [
      { title: '骑手套餐', detail: '牛腩粉 + 卤蛋 + 饮料，出示接单页面即可', workerDiscount: '骑手价 12 元' },
      { title: '免费加汤、饮水', detail: '店内饮水机随便用，可帮忙热饭' },
    ],
    hours: daily('06:30', '21:00'),
  },
  // 荷城社区
  { id: 'place-hc-pharmacy-1', type: 'merchant', name: '康泰大药房（荷城店）', lng: 109.5889, lat: 23.1071, address: '港北区荷城路 130 号', phone: '0775-4220101', services: ['medicine', 'water', 'first_aid'], offers: [{ title: '创可贴、碘伏免费用', detail: '骑手轻微擦伤可免费处理' }, { title: '药品优惠', detail: '非处方药', workerDiscount: '骑手 9 折' }], hours: allDay },
  { id: 'place-hc-food-1', type: 'merchant', name: '荷城螺蛳粉', lng: 109.5867, lat: 23.1098, address: '港北区荷城路 175 号', phone: '13977501102', services: ['meal_discount', 'water', 'restroom'], offers: [{ title: '骑手加粉不加价', detail: '出示骑手工牌', workerDiscount: '免费加粉' }], hours: lunchAndDinner },
  { id: 'place-hc-repair-1', type: 'merchant', name: '老李电动车维修', lng: 109.5803, lat: 23.1056, address: '港北区荷城西路 9 号', phone: '13977501103', services: ['repair', 'charging', 'water'], offers: [{ title: '免费打气、检查刹车', detail: '补胎骑手价', workerDiscount: '补胎 10 元' }], hours: daily('08:00', '20:30') },
  { id: 'place-hc-store-1', type: 'merchant', name: '美宜佳便利店（荷城市场店）', lng: 109.5852, lat: 23.1127, address: '港北区荷城路 210 号', phone: '0775-4220104', services: ['water', 'microwave', 'charging', 'wifi'], offers: [{ title: '免费热饭、接热水', detail: '店内微波炉、热水随时用' }], hours: allDay },
  { id: 'place-hc-food-2', type: 'merchant', name: '阿英桂林米粉', lng: 109.5768, lat: 23.1182, address: '港北区荷城北路 33 号', phone: '13977501105', services: ['meal_discount', 'water'], offers: [{ title: '骑手早餐', detail: '米粉 + 豆浆', workerDiscount: '骑手价 8 元' }], hours: dayOffToday('06:00', '14:00') },
  { id: 'place-hc-restaurant-1', type: 'merchant', name: '家常味快餐', lng: 109.5952, lat: 23.1112, address: '港北区民主路 41 号', phone: '13977501106', services: ['meal_discount', 'water', 'restroom', 'microwave'], offers: [{ title: '两荤一素快餐', detail: '米饭、例汤免费续', workerDiscount: '骑手 15 元' }], hours: lunchAndDinner },
  { id: 'place-hc-night-1', type: 'merchant', name: '老街夜宵烧烤', lng: 109.5711, lat: 23.1036, address: '港北区荷城西路 88 号', phone: '13977501107', services: ['meal_discount', 'water', 'restroom'], offers: [{ title: '夜班骑手免费汤', detail: '凌晨接单的骑手进店可喝一碗热汤' }], hours: lateNight },
  { id: 'place-hc-parking-1', type: 'merchant', name: '荷城广场停车场', lng: 109.5818, lat: 23.1209, address: '港北区荷城广场地下', phone: '0775-4220108', services: ['parking', 'restroom'], offers: [{ title: '电动车免费停', detail: '地下一层非机动车区，骑手免费停放' }], hours: allDay },
  { id: 'place-hc-pharmacy-2', type: 'merchant', name: '仁和堂药店', lng: 109.5677, lat: 23.1138, address: '港北区荷城西路 150 号', phone: '0775-4220109', services: ['medicine', 'first_aid', 'water'], offers: [{ title: '免费量血压', detail: '店员可协助测量血压、血糖' }], hours: daily('08:00', '22:00') },
  // 石羊塘社区
  { id: 'place-syt-food-1', type: 'merchant', name: '石羊塘牛杂店', lng: 109.6109, lat: 23.1044, address: '港北区石羊塘街 45 号', phone: '13977502101', services: ['meal_discount', 'water'], offers: [{ title: '牛杂粉', detail: '', workerDiscount: '骑手减 3 元' }], hours: daily('07:00', '20:00') },
  { id: 'place-syt-repair-1', type: 'merchant', name: '快修电动车行', lng: 109.6156, lat: 23.1102, address: '港北区建设中路 12 号', phone: '13977502102', services: ['repair', 'charging'], offers: [{ title: '换电瓶优惠', detail: '正品电池，保修一年', workerDiscount: '骑手减 50 元' }], hours: daily('08:30', '21:00') },
  { id: 'place-syt-store-1', type: 'merchant', name: '天天便利店', lng: 109.6033, lat: 23.1086, address: '港北区中山北路 260 号', phone: '0775-4220203', services: ['water', 'microwave', 'charging', 'restroom'], offers: [{ title: '免费热水、热饭', detail: '' }, { title: '矿泉水', detail: '', workerDiscount: '骑手 1 元一瓶' }], hours: allDay },
  { id: 'place-syt-pharmacy-1', type: 'merchant', name: '益民大药房', lng: 109.6251, lat: 23.1143, address: '港北区建设中路 98 号', phone: '0775-4220204', services: ['medicine', 'first_aid', 'water'], offers: [{ title: '防暑药品', detail: '夏季免费领藿香正气水' }], hours: daily('08:00', '22:30') },
  { id: 'place-syt-restaurant-1', type: 'merchant', name: '壮乡老友粉', lng: 109.6187, lat: 23.1215, address: '港北区石羊塘北路 6 号', phone: '13977502105', services: ['meal_discount', 'water', 'restroom', 'charging'], offers: [{ title: '老友粉套餐', detail: '', workerDiscount: '骑手 9 折' }], hours: closedToday(lunchAndDinner) },
  { id: 'place-syt-wash-1', type: 'merchant', name: '洁净洗车行', lng: 109.6302, lat: 23.1064, address: '港北区建设东路 22 号', phone: '13977502106', services: ['repair', 'water', 'restroom', 'parking'], offers: [{ title: '电动车免费冲洗', detail: '每周一次' }], hours: daily('08:00', '19:00') },
  { id: 'place-syt-cafe-1', type: 'merchant', name: '拾光奶茶', lng: 109.6069, lat: 23.1153, address: '港北区中山北路 301 号', phone: '13977502107', services: ['water', 'wifi', 'rest', 'charging'], offers: [{ title: '骑手歇脚', detail: '店内可坐下休息、充电', workerDiscount: '饮品 8 折' }], hours: daily('10:00', '23:30') },
  { id: 'place-syt-night-1', type: 'merchant', name: '深夜食堂粥铺', lng: 109.6124, lat: 23.1012, address: '港北区中山北路 188 号', phone: '13977502108', services: ['meal_discount', 'water', 'microwave'], offers: [{ title: '夜班骑手粥', detail: '皮蛋瘦肉粥 + 油条', workerDiscount: '骑手 10 元' }], hours: () => ({ weekly: every(r('20:00', '04:00')) }) },
  { id: 'place-syt-pharmacy-2', type: 'merchant', name: '同济堂药店', lng: 109.6355, lat: 23.1252, address: '港北区石羊塘北路 80 号', phone: '0775-4220209', services: ['medicine', 'water'], offers: [{ title: '常用药优惠', detail: '', workerDiscount: '骑手 95 折' }], hours: daily('08:30', '21:00') },
  // 港宁社区
  { id: 'place-gn-food-1', type: 'merchant', name: '港宁猪脚粉', lng: 109.5945, lat: 23.0962, address: '港北区港宁路 15 号', phone: '13977503101', services: ['meal_discount', 'water', 'restroom'], offers: [{ title: '猪脚粉', detail: '', workerDiscount: '骑手减 2 元' }], hours: daily('06:30', '14:30') },
  { id: 'place-gn-repair-1', type: 'merchant', name: '顺通摩托电动车修理', lng: 109.5869, lat: 23.0903, address: '港北区港宁路 66 号', phone: '13977503102', services: ['repair', 'charging', 'water'], offers: [{ title: '免费检修', detail: '刹车、灯光免费检查' }], hours: daily('07:30', '21:30') },
  { id: 'place-gn-store-1', type: 'merchant', name: '港宁 24 小时便利店', lng: 109.5904, lat: 23.0981, address: '港北区港宁路 2 号', phone: '0775-4220303', services: ['water', 'microwave', 'charging', 'wifi', 'restroom'], offers: [{ title: '免费热饭', detail: '' }], hours: allDay },
  { id: 'place-gn-pharmacy-1', type: 'merchant', name: '一心大药房（港宁店）', lng: 109.5812, lat: 23.0927, address: '港北区港宁路 120 号', phone: '0775-4220304', services: ['medicine', 'first_aid', 'water'], offers: [{ title: '免费处理小伤口', detail: '' }], hours: daily('08:00', '22:00') },
  { id: 'place-gn-restaurant-1', type: 'merchant', name: '客家酿豆腐快餐', lng: 109.5757, lat: 23.0882, address: '港北区港宁西路 27 号', phone: '13977503105', services: ['meal_discount', 'water', 'restroom', 'microwave'], offers: [{ title: '快餐', detail: '米饭免费加', workerDiscount: '骑手 13 元' }], hours: lunchAndDinner },
  { id: 'place-gn-wash-1', type: 'merchant', name: '港宁汽车美容', lng: 109.5696, lat: 23.0792, address: '港北区港宁西路 140 号', phone: '13977503106', services: ['repair', 'water', 'parking', 'restroom'], offers: [{ title: '网约车洗车', detail: '', workerDiscount: '司机 20 元' }], hours: daily('08:00', '20:00') },
  { id: 'place-gn-food-2', type: 'merchant', name: '阿婆糖水铺', lng: 109.5978, lat: 23.0873, address: '港北区港宁东路 9 号', phone: '13977503107', services: ['water', 'rest'], offers: [{ title: '免费凉茶', detail: '夏天骑手免费喝凉茶' }], hours: dayOffToday('12:00', '23:00') },
  { id: 'place-gn-parking-1', type: 'merchant', name: '物流园货车停车场', lng: 109.5622, lat: 23.0748, address: '港北区港宁物流园南区', phone: '0775-4220308', services: ['parking', 'restroom', 'water', 'rest'], offers: [{ title: '货车司机休息室', detail: '免费淋浴、热水', workerDiscount: '停车 5 折' }], hours: allDay },
  // 金港社区
  { id: 'place-jg-food-1', type: 'merchant', name: '金港烧鸭饭', lng: 109.6071, lat: 23.0952, address: '港北区金港大道 66 号', phone: '13977504101', services: ['meal_discount', 'water', 'restroom'], offers: [{ title: '烧鸭饭', detail: '', workerDiscount: '骑手 14 元' }], hours: daily('10:00', '21:00') },
  { id: 'place-jg-repair-1', type: 'merchant', name: '金港车行', lng: 109.6142, lat: 23.0903, address: '港北区金港大道 150 号', phone: '13977504102', services: ['repair', 'charging'], offers: [{ title: '免费充气', detail: '' }], hours: daily('08:00', '20:00') },
  { id: 'place-jg-store-1', type: 'merchant', name: '好邻居便利店（金港店）', lng: 109.6024, lat: 23.0974, address: '港北区金港大道 8 号', phone: '0775-4220403', services: ['water', 'microwave', 'charging'], offers: [{ title: '免费热水', detail: '' }], hours: daily('07:00', '24:00') },
  { id: 'place-jg-pharmacy-1', type: 'merchant', name: '金港大药房', lng: 109.6201, lat: 23.0861, address: '港北区金港大道 210 号', phone: '0775-4220404', services: ['medicine', 'first_aid'], offers: [{ title: '24 小时购药', detail: '夜间窗口售药' }], hours: allDay },
  { id: 'place-jg-restaurant-1', type: 'merchant', name: '粤香茶餐厅', lng: 109.6279, lat: 23.0933, address: '港北区贵城路 18 号', phone: '13977504105', services: ['meal_discount', 'water', 'restroom', 'wifi'], offers: [{ title: '下午茶', detail: '', workerDiscount: '骑手 8 折' }], hours: daily('09:00', '22:00') },
  { id: 'place-jg-night-1', type: 'merchant', name: '金港夜市炒粉', lng: 109.6117, lat: 23.0831, address: '港北区金港夜市 3 号摊', phone: '13977504106', services: ['meal_discount'], offers: [{ title: '炒粉加蛋', detail: '', workerDiscount: '免费加蛋' }], hours: lateNight },
  { id: 'place-jg-charge-1', type: 'merchant', name: '铁塔换电站（金港）', lng: 109.6038, lat: 23.0899, address: '港北区金港大道 40 号路边', phone: '400-800-1234', services: ['charging'], offers: [{ title: '换电', detail: '扫码换电，30 秒换好', workerDiscount: '首次免费' }], hours: allDay },
  { id: 'place-jg-food-2', type: 'merchant', name: '贵港老字号糯米饭', lng: 109.6332, lat: 23.0782, address: '港北区贵城南路 57 号', phone: '13977504108', services: ['meal_discount', 'water'], offers: [{ title: '早餐糯米饭', detail: '', workerDiscount: '骑手 6 元' }], hours: daily('05:30', '11:00') },
  { id: 'place-jg-wash-1', type: 'merchant', name: '金港汽修厂', lng: 109.6385, lat: 23.0725, address: '港北区贵城南路 120 号', phone: '13977504109', services: ['repair', 'parking', 'restroom'], offers: [{ title: '网约车保养', detail: '', workerDiscount: '工时费 8 折' }], hours: closedToday(daily('08:00', '18:00')) },
];

/** Waiting for 荷城社区 (two) and 石羊塘社区 (one) staff. */
const APPLICATIONS: Array<Spec & { applicant: { openid: string; name: string; phone: string } }> = [
  {
    id: 'place-pending-1', type: 'merchant', name: '陈姐甜品店', lng: 109.5898, lat: 23.1087, address: '港北区荷城路 146 号', phone: '13977505101',
    services: ['water', 'rest', 'charging'], offers: [{ title: '骑手歇脚', detail: '店内空调、充电', workerDiscount: '甜品 9 折' }], hours: daily('11:00', '22:00'),
    applicant: { openid: 'seed-applicant-1', name: '陈美玲', phone: '13977505101' },
  },
  {
    id: 'place-pending-2', type: 'merchant', name: '荷城五金电动车配件', lng: 109.5743, lat: 23.1065, address: '港北区荷城西路 60 号', phone: '13977505102',
    services: ['repair', 'water'], offers: [{ title: '配件优惠', detail: '刹车片、灯泡等', workerDiscount: '骑手 9 折' }], hours: daily('08:00', '19:00'),
    applicant: { openid: 'seed-applicant-2', name: '梁志强', phone: '13977505102' },
  },
  {
    id: 'place-pending-3', type: 'merchant', name: '石羊塘家常菜馆', lng: 109.6178, lat: 23.1058, address: '港北区石羊塘街 90 号', phone: '13977505103',
    services: ['meal_discount', 'water', 'restroom'], offers: [{ title: '骑手午餐', detail: '', workerDiscount: '骑手 15 元' }], hours: lunchAndDinner,
    applicant: { openid: 'seed-applicant-3', name: '韦秀英', phone: '13977505103' },
  },
];

function regionOf(lng: number, lat: number): { communityId: string; gridId: string } {
  for (const c of COMMUNITIES) {
    const [w, s, e, n] = c.bbox;
    if (lng >= w && lng < e && lat >= s && lat < n) {
      const i = Math.min(c.grids.length - 1, Math.floor(((lng - w) / (e - w)) * c.grids.length));
      return { communityId: c.id, gridId: gridId(c.id, i + 1) };
    }
  }
  throw new Error(`seed place outside the district: ${lng}, ${lat}`);
}

function toDoc(spec: Spec, status: PlaceDoc['status'], now: Date, i: number): PlaceDoc {
  const day = Math.floor(shanghaiMinutes(now) / MINUTES_PER_DAY);
  const raw = spec.hours(shanghaiWeekday(now), dateOfDay(day));
  const hours: WeeklyHours = { weekly: raw.weekly, ...(raw.is24h ? { is24h: true } : {}) };
  const closed = upcomingClosedDays(raw.closedDays, now);
  if (closed.length) hours.closedDays = closed;
  const { communityId, gridId: grid } = regionOf(spec.lng, spec.lat);
  const pending = status === 'pending';
  // Spread creation times so lists have a stable, believable order; applications came in this morning.
  const createdAt = new Date(now.getTime() - (pending ? (3 - i) * 3600000 : (60 - i) * 86400000));
  return {
    _id: spec.id,
    type: spec.type,
    name: spec.name,
    status,
    ownerOpenid: spec.owner ?? null,
    communityId,
    gridId: grid,
    location: { type: 'Point', coordinates: [spec.lng, spec.lat] },
    address: spec.address,
    phone: spec.phone,
    services: spec.services,
    offers: normalizeOffers(spec.offers),
    hours,
    openWeek: weekIntervals(hours),
    photos: [],
    licencePhoto: null,
    createdAt,
    updatedAt: createdAt,
    createdBy: spec.owner ?? 'demo-staff-1',
    reviewedBy: pending ? null : 'demo-staff-1',
    reviewedAt: pending ? null : createdAt,
    rejectReason: null,
    suspendReason: null,
    pendingChange: null,
    reviewQueue: pending ? communityId : null,
    reviewQueuedAt: pending ? createdAt : null,
    lastReview: null,
    contentFlag: null,
    applicant: null,
    requestId: null,
  };
}

export function demoPlaces(now: Date): PlaceDoc[] {
  const approved = [...STATIONS, ...MERCHANTS].map((s, i) => toDoc(s, 'approved', now, i));
  const pending = APPLICATIONS.map((s, i) => ({
    ...toDoc({ ...s, owner: s.applicant.openid }, 'pending', now, i),
    applicant: { name: s.applicant.name, phone: s.applicant.phone },
  }));
  return [...approved, ...pending];
}

/** The three applicants exist as users, so approving one makes a real merchant. */
export function demoApplicants(now: Date): UserDoc[] {
  return APPLICATIONS.map((a) => {
    const u = newUser(a.applicant.openid, now, false);
    u.profile = { ...u.profile, name: a.applicant.name, phone: a.applicant.phone, platform: 'other', workType: 'other' };
    return u;
  });
}
