import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Picker, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { busyProps } from '../../components/button-props';
import PageShell from '../../components/page-shell';
import type { RegionView } from '../../services/admin';
import { ApiCallError } from '../../services/errors';
import { exportCsv, type ExportKind, type ExportResult } from '../../services/stats';
import Chips from '../common/chips';
import { EXPORT_KIND_OPTIONS as KINDS, monthStart } from '../common/format';
import { nextDay, shanghaiDay, shanghaiDayStartIso } from '../../../cloudfunctions/shared/isomorphic/time';
import { inStaffScope } from '../../../cloudfunctions/shared/isomorphic/scope';
import { cachedRegions } from '../common/regions';
import '../common/admin.css';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** Hands the file to the person: a download on H5; on weapp a CSV cannot be opened in place, so the link is copied. */
function download(result: ExportResult): void {
  if (process.env.TARO_ENV === 'h5') {
    const a = document.createElement('a');
    a.href = result.url;
    a.download = result.fileName;
    a.target = '_blank';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return;
  }
  copyLink(result);
}

function copyLink(result: ExportResult): void {
  void Taro.setClipboardData({ data: result.url }).then(
    () => Taro.showToast({ title: '下载链接已复制，可在浏览器或电脑上打开', icon: 'none', duration: 3000 }),
    () => Taro.showToast({ title: '复制没有成功', icon: 'none' }),
  );
}

function ExportForm({ user }: { user: UserView }) {
  const params = Taro.getCurrentInstance().router?.params ?? {};
  const isAdmin = user.roles.includes('admin');
  const today = shanghaiDay(new Date());
  const [kind, setKind] = useState<ExportKind>('reports');
  const [from, setFrom] = useState(params.from && DAY_RE.test(params.from) ? params.from : monthStart());
  const [to, setTo] = useState(today);
  const [community, setCommunity] = useState(params.communityId ?? '');
  const [regions, setRegions] = useState<RegionView[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState<ExportResult | null>(null);

  useEffect(() => {
    cachedRegions().then(setRegions, () => undefined);
  }, []);

  const communities = regions.filter((r) => r.level === 'community' && inStaffScope(user, r.id));
  const choices = [{ id: '', name: isAdmin ? '全区' : '我负责的全部社区' }, ...communities.map((c) => ({ id: c.id, name: c.name }))];
  const choiceIndex = Math.max(0, choices.findIndex((c) => c.id === community));

  const run = async () => {
    if (from > to) {
      setError('开始日期不能晚于结束日期');
      return;
    }
    setBusy(true);
    setError('');
    setResult(null);
    try {
      const r = await exportCsv({ kind, from: shanghaiDayStartIso(from), to: shanghaiDayStartIso(nextDay(to)), ...(community ? { communityId: community } : {}) }, { silent: true });
      setResult(r);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : '导出没有成功，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View data-testid="export-page">
      <View className="yh-card">
        <Text className="yh-card__title">导出什么</Text>
        <Chips options={KINDS} value={kind} onChange={(k) => (setKind(k), setResult(null))} testId="export-kind" />
        <Picker mode="date" value={from} end={today} onChange={(e) => (setFrom(String(e.detail.value)), setResult(null))}>
          <View className="adm-picker">
            <Text className="adm-picker__label">开始日期</Text>
            <Text className="adm-picker__value" data-testid="export-from">
              {from} ›
            </Text>
          </View>
        </Picker>
        <Picker mode="date" value={to} end={today} onChange={(e) => (setTo(String(e.detail.value)), setResult(null))}>
          <View className="adm-picker">
            <Text className="adm-picker__label">结束日期（含当天）</Text>
            <Text className="adm-picker__value" data-testid="export-to">
              {to} ›
            </Text>
          </View>
        </Picker>
        <Picker mode="selector" range={choices.map((c) => c.name)} value={choiceIndex} onChange={(e) => (setCommunity(choices[Number(e.detail.value)]?.id ?? ''), setResult(null))}>
          <View className="adm-picker">
            <Text className="adm-picker__label">范围</Text>
            <Text className="adm-picker__value">{choices[choiceIndex]?.name ?? '—'} ›</Text>
          </View>
        </Picker>
        <Text className="adm-note">表格可直接用 Excel 或 WPS 打开；手机号按你的权限隐去中间几位。</Text>
        <Button className="yh-btn yh-btn--primary yh-btn--block" {...busyProps(busy)} onClick={() => void run()} data-testid="export-run">
          {busy ? '正在生成…' : '生成表格'}
        </Button>
        {error ? (
          <Text className="adm-error" data-testid="export-error">
            {error}
          </Text>
        ) : null}
      </View>

      {result ? (
        <View className="yh-card" data-testid="export-result">
          <Text className="yh-card__title">表格已生成</Text>
          <View className="adm-row">
            <Text className="adm-row__label">文件</Text>
            <Text className="adm-row__value">{result.fileName}</Text>
          </View>
          <View className="adm-row">
            <Text className="adm-row__label">行数</Text>
            <Text className="adm-row__value" data-testid="export-rows">
              {result.rows}
            </Text>
          </View>
          <Text className="adm-note">下载链接有时效，请尽快保存。</Text>
          <View className="adm-btn-row">
            {process.env.TARO_ENV === 'h5' ? (
              <Button className="yh-btn yh-btn--primary" onClick={() => download(result)} data-testid="export-download">
                下载
              </Button>
            ) : null}
            <Button className="yh-btn yh-btn--ghost" onClick={() => copyLink(result)} data-testid="export-copy">
              复制下载链接
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  );
}

export default function ExportPage() {
  return <PageShell requireUser>{(user) => <ExportForm user={user} />}</PageShell>;
}
