import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { busyProps } from '../../components/button-props';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ApiCallError } from '../../services/errors';
import * as points from '../../services/points';
import type { RulesView } from '../../services/points';
import './index.css';

const FIELDS: Array<{ key: keyof RulesView; label: string; unit: string; help: string }> = [
  { key: 'dailyCap', label: '每日获得上限', unit: '分', help: '一天（北京时间）最多获得的积分，防止刷分。' },
  { key: 'perVolunteerHour', label: '志愿服务每小时', unit: '分', help: '志愿服务核实后，每小时获得的积分。' },
  { key: 'expiryMonths', label: '积分有效期', unit: '个月', help: '获得后这么久未使用的积分会过期，明细里显示为「过期」。修改只影响之后获得的积分。' },
];

/** Everyone reads the rules; the district admin edits them. Points per report category are set with the categories (随手拍). */
function Rules({ user }: { user: UserView }) {
  const admin = user.roles.includes('admin');
  const [rules, setRules] = useState<RulesView | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const load = async () => {
    try {
      const r = await points.rules({ silent: true });
      setRules(r);
      setDraft(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
      setError('');
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '没有加载成功');
    }
  };
  useEffect(() => void load(), []);

  if (!rules) {
    return error ? <EmptyState glyph="!" title="没有加载成功" description={error} /> : <EmptyState glyph="…" title="正在加载" />;
  }

  const save = async () => {
    const patch: Record<string, number> = {};
    for (const f of FIELDS) {
      const v = Number(draft[f.key]);
      if (!Number.isInteger(v)) return setError(`请填写${f.label}（整数）`);
      if (v !== rules[f.key]) patch[f.key] = v;
    }
    if (Object.keys(patch).length === 0) return setError('没有修改');
    setSaving(true);
    setError('');
    try {
      setRules(await points.updateRules(patch, { silent: true }));
      void Taro.showToast({ title: '规则已保存', icon: 'none' });
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '保存失败，请稍后重试');
    } finally {
      setSaving(false);
    }
  };

  return (
    <View>
      <View className="yh-card">
        <Text className="yh-card__title">怎么获得积分</Text>
        <Text className="rules__p">· 随手拍上报被社区采纳：按问题类别获得积分，各类别的分值由社区设定。</Text>
        <Text className="rules__p">· 志愿服务经社区核实：每小时 {rules.perVolunteerHour} 分。</Text>
        <Text className="rules__p">· 每天最多获得 {rules.dailyCap} 分；积分获得后 {rules.expiryMonths} 个月内有效，先到期的先用。</Text>
        <Text className="rules__p">· 兑换后凭兑换码到指定商户或服务站核销，兑换码只能用一次；取消或过期未用，积分自动退回。</Text>
      </View>
      {admin ? (
        <View className="yh-card">
          <Text className="yh-card__title">修改规则（管理员）</Text>
          {FIELDS.map((f) => (
            <View key={f.key} className="rules__field">
              <Text className="rules__label">
                {f.label}（{f.unit}）
              </Text>
              <Input className="rules__input" data-testid={`rules-${f.key}`} type="number" value={draft[f.key] ?? ''} onInput={(e) => setDraft((d) => ({ ...d, [f.key]: e.detail.value }))} />
              <Text className="rules__help">{f.help}</Text>
            </View>
          ))}
          <View className="rules__link" onClick={() => void Taro.navigateTo({ url: '/pkg-snapshot/categories/index' })}>
            <Text>各类别上报的积分在「随手拍分类」里设置</Text>
            <Text>›</Text>
          </View>
          {error ? <Text className="rules__error">{error}</Text> : null}
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="rules-save" {...busyProps(saving)} onClick={() => void save()}>
            保存规则
          </Button>
        </View>
      ) : null}
    </View>
  );
}

export default function RulesPage() {
  return <PageShell requireUser>{(user: UserView) => <Rules user={user} />}</PageShell>;
}
