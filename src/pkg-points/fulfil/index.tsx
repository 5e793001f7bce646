import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { busyProps, disabledProps, loadingProps } from '../../components/button-props';
import { formatTime } from '../../constants/snapshot';
import PageShell from '../../components/page-shell';
import Icon from '../../components/icon';
import EmptyState from '../../components/empty-state';
import { ApiCallError } from '../../services/errors';
import { CODE_PLACEHOLDER } from '../../constants/labels';
import * as points from '../../services/points';
import type { RedemptionView } from '../../services/points';
import './index.css';

const canScan = process.env.TARO_ENV === 'weapp';

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

/**
 * The counter: scan the worker's QR (weapp) or type the code (H5), see what it is for and whose it
 * is, then confirm. The server fulfils a code once; a second try says when it was used.
 */
function Fulfil() {
  // From the merchant home: the code scanned or typed there (?code=), looked up at once.
  const initial = safeDecode(useRouter().params.code ?? '');
  const [code, setCode] = useState(initial);
  const [preview, setPreview] = useState<RedemptionView | null>(null);
  const [done, setDone] = useState<RedemptionView | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const check = async (raw: string) => {
    const value = raw.trim();
    if (!value) {
      setError('请输入兑换码');
      return;
    }
    setBusy(true);
    setError('');
    setPreview(null);
    try {
      setPreview(await points.checkCode(value, { silent: true }));
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '查询失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (initial) void check(initial);
  }, []); // only the code the page was opened with

  const scan = async () => {
    try {
      const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      setCode(res.result);
      await check(res.result);
    } catch {
      // The merchant closed the scanner: nothing to do.
    }
  };

  const confirm = async () => {
    if (!preview) return;
    setBusy(true);
    setError('');
    try {
      setDone(await points.fulfill(preview.code, { silent: true }));
      setPreview(null);
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '核销失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  const reset = () => {
    setCode('');
    setPreview(null);
    setDone(null);
    setError('');
  };

  if (done) {
    return (
      <View className="yh-card fulfil__done" data-testid="fulfil-done">
        <View className="fulfil__done-mark" data-testid="success-mark">
          <Icon name="tick" color="#ffffff" size="lg" className="fulfil__done-mark-icon" />
        </View>
        <Text className="fulfil__done-title">核销成功</Text>
        <Text className="fulfil__line">{done.title}</Text>
        <Text className="fulfil__muted">
          {done.holder} · {done.fulfilledAt ? formatTime(done.fulfilledAt) : ''}
        </Text>
        <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="fulfil-next" onClick={reset}>
          继续核销下一张
        </Button>
      </View>
    );
  }

  return (
    <View>
      <View className="yh-card">
        <Text className="yh-card__title">{canScan ? '扫描或输入兑换码' : '输入兑换码'}</Text>
        <Text className="fulfil__muted">让骑手打开「积分 → 我的兑换」出示兑换码。</Text>
        {canScan ? (
          <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void scan()}>
            扫码核销
          </Button>
        ) : null}
        <View className="fulfil__input-row">
          <Input
            className="fulfil__input"
            data-testid="fulfil-input"
            value={code}
            maxlength={20}
            placeholder={CODE_PLACEHOLDER}
            onInput={(e) => setCode(e.detail.value)}
            onConfirm={() => void check(code)}
          />
        </View>
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="fulfil-check" {...loadingProps(busy && !preview)} {...disabledProps(busy)} onClick={() => void check(code)}>
          查询兑换码
        </Button>
        {error ? (
          <Text className="fulfil__error" data-testid="fulfil-error">
            {error}
          </Text>
        ) : null}
      </View>

      {preview ? (
        <View className="yh-card" data-testid="fulfil-preview">
          <View className="fulfil__head">
            <Text className="fulfil__title">{preview.title}</Text>
            <Text className={`fulfil__status fulfil__status--${preview.status}`}>{preview.statusLabel}</Text>
          </View>
          <Text className="fulfil__line">兑换人：{preview.holder}</Text>
          <Text className="fulfil__line">核销地点：{preview.fulfilAt}</Text>
          <Text className="fulfil__line">兑换码：{points.formatCode(preview.code)}</Text>
          <Text className="fulfil__line">有效期至：{formatTime(preview.expiresAt)}</Text>
          {preview.status === 'issued' ? (
            <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="fulfil-confirm" {...busyProps(busy)} onClick={() => void confirm()}>
              确认核销
            </Button>
          ) : (
            <Text className="fulfil__error">
              {preview.status === 'fulfilled' && preview.fulfilledAt ? `这张兑换码已于 ${formatTime(preview.fulfilledAt)} 使用过` : `这张兑换码${preview.statusLabel}，不能核销`}
            </Text>
          )}
        </View>
      ) : null}
    </View>
  );
}

export default function FulfilPage() {
  return (
    <PageShell requireUser>
      {(user: UserView) =>
        user.roles.some((r) => r === 'merchant' || r === 'staff' || r === 'admin') ? (
          <Fulfil />
        ) : (
          <EmptyState glyph="核" title="仅友好商户和社区工作人员可以核销" description="如果你经营友好商户，请先在地图页申请入驻。" />
        )
      }
    </PageShell>
  );
}
