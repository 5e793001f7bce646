import { useEffect, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { ImageHolderKind, ImageReviewItem } from '../../../cloudfunctions/shared/contracts/snapshot';
import { busyProps } from '../../components/button-props';
import EmptyState from '../../components/empty-state';
import PageShell from '../../components/page-shell';
import { formatTime } from '../../constants/snapshot';
import { ApiCallError } from '../../services/errors';
import { imageQueue, reviewImage } from '../../services/snapshot';
import './index.css';

const KIND_LABELS: Record<ImageHolderKind, string> = { report: '随手拍照片', resolution: '处理结果照片', place: '商户/站点图片', reward: '奖励图片' };

const keyOf = (i: ImageReviewItem) => `${i.kind}:${i.id}:${i.fileID}`;

/**
 * Staff (and admins): images the automatic content check could not judge. Until a decision they are
 * shown to nobody but their uploader; 通过 shows them, 不通过 keeps them hidden (and tells a reporter).
 */
function ImageQueue() {
  const [items, setItems] = useState<ImageReviewItem[] | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState('');
  const [itemError, setItemError] = useState<Record<string, string>>({});

  const load = async () => {
    setError('');
    try {
      setItems((await imageQueue({}, { silent: true })).items);
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : '加载失败，请下拉重试');
    } finally {
      Taro.stopPullDownRefresh();
    }
  };
  useEffect(() => void load(), []);
  usePullDownRefresh(() => void load());

  const decide = async (item: ImageReviewItem, decision: 'approve' | 'reject') => {
    const key = keyOf(item);
    setBusy(key);
    setItemError((o) => ({ ...o, [key]: '' }));
    try {
      await reviewImage({ kind: item.kind, id: item.id, fileID: item.fileID, decision }, { silent: true });
      setItems((list) => (list ?? []).filter((i) => keyOf(i) !== key));
      void Taro.showToast({ title: decision === 'approve' ? '已通过' : '已设为不通过', icon: 'none' });
    } catch (e) {
      setItemError((o) => ({ ...o, [key]: e instanceof ApiCallError ? e.message : '操作没有成功，请重试' }));
    } finally {
      setBusy('');
    }
  };

  if (error) return <EmptyState glyph="!" title="图片审核列表加载失败" description={error} action={<Button className="yh-btn yh-btn--ghost" onClick={() => void load()}>重试</Button>} />;
  if (!items) return <EmptyState glyph="…" title="正在加载" />;
  if (items.length === 0) return <EmptyState glyph="✓" title="没有待审核的图片" description="自动审核无法判断的图片会出现在这里" />;

  return (
    <View data-testid="image-review">
      <Text className="img-review__note">以下图片未能通过自动审核判断，审核前只有上传者本人可见。</Text>
      {items.map((item) => {
        const key = keyOf(item);
        return (
          <View key={key} className="img-review__card" data-testid="image-review-item">
            <View className="img-review__head">
              <Text className="img-review__title">{item.title}</Text>
              <Text className="img-review__meta">{KIND_LABELS[item.kind]} · {formatTime(item.createdAt)}</Text>
            </View>
            {item.url ? <Image className="img-review__img" src={item.url} mode="aspectFit" onClick={() => void Taro.previewImage({ urls: [item.url] })} /> : <Text className="img-review__meta">图片已失效</Text>}
            <View className="img-review__actions">
              <Button className="yh-btn yh-btn--primary" {...busyProps(busy === key)} disabled={!!busy} onClick={() => void decide(item, 'approve')} data-testid="image-approve">
                通过
              </Button>
              <Button className="yh-btn yh-btn--ghost" {...busyProps(busy === key)} disabled={!!busy} onClick={() => void decide(item, 'reject')} data-testid="image-reject">
                不通过
              </Button>
            </View>
            {itemError[key] ? <Text className="img-review__error">{itemError[key]}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}

export default function ImageReviewPage() {
  return <PageShell requireUser>{() => <ImageQueue />}</PageShell>;
}
