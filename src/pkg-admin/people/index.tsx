import { useEffect, useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import type { Platform, Role, UserView } from '../../../cloudfunctions/shared/contracts';
import type { GrantableRole } from '../../../cloudfunctions/shared/contracts/admin';
import { busyProps } from '../../components/button-props';
import { LengthCount, tooLong } from '../../components/form-field';
import PageShell from '../../components/page-shell';
import { PLATFORM_OPTIONS, ROLE_LABELS, platformLabel, roleTags, workTypeLabel } from '../../constants/labels';
import { grantRole, listUsers, revokeRole, setBanned, type ListUsersPayload, type RegionView } from '../../services/admin';
import { ApiCallError } from '../../services/errors';
import Chips from '../common/chips';
import { ListFooter } from '../../components/paged-list';
import { shanghaiDay } from '../../../cloudfunctions/shared/isomorphic/time';
import { inStaffScope } from '../../../cloudfunctions/shared/isomorphic/scope';
import { cachedRegions, regionNames } from '../common/regions';
import { usePaged } from '../../components/paged-list';
import '../common/admin.css';
import './index.css';

type RoleFilter = Role | 'all';
const ROLE_FILTERS: ReadonlyArray<{ key: RoleFilter; label: string }> = [
  { key: 'all', label: '全部' },
  { key: 'worker', label: '新就业群体' },
  { key: 'merchant', label: '友好商户' },
  { key: 'gridworker', label: '网格员' },
  { key: 'staff', label: '社区工作人员' },
  { key: 'admin', label: '管理员' },
];

type StatusFilter = 'all' | 'active' | 'banned';
const STATUS_FILTERS: ReadonlyArray<{ key: StatusFilter; label: string }> = [
  { key: 'all', label: '全部状态' },
  { key: 'active', label: '正常' },
  { key: 'banned', label: '已停用' },
];

const GRANTABLE: ReadonlyArray<{ key: GrantableRole; label: string }> = [
  { key: 'staff', label: '社区工作人员' },
  { key: 'gridworker', label: '网格员' },
  { key: 'admin', label: '管理员' },
];

const errorText = (e: unknown) => (e instanceof ApiCallError ? e.message : '操作没有成功，请稍后重试');

/** Grant / revoke roles and ban: admin only (the policy table says so too). */
function ManagePanel({ u, regions, onChanged }: { u: UserView; regions: RegionView[]; onChanged: (u: UserView) => void }) {
  const [role, setRole] = useState<GrantableRole>('staff');
  const [picked, setPicked] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState('');

  const held = role === 'staff' ? u.scopes.staff : role === 'gridworker' ? u.scopes.gridworker : [];
  // The person's own community first: that is usually where they are given a role.
  const communities = regions.filter((r) => r.level === 'community').sort((a, b) => Number(b.id === u.profile.communityId) - Number(a.id === u.profile.communityId));
  const gridsOf = (communityId: string) => regions.filter((r) => r.level === 'grid' && r.parentId === communityId);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]));

  const act = async (what: string, fn: () => Promise<UserView>, done: string) => {
    setBusy(what);
    setError('');
    try {
      const next = await fn();
      onChanged(next);
      setPicked([]);
      setReason('');
      Taro.showToast({ title: done, icon: 'success' });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy('');
    }
  };

  const grant = () => {
    if (role !== 'admin' && picked.length === 0) {
      setError(role === 'staff' ? '请选择负责的社区' : '请选择负责的网格');
      return;
    }
    void act('grant', () => grantRole({ openid: u.openid, role, ...(role === 'admin' ? {} : { scope: picked }) }, { silent: true }), '已授予');
  };

  const revoke = async (r: GrantableRole) => {
    const label = ROLE_LABELS[r];
    const res = await Taro.showModal({ title: `撤销${label}`, content: `撤销后 ${u.profile.name || u.openid} 不再是${label}，负责范围一并清空。`, confirmText: '撤销', confirmColor: '#b42318' });
    if (res.confirm) void act(`revoke-${r}`, () => revokeRole({ openid: u.openid, role: r }, { silent: true }), '已撤销');
  };

  const ban = (banned: boolean) => {
    if (reason.trim().length < 2) {
      setError(banned ? '请填写停用原因（至少 2 个字）' : '请填写恢复原因（至少 2 个字）');
      return;
    }
    const over = tooLong('原因', reason, 200);
    if (over) {
      setError(over);
      return;
    }
    void act('ban', () => setBanned({ openid: u.openid, banned, reason: reason.trim() }, { silent: true }), banned ? '已停用' : '已恢复');
  };

  const chip = (id: string, name: string) => {
    const has = held.includes(id);
    const on = has || picked.includes(id);
    return (
      <Text key={id} className={`adm-chip${on ? ' adm-chip--on' : ''}${has ? ' people-chip--held' : ''}`} data-testid={`grant-scope-${id}`} onClick={() => !has && toggle(id)}>
        {name}
        {has ? '（已负责）' : ''}
      </Text>
    );
  };

  const revocable = GRANTABLE.filter((g) => u.roles.includes(g.key));

  return (
    <View className="people-panel" data-testid="people-panel">
      <Text className="people-panel__title">授予角色</Text>
      <Chips
        options={GRANTABLE}
        value={role}
        onChange={(r) => {
          setRole(r);
          setPicked([]);
          setError('');
        }}
        testId="grant-role"
      />
      {role === 'staff' ? (
        <View>
          <Text className="adm-note">负责的社区（可多选）</Text>
          <View className="adm-chips">{communities.map((c) => chip(c.id, c.name))}</View>
        </View>
      ) : null}
      {role === 'gridworker' ? (
        <View>
          <Text className="adm-note">负责的网格（可多选）</Text>
          {communities.map((c) => (
            <View key={c.id}>
              <Text className="people-panel__group">{c.name}</Text>
              <View className="adm-chips">{gridsOf(c.id).map((g) => chip(g.id, g.name))}</View>
            </View>
          ))}
        </View>
      ) : null}
      {role === 'admin' ? <Text className="adm-note">管理员可管理全区的人员、区域网格、积分规则，并查看操作记录。</Text> : null}
      <Button className="yh-btn yh-btn--primary yh-btn--block" {...busyProps(busy === 'grant')} onClick={grant} data-testid="grant-submit">
        授予{ROLE_LABELS[role]}
      </Button>

      {revocable.length > 0 ? (
        <View>
          <Text className="people-panel__title">撤销角色</Text>
          <View className="adm-btn-row">
            {revocable.map((g) => (
              <Button key={g.key} className="yh-btn yh-btn--ghost" {...busyProps(busy === `revoke-${g.key}`)} onClick={() => void revoke(g.key)} data-testid={`revoke-${g.key}`}>
                撤销{g.label}
              </Button>
            ))}
          </View>
        </View>
      ) : null}

      <Text className="people-panel__title">{u.status === 'banned' ? '恢复账号' : '停用账号'}</Text>
      <Input className="adm-input" value={reason} maxlength={-1} placeholder={u.status === 'banned' ? '恢复原因' : '停用原因，例如：多次提交虚假上报'} onInput={(e) => setReason(e.detail.value)} data-testid="ban-reason" />
      <LengthCount text={reason} max={200} testId="ban-reason-count" />
      {u.status === 'banned' ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" {...busyProps(busy === 'ban')} onClick={() => ban(false)} data-testid="ban-submit">
          恢复账号
        </Button>
      ) : (
        <Button className="yh-btn yh-btn--danger yh-btn--block" {...busyProps(busy === 'ban')} onClick={() => ban(true)} data-testid="ban-submit">
          停用账号
        </Button>
      )}
      {error ? (
        <Text className="adm-error" data-testid="people-panel-error">
          {error}
        </Text>
      ) : null}
    </View>
  );
}

function UserCard({ u, names, isAdmin, regions, onChanged }: { u: UserView; names: Map<string, string>; isAdmin: boolean; regions: RegionView[]; onChanged: (u: UserView) => void }) {
  const [open, setOpen] = useState(false);
  const work = [workTypeLabel(u.profile.workType), platformLabel(u.profile.platform)].filter(Boolean).join(' · ');
  const scopeText = [
    u.scopes.staff.length ? `负责社区：${u.scopes.staff.map((id) => names.get(id) ?? id).join('、')}` : '',
    u.scopes.gridworker.length ? `负责网格：${u.scopes.gridworker.map((id) => names.get(id) ?? id).join('、')}` : '',
  ].filter(Boolean);
  return (
    <View className="yh-card people-card" data-testid={`user-${u.openid}`}>
      <View className="people-card__head">
        <Text className="people-card__name">{u.profile.name || '未填写姓名'}</Text>
        {u.status === 'banned' ? <Text className="people-card__banned">已停用</Text> : null}
      </View>
      <View className="people-card__roles" data-testid="user-roles">
        {roleTags(u.roles, u.profile.workType).map((r) => (
          <Text key={r} className={`yh-chip${r === 'admin' || r === 'staff' ? ' yh-chip--accent' : ''}`}>
            {ROLE_LABELS[r]}
          </Text>
        ))}
      </View>
      <Text className="people-card__line">
        {u.profile.phone || '未留手机号'}
        {work ? ` · ${work}` : ''}
      </Text>
      <Text className="people-card__line">
        {u.profile.communityId ? names.get(u.profile.communityId) ?? u.profile.communityId : '未选社区'} · {shanghaiDay(u.createdAt)} 加入
      </Text>
      {scopeText.map((t) => (
        <Text key={t} className="people-card__line" data-testid="user-scopes">
          {t}
        </Text>
      ))}
      {isAdmin ? (
        <View className="people-card__foot">
          <Text className="people-card__id">ID：{u.openid}</Text>
          <Text className="people-card__audit" data-testid="user-audit" onClick={() => void Taro.navigateTo({ url: `/pkg-admin/audit/index?targetId=${encodeURIComponent(u.openid)}` })}>
            操作记录 ›
          </Text>
        </View>
      ) : null}
      {isAdmin ? (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => setOpen((o) => !o)} data-testid="user-manage">
          {open ? '收起' : '管理角色与账号'}
        </Button>
      ) : null}
      {open ? <ManagePanel u={u} regions={regions} onChanged={onChanged} /> : null}
    </View>
  );
}

export function People({ user }: { user: UserView }) {
  const isAdmin = user.roles.includes('admin');
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<RoleFilter>('all');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [platform, setPlatform] = useState<Platform | ''>('');
  const [community, setCommunity] = useState('');
  const [regions, setRegions] = useState<RegionView[]>([]);

  useEffect(() => {
    cachedRegions().then(setRegions, () => undefined);
  }, []);

  const names = regionNames(regions);
  const communityChoices = [
    { id: '', name: isAdmin ? '全部社区' : '我负责的全部社区' },
    ...regions.filter((r) => r.level === 'community' && inStaffScope(user, r.id)).map((r) => ({ id: r.id, name: r.name })),
  ];
  const communityIndex = Math.max(0, communityChoices.findIndex((c) => c.id === community));
  const platformChoices = [{ value: '' as const, label: '全部平台' }, ...PLATFORM_OPTIONS];
  const platformIndex = Math.max(0, platformChoices.findIndex((p) => p.value === platform));

  const payload: ListUsersPayload = {
    ...(q ? { q } : {}),
    ...(role !== 'all' ? { role } : {}),
    ...(status !== 'all' ? { status } : {}),
    ...(platform ? { platform } : {}),
    ...(community ? { communityId: community } : {}),
    pageSize: 20,
  };
  const list = usePaged((cursor) => listUsers({ ...payload, ...(cursor ? { cursor } : {}) }, { silent: true }), JSON.stringify(payload));
  useReachBottom(list.loadMore);

  const replace = (next: UserView) => list.setItems((items) => items.map((i) => (i.openid === next.openid ? next : i)));

  return (
    <View data-testid="people-page">
      <View className="yh-card">
        <View className="people-search">
          <Input
            className="adm-input people-search__input"
            value={draft}
            maxlength={20}
            confirmType="search"
            placeholder="姓名、手机号开头或用户编号"
            onInput={(e) => setDraft(e.detail.value)}
            onConfirm={() => setQ(draft.trim())}
            data-testid="people-search"
          />
          <Button className="yh-btn yh-btn--primary people-search__btn" onClick={() => setQ(draft.trim())} data-testid="people-search-btn">
            搜索
          </Button>
        </View>
        <Chips options={ROLE_FILTERS} value={role} onChange={setRole} testId="people-role" />
        <Chips options={STATUS_FILTERS} value={status} onChange={setStatus} testId="people-status" />
        <Picker mode="selector" range={communityChoices.map((c) => c.name)} value={communityIndex} onChange={(e) => setCommunity(communityChoices[Number(e.detail.value)]?.id ?? '')}>
          <View className="adm-picker">
            <Text className="adm-picker__label">社区</Text>
            <Text className="adm-picker__value">{communityChoices[communityIndex]?.name} ›</Text>
          </View>
        </Picker>
        <Picker mode="selector" range={platformChoices.map((p) => p.label)} value={platformIndex} onChange={(e) => setPlatform(platformChoices[Number(e.detail.value)]?.value ?? '')}>
          <View className="adm-picker">
            <Text className="adm-picker__label">平台</Text>
            <Text className="adm-picker__value">{platformChoices[platformIndex]?.label} ›</Text>
          </View>
        </Picker>
        {!isAdmin ? <Text className="adm-note">只显示你负责社区的人员。授予角色、停用账号请联系区管理员。</Text> : null}
      </View>

      {list.items.map((u) => (
        <UserCard key={u.openid} u={u} names={names} isAdmin={isAdmin} regions={regions} onChanged={replace} />
      ))}
      <ListFooter list={list} emptyTitle="没有找到人员" emptyText={q ? `没有与「${q}」匹配的人员，换个关键词试试。` : '换个筛选条件试试。'} />
    </View>
  );
}

export default function PeoplePage() {
  return <PageShell requireUser>{(user) => <People user={user} />}</PageShell>;
}
