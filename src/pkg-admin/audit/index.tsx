import { useEffect, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { auditLog, type AuditEntryView, type AuditLogPayload, type RegionView } from '../../services/admin';
import { ListFooter } from '../../components/paged-list';
import { AUDIT_ACTION_LABELS, auditActionLabel } from '../common/format';
import { nextDay, shanghaiDateTime, shanghaiDay, shanghaiDayStartIso } from '../../../cloudfunctions/shared/isomorphic/time';
import { cachedRegions, regionNames } from '../common/regions';
import { usePaged } from '../../components/paged-list';
import { auditSentence, changeRows } from './describe';
import '../common/admin.css';
import './index.css';

const ACTIONS = [{ key: '', label: '全部操作' }, ...Object.entries(AUDIT_ACTION_LABELS).map(([key, label]) => ({ key, label }))];

function Entry({ e, regions }: { e: AuditEntryView; regions: Map<string, string> }) {
  // Regions by the current list; places, rewards and reports by what the entry itself recorded.
  const names = new Map([...regions, ...Object.entries(e.names)]);
  const rows = changeRows(e, names);
  return (
    <View className="yh-card audit-entry" data-testid={`audit-${e.id}`}>
      <View className="audit-entry__head">
        <Text className="audit-entry__action" data-testid="audit-action">
          {auditActionLabel(e.action)}
        </Text>
        <Text className="audit-entry__at">{shanghaiDateTime(e.at)}</Text>
      </View>
      <Text className="audit-entry__sentence" data-testid="audit-sentence">
        {auditSentence(e, names)}
      </Text>
      {rows.length ? (
        <View className="audit-table" data-testid="audit-changes">
          <View className="audit-table__row audit-table__row--head">
            <Text className="audit-table__cell audit-table__cell--label">项目</Text>
            <Text className="audit-table__cell">之前</Text>
            <Text className="audit-table__cell">之后</Text>
          </View>
          {rows.map((r) => (
            <View key={r.label} className="audit-table__row" data-testid="audit-change">
              <Text className="audit-table__cell audit-table__cell--label">{r.label}</Text>
              <Text className="audit-table__cell" data-testid="audit-before">
                {r.before}
              </Text>
              <Text className="audit-table__cell" data-testid="audit-after">
                {r.after}
              </Text>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

export function Audit() {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const [action, setAction] = useState(params.action ?? '');
  const [actorDraft, setActorDraft] = useState(params.actor ?? '');
  const [targetDraft, setTargetDraft] = useState(params.targetId ?? '');
  const [actor, setActor] = useState(params.actor ?? '');
  const [target, setTarget] = useState(params.targetId ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [regions, setRegions] = useState<RegionView[]>([]);
  const today = shanghaiDay(new Date());

  useEffect(() => {
    // Without them an entry still reads, with the id: a failure here is not worth a message.
    cachedRegions().then(setRegions, () => undefined);
  }, []);

  const payload: AuditLogPayload = {
    ...(action ? { action } : {}),
    ...(actor ? { actor } : {}),
    ...(target ? { targetId: target } : {}),
    ...(from ? { from: shanghaiDayStartIso(from) } : {}),
    ...(to ? { to: shanghaiDayStartIso(nextDay(to)) } : {}),
    pageSize: 20,
  };
  const list = usePaged((cursor) => auditLog({ ...payload, ...(cursor ? { cursor } : {}) }, { silent: true }), JSON.stringify(payload));
  useReachBottom(list.loadMore);
  const apply = () => {
    setActor(actorDraft.trim());
    setTarget(targetDraft.trim());
  };
  const clear = () => {
    setAction('');
    setActorDraft('');
    setTargetDraft('');
    setActor('');
    setTarget('');
    setFrom('');
    setTo('');
  };
  const actionIndex = Math.max(0, ACTIONS.findIndex((a) => a.key === action));
  const regionsById = regionNames(regions);
  const filtered = !!(action || actor || target || from || to);

  return (
    <View data-testid="audit-page">
      <View className="yh-card">
        <Picker mode="selector" range={ACTIONS.map((a) => a.label)} value={actionIndex} onChange={(e) => setAction(ACTIONS[Number(e.detail.value)]?.key ?? '')}>
          <View className="adm-picker">
            <Text className="adm-picker__label">操作</Text>
            <Text className="adm-picker__value" data-testid="audit-filter-action">
              {ACTIONS[actionIndex].label} ›
            </Text>
          </View>
        </Picker>
        <Picker mode="date" value={from || today} end={today} onChange={(e) => setFrom(String(e.detail.value))}>
          <View className="adm-picker">
            <Text className="adm-picker__label">开始日期</Text>
            <Text className="adm-picker__value">{from || '不限'} ›</Text>
          </View>
        </Picker>
        <Picker mode="date" value={to || today} end={today} onChange={(e) => setTo(String(e.detail.value))}>
          <View className="adm-picker">
            <Text className="adm-picker__label">结束日期</Text>
            <Text className="adm-picker__value">{to || '不限'} ›</Text>
          </View>
        </Picker>
        <Input className="adm-input audit-input" value={actorDraft} maxlength={64} placeholder="操作人编号（选填）" onInput={(e) => setActorDraft(e.detail.value)} onConfirm={apply} data-testid="audit-actor" />
        <Input className="adm-input audit-input" value={targetDraft} maxlength={64} placeholder="对象编号，如用户编号（选填）" onInput={(e) => setTargetDraft(e.detail.value)} onConfirm={apply} data-testid="audit-target-input" />
        <View className="adm-btn-row">
          <Button className="yh-btn yh-btn--ghost" onClick={clear}>
            清除筛选
          </Button>
          <Button className="yh-btn yh-btn--primary" onClick={apply} data-testid="audit-apply">
            查询
          </Button>
        </View>
        <Text className="adm-note">操作记录只能查看，任何人都不能修改或删除。</Text>
      </View>
      {list.items.map((e) => (
        <Entry key={e.id} e={e} regions={regionsById} />
      ))}
      <ListFooter list={list} emptyTitle={filtered ? '没有符合条件的记录' : '还没有操作记录'} emptyText={filtered ? '换个筛选条件试试。' : '审核、派单、授权、调整积分等操作都会记录在这里。'} />
    </View>
  );
}

function AdminOnly() {
  return <EmptyState glyph="锁" title="仅区管理员可查看" description="操作记录只对区管理员开放。" />;
}

export default function AuditPage() {
  return <PageShell requireUser>{(user) => (user.roles.includes('admin') ? <Audit /> : <AdminOnly />)}</PageShell>;
}
