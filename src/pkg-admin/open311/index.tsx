import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Switch, Text, View } from '@tarojs/components';
import { busyProps } from '../../components/button-props';
import { LengthCount, tooLong } from '../../components/form-field';
import EmptyState from '../../components/empty-state';
import PageShell from '../../components/page-shell';
import type { RegionView } from '../../services/admin';
import { ApiCallError } from '../../services/errors';
import { issueApiKey, listApiKeys, open311Settings, revokeApiKey, setOpen311Public, type ApiKeyView, type IssuedApiKey, type Open311SettingsView } from '../../services/open311';
import { newRequestId } from '../../services/snapshot';
import { shanghaiDateTime } from '../../../cloudfunctions/shared/isomorphic/time';
import { cachedRegions } from '../common/regions';
import '../common/admin.css';
import './index.css';

/** Public reading per district: on by default; off means only partners with a key can read. */
function PublicReading({ settings, onChange }: { settings: Open311SettingsView; onChange: (s: Open311SettingsView) => void }) {
  const [busy, setBusy] = useState('');
  const toggle = async (districtId: string, publicRead: boolean) => {
    setBusy(districtId);
    try {
      const next = await setOpen311Public({ districtId, publicRead });
      onChange({ ...settings, districts: settings.districts.map((d) => (d.districtId === next.districtId ? next : d)) });
      void Taro.showToast({ title: publicRead ? '已开启公开读取' : '已关闭公开读取', icon: 'none' });
    } catch {
      // The call already showed why.
    } finally {
      setBusy('');
    }
  };
  return (
    <View className="yh-card" data-testid="o311-public">
      <Text className="o311-title">公开读取</Text>
      <Text className="o311-line">接口地址：{settings.basePath}（如 services.json、requests.json）</Text>
      <Text className="o311-line">公开的内容：分类、上报状态与处理说明、所属社区、地址与位置、时间、通过审核的照片和描述。不会公开上报人身份、志愿服务记录和评价。</Text>
      {settings.districts.length === 0 ? <Text className="adm-note">还没有导入区域，请先在「区域与网格」导入。</Text> : null}
      {settings.districts.map((d) => (
        <View key={d.districtId} className="o311-row">
          <Text className="o311-row__label">{d.name}</Text>
          <Switch checked={d.publicRead} disabled={busy === d.districtId} color="#0b5cad" onChange={(e) => void toggle(d.districtId, e.detail.value)} data-testid={`o311-public-${d.districtId}`} />
        </View>
      ))}
      <Text className="adm-note">关闭后，不带密钥的读取会被拒绝；接入方用密钥只能读取其负责社区的上报。</Text>
    </View>
  );
}

function IssueForm({ communities, onIssued }: { communities: RegionView[]; onIssued: (k: IssuedApiKey) => void }) {
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [rate, setRate] = useState('60');
  const [daily, setDaily] = useState('500');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [requestId, setRequestId] = useState(newRequestId);

  const flip = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const submit = async () => {
    setError('');
    if (name.trim().length < 2) return setError('请填写接入系统名称，如「12345 热线」');
    const nameOver = tooLong('接入系统名称', name, 30);
    if (nameOver) return setError(nameOver);
    if (chosen.length === 0) return setError('请至少选择 1 个社区');
    const ratePerMinute = Number(rate);
    const dailyLimit = Number(daily);
    if (!Number.isInteger(ratePerMinute) || ratePerMinute < 1 || ratePerMinute > 600) return setError('每分钟调用上限应为 1–600 的整数');
    if (!Number.isInteger(dailyLimit) || dailyLimit < 1 || dailyLimit > 5000) return setError('每日提交上限应为 1–5000 的整数');
    setBusy(true);
    try {
      const issued = await issueApiKey({ name: name.trim(), communities: chosen, ratePerMinute, dailyLimit, requestId }, { silent: true });
      onIssued(issued);
      setName('');
      setChosen([]);
      setRequestId(newRequestId());
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : '签发没有成功，请稍后重试');
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yh-card" data-testid="o311-issue">
      <Text className="o311-title">签发密钥</Text>
      <Text className="o311-line">每个接入系统一把密钥（如 12345 热线、城市运行管理平台），只能向选定的社区提交上报。</Text>
      <Input className="adm-input o311-field" value={name} maxlength={-1} placeholder="接入系统名称，如 12345 热线" onInput={(e) => setName(e.detail.value)} data-testid="o311-name" />
      <LengthCount text={name} max={30} testId="o311-name-count" />
      <Text className="o311-line o311-field">可提交的社区</Text>
      <View className="o311-chip-multi">
        {communities.map((c) => (
          <Text key={c.id} className={`adm-chip${chosen.includes(c.id) ? ' adm-chip--on' : ''}`} onClick={() => flip(c.id)} data-testid={`o311-community-${c.id}`}>
            {c.name}
          </Text>
        ))}
        {communities.length === 0 ? <Text className="adm-note">还没有社区，请先导入区域。</Text> : null}
      </View>
      <Input className="adm-input o311-field" type="number" value={rate} maxlength={3} placeholder="每分钟调用上限" onInput={(e) => setRate(e.detail.value)} />
      <Text className="adm-note">每分钟调用上限（次）</Text>
      <Input className="adm-input o311-field" type="number" value={daily} maxlength={4} placeholder="每日提交上限" onInput={(e) => setDaily(e.detail.value)} />
      <Text className="adm-note">每日提交上限（条）</Text>
      {error ? <Text className="o311-warn" data-testid="o311-error">{error}</Text> : null}
      <Button className="yh-btn yh-btn--primary yh-btn--block o311-field" {...busyProps(busy)} onClick={() => void submit()} data-testid="o311-submit">
        签发
      </Button>
    </View>
  );
}

function Shown({ issued, onDone }: { issued: IssuedApiKey; onDone: () => void }) {
  const copy = () =>
    void Taro.setClipboardData({ data: issued.key }).then(
      () => Taro.showToast({ title: '密钥已复制', icon: 'none' }),
      () => Taro.showToast({ title: '复制没有成功，请手动抄写', icon: 'none' }),
    );
  return (
    <View className="yh-card" data-testid="o311-shown">
      <Text className="o311-title">「{issued.item.name}」的密钥</Text>
      <Text className="o311-warn">密钥只显示这一次，系统只保存它的摘要。请立即复制并通过安全渠道交给对方。</Text>
      <Text className="o311-key" selectable data-testid="o311-key">
        {issued.key}
      </Text>
      <View className="adm-btn-row">
        <Button className="yh-btn yh-btn--ghost" onClick={copy}>
          复制
        </Button>
        <Button className="yh-btn yh-btn--primary" onClick={onDone} data-testid="o311-done">
          我已保存
        </Button>
      </View>
    </View>
  );
}

function KeyCard({ k, onRevoked }: { k: ApiKeyView; onRevoked: (k: ApiKeyView) => void }) {
  const [busy, setBusy] = useState(false);
  const revoke = async () => {
    const ok = await Taro.showModal({ title: '吊销密钥', content: `吊销后「${k.name}」将立即无法调用接口，且不能恢复。确定吊销吗？`, confirmText: '吊销', confirmColor: '#b42318' });
    if (!ok.confirm) return;
    setBusy(true);
    try {
      onRevoked(await revokeApiKey(k.id));
    } catch {
      // The call already showed why.
    } finally {
      setBusy(false);
    }
  };
  return (
    <View className="yh-card" data-testid={`o311-key-${k.id}`}>
      <View className="o311-row">
        <Text className="o311-row__label">{k.name}</Text>
        <Text className={`o311-status--${k.status}`}>{k.status === 'active' ? '使用中' : '已吊销'}</Text>
      </View>
      <Text className="o311-line">密钥开头：{k.prefix}…</Text>
      <Text className="o311-line">社区：{k.communities.map((c) => c.name).join('、')}</Text>
      <Text className="o311-line">
        上限：每分钟 {k.ratePerMinute} 次，每日提交 {k.dailyLimit} 条
      </Text>
      <Text className="o311-line">签发于 {shanghaiDateTime(k.createdAt)}{k.revokedAt ? `，吊销于 ${shanghaiDateTime(k.revokedAt)}` : ''}</Text>
      <Text className="o311-line" onClick={() => void Taro.navigateTo({ url: `/pkg-admin/audit/index?actor=${encodeURIComponent(`open311-${k.id}`)}` })}>
        查看调用记录 ›
      </Text>
      {k.status === 'active' ? (
        <Button className="yh-btn yh-btn--danger yh-btn--block o311-field" {...busyProps(busy)} onClick={() => void revoke()} data-testid="o311-revoke">
          吊销
        </Button>
      ) : null}
    </View>
  );
}

export function Open311Admin() {
  const [settings, setSettings] = useState<Open311SettingsView | null>(null);
  const [keys, setKeys] = useState<ApiKeyView[] | null>(null);
  const [regions, setRegions] = useState<RegionView[]>([]);
  const [issued, setIssued] = useState<IssuedApiKey | null>(null);
  const [failed, setFailed] = useState(false);

  const load = () => {
    setFailed(false);
    open311Settings({ silent: true }).then(setSettings, () => setFailed(true));
    listApiKeys({ silent: true }).then(setKeys, () => setFailed(true));
    cachedRegions().then(setRegions, () => undefined);
  };
  useEffect(load, []);

  if (failed) {
    return (
      <EmptyState
        glyph="!"
        title="加载没有成功"
        description="请检查网络后重试。"
        action={
          <Button className="yh-btn yh-btn--primary" onClick={load}>
            重试
          </Button>
        }
      />
    );
  }
  if (!settings || !keys) return <EmptyState glyph="…" title="正在加载" />;

  const communities = regions.filter((r) => r.level === 'community');
  return (
    <View data-testid="o311-page">
      <PublicReading settings={settings} onChange={setSettings} />
      {issued ? (
        <Shown issued={issued} onDone={() => setIssued(null)} />
      ) : (
        <IssueForm
          communities={communities}
          onIssued={(k) => {
            setIssued(k);
            setKeys((list) => [k.item, ...(list ?? [])]);
          }}
        />
      )}
      <View className="yh-card">
        <Text className="o311-title">已签发的密钥</Text>
        {keys.length === 0 ? <Text className="adm-note">还没有签发密钥。接入方凭密钥提交上报（POST requests），提交的上报进入同一审核队列，并标注来源。</Text> : null}
      </View>
      {keys.map((k) => (
        <KeyCard key={k.id} k={k} onRevoked={(next) => setKeys((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)))} />
      ))}
    </View>
  );
}

function AdminOnly() {
  return <EmptyState glyph="锁" title="仅区管理员可查看" description="开放接口的密钥和公开设置只对区管理员开放。" />;
}

export default function Open311Page() {
  return <PageShell requireUser>{(user) => (user.roles.includes('admin') ? <Open311Admin /> : <AdminOnly />)}</PageShell>;
}
