import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { UserView } from '../../../../cloudfunctions/shared/contracts';
import { busyProps } from '../../../components/button-props';
import { clearDevOpenid } from '../../../services/dev-account';
import { ApiCallError } from '../../../services/errors';
import { resetSession } from '../../../services/session';
import { clearDraft } from '../../../services/snapshot';
import { deleteMe, exportMine, type MyDataExport } from '../../../services/user';

const PART_LABELS: Record<string, string> = {
  reports: '随手拍上报',
  ledger: '积分记录',
  redemptions: '兑换记录',
  messages: '消息',
  places: '店铺',
  meToo: '我也遇到了',
};

/** 导出我的数据: the file on H5 (opened in a new tab to view or save), a link to copy on weapp. */
export function ExportMyData() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<MyDataExport | null>(null);
  const [error, setError] = useState('');
  const weapp = process.env.TARO_ENV === 'weapp';

  const run = async () => {
    setBusy(true);
    setError('');
    try {
      setResult(await exportMine({ silent: true }));
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : '导出失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };
  const open = () => {
    if (result) window.open(result.url, '_blank');
  };
  const copy = () => {
    if (result) void Taro.setClipboardData({ data: result.url }).then(() => Taro.showToast({ title: '链接已复制，可在浏览器中打开', icon: 'none' }));
  };

  return (
    <View className="yh-card" data-testid="me-export">
      <Text className="yh-card__title">导出我的数据</Text>
      <Text className="yh-muted">把我们保存的关于你的资料、上报、积分和兑换记录打包成一个文件。链接 10 分钟内有效，生成后请尽快打开保存。</Text>
      {result ? (
        <View data-testid="me-export-ready">
          <Text className="me__line">
            已生成：
            {Object.entries(result.counts)
              .map(([k, n]) => `${PART_LABELS[k] ?? k} ${n} 条`)
              .join('，') || '没有记录'}
          </Text>
          {weapp ? (
            <View>
              <Text className="me__link" userSelect>
                {result.url}
              </Text>
              <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="me-export-copy" onClick={copy}>
                复制下载链接
              </Button>
            </View>
          ) : (
            <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="me-export-open" onClick={open}>
              打开文件
            </Button>
          )}
        </View>
      ) : (
        <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="me-export-run" {...busyProps(busy)} onClick={() => void run()}>
          {busy ? '正在打包…' : '导出我的数据'}
        </Button>
      )}
      {error ? (
        <Text className="me__error" data-testid="me-export-error">
          {error}
        </Text>
      ) : null}
    </View>
  );
}

/** 注销账号: what happens, a typed 「注销」, then signed out to a fresh start. */
export function DeleteAccount({ user }: { user: UserView }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const ready = typed.trim() === '注销';

  const run = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setError('');
    try {
      await deleteMe('注销', { silent: true });
      clearDraft(user.openid);
      Taro.showToast({ title: '账号已注销', icon: 'success' });
      resetSession();
      if (process.env.TARO_APP_DEV_LOGIN === '1' && process.env.TARO_ENV !== 'weapp') {
        clearDevOpenid();
        void Taro.reLaunch({ url: '/pages/dev-login/index' });
      } else {
        // WeChat keeps the identity: the next login starts a new, empty account.
        void Taro.reLaunch({ url: '/pages/index/index' });
      }
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : '注销没有完成，请稍后重试');
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <View className="yh-card">
        <Button className="yh-btn yh-btn--ghost yh-btn--block me__danger-btn" data-testid="me-delete-open" onClick={() => setOpen(true)}>
          注销账号
        </Button>
      </View>
    );
  }
  return (
    <View className="yh-card me__danger" data-testid="me-delete">
      <Text className="yh-card__title">注销账号</Text>
      <Text className="me__line">注销后：</Text>
      <Text className="me__line">· 你的姓名、手机号、平台和社区立即删除，无法恢复；</Text>
      <Text className="me__line">· 积分清零，未使用的兑换码作废；</Text>
      <Text className="me__line">· 你的上报会保留，但不再显示是谁上报的；积分流水按规定匿名保留备查；</Text>
      <Text className="me__line">· 消息和「我也遇到了」记录删除。</Text>
      <Text className="me__line">需要留存的话，请先在上方「导出我的数据」。</Text>
      <Text className="me__line me__line--strong">请输入「注销」确认：</Text>
      <Input className="me__confirm" data-testid="me-delete-input" value={typed} maxlength={4} placeholder="注销" onInput={(e) => setTyped(e.detail.value)} />
      {error ? (
        <Text className="me__error" data-testid="me-delete-error">
          {error}
        </Text>
      ) : null}
      <Button className={`yh-btn yh-btn--block me__danger-go${ready ? '' : ' yh-btn--disabled'}`} data-testid="me-delete-confirm" {...busyProps(busy)} {...(ready ? {} : { disabled: true })} onClick={() => void run()}>
        {busy ? '正在注销…' : '确认注销'}
      </Button>
      <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="me-delete-cancel" onClick={() => (setOpen(false), setTyped(''), setError(''))}>
        取消
      </Button>
    </View>
  );
}
