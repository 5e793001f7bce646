import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { busyProps } from '../../components/button-props';
import { formatTime } from '../../constants/snapshot';
import PageShell from '../../components/page-shell';
import Icon from '../../components/icon';
import EmptyState from '../../components/empty-state';
import QrCode from '../../components/qr-code';
import { ApiCallError } from '../../services/errors';
import * as points from '../../services/points';
import type { RedemptionView } from '../../services/points';
import './index.css';

/** While the code is on screen at the counter, look for the merchant's scan this often. */
const POLL_MS = 4000;

function Detail({ id }: { id: string }) {
  const [r, setR] = useState<RedemptionView | null>(null);
  const [error, setError] = useState('');
  const [visible, setVisible] = useState(true);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  const load = useCallback(async () => {
    try {
      setR(await points.redemption(id, { silent: true }));
      setError('');
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '没有加载成功');
    }
  }, [id]);

  useEffect(() => void load(), [load]);
  useDidShow(() => setVisible(true));
  useDidHide(() => setVisible(false));
  useEffect(() => {
    if (!visible || r?.status !== 'issued') return undefined;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [visible, r?.status, load]);

  if (!r) {
    return error ? (
      <EmptyState glyph="!" title="没有加载成功" description={error} action={<Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void load()}>重试</Button>} />
    ) : (
      <EmptyState glyph="…" title="正在加载" />
    );
  }

  const cancel = async () => {
    setCancelling(true);
    try {
      setR(await points.cancelRedemption(r.id));
      setConfirmCancel(false);
      void Taro.showToast({ title: '已取消，积分已退回', icon: 'none' });
    } catch {
      // call() already showed the reason.
    } finally {
      setCancelling(false);
    }
  };

  return (
    <View>
      <View className="yh-card redemption__card">
        <View className="redemption__head">
          <Text className="redemption__title">{r.title}</Text>
          <Text className={`redemption__status redemption__status--${r.status}`} data-testid="redemption-status">
            {r.statusLabel}
          </Text>
        </View>
        <Text className="redemption__meta">
          {r.cost} 积分 · {formatTime(r.createdAt)} 兑换
        </Text>

        {r.status === 'issued' ? (
          <View className="redemption__code-box">
            <Text className="redemption__hint">请向「{r.fulfilAt}」的工作人员出示</Text>
            <QrCode text={r.code} label={`兑换码 ${points.formatCode(r.code)}`} testId="redemption-qr" />
            <Text className="redemption__code" data-testid="redemption-code">
              {points.formatCode(r.code)}
            </Text>
            <Text className="redemption__meta">{formatTime(r.expiresAt)} 前有效 · 只能使用一次</Text>
          </View>
        ) : null}

        {r.status === 'fulfilled' ? (
          <View className="redemption__done" data-testid="redemption-done">
            <View className="redemption__done-mark" data-testid="success-mark">
          <Icon name="tick" color="#ffffff" size="lg" className="redemption__done-mark-icon" />
        </View>
            <Text className="redemption__done-text">已使用</Text>
            <Text className="redemption__meta">
              {r.fulfilledAt ? `${formatTime(r.fulfilledAt)} 在「${r.fulfilAt}」核销` : `在「${r.fulfilAt}」核销`}
            </Text>
          </View>
        ) : null}

        {r.status === 'cancelled' || r.status === 'expired' ? (
          <View className="redemption__done">
            <Text className="redemption__done-text redemption__done-text--off">{r.statusLabel}</Text>
            <Text className="redemption__meta">
              {r.status === 'cancelled' ? '你已取消这次兑换' : '兑换码过了有效期没有使用'}，{r.cost} 积分已退回
            </Text>
          </View>
        ) : null}
      </View>

      {r.status === 'issued' ? (
        confirmCancel ? (
          <View className="yh-card">
            <Text className="redemption__confirm">取消后 {r.cost} 积分会退回，兑换码作废。确定取消吗？</Text>
            <View className="redemption__actions">
              <Button className="yh-btn yh-btn--ghost redemption__action" onClick={() => setConfirmCancel(false)}>
                不取消
              </Button>
              <Button className="yh-btn redemption__action redemption__danger" {...busyProps(cancelling)} onClick={() => void cancel()}>
                确定取消
              </Button>
            </View>
          </View>
        ) : (
          <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="redemption-cancel" onClick={() => setConfirmCancel(true)}>
            不想要了，取消兑换
          </Button>
        )
      ) : null}
    </View>
  );
}

export default function RedemptionPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  return <PageShell requireUser>{() => (id ? <Detail id={id} /> : <EmptyState glyph="!" title="没有找到这次兑换" />)}</PageShell>;
}
