import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import type { ReviewItem } from '../../../cloudfunctions/shared/contracts/place';
import { shanghaiMonthDayTime } from '../../../cloudfunctions/shared/isomorphic/time';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ListFooter, usePaged } from '../../components/paged-list';
import ServiceChips from '../../components/service-chips';
// After the list and the chips, as every other page imports them (one CSS order for the shared chunk).
import LocationPreview from '../../components/location-preview';
import { LengthCount, tooLong } from '../../components/form-field';
import { dayHoursText, WEEKDAYS } from '../../constants/place';
import { ApiCallError } from '../../services/errors';
import { callPhone, queue, review } from '../../services/place';
import '../shared.css';

// The contract's limit on a reason (contracts/place.ts): counted, refused with the count, never cut.
const REASON_MAX = 200;
const QUICK_REASONS = ['营业执照照片不清晰', '营业执照与店铺名称不符', '位置与地址不符', '优惠信息不实', '信息不完整'];

const when = (iso: string) => shanghaiMonthDayTime(iso);

function Row({ k, v, changed }: { k: string; v: string; changed?: string }) {
  return (
    <View className="pkg-place__kv">
      <Text className="pkg-place__k">{k}</Text>
      <Text className="pkg-place__v">
        {changed !== undefined && changed !== v ? (
          <>
            {v} → <Text className="pkg-place__changed">{changed}</Text>
          </>
        ) : (
          v
        )}
      </Text>
    </View>
  );
}

function ReviewCard({ item, onDone }: { item: ReviewItem; onDone: (id: string, message: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const change = item.pendingChange;
  const licence = change?.licencePhoto ?? item.licencePhoto;
  const location = change?.location ?? item.location;
  // The grid and community the place is in (its new spot while a move waits).
  const area = [item.communityName, item.gridName].filter(Boolean).join(' · ');

  const decide = async (decision: 'approve' | 'reject') => {
    if (busy) return;
    if (decision === 'reject' && reason.trim().length < 2) {
      Taro.showToast({ title: '请填写不通过的原因', icon: 'none' });
      return;
    }
    const over = decision === 'reject' ? tooLong('原因', reason, REASON_MAX) : null;
    if (over) {
      Taro.showToast({ title: over, icon: 'none' });
      return;
    }
    setBusy(true);
    try {
      await review(decision === 'approve' ? { id: item.id, decision } : { id: item.id, decision, reason: reason.trim() });
      onDone(item.id, decision === 'approve' ? '已通过' : '已退回');
    } catch (err) {
      // Someone else handled it: it leaves the list all the same.
      if (err instanceof ApiCallError && err.code === 'PLACE.NOT_PENDING') onDone(item.id, '已被其他工作人员处理');
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="yh-card" data-testid="review-item" data-place-id={item.id}>
      <View className="yh-row pkg-place__item-head">
        <Text className="pkg-place__item-name">{item.name}</Text>
        <Text className={`pkg-place__state pkg-place__state--${item.kind === 'application' ? 'pending' : 'approved'}`}>{item.kind === 'application' ? '新申请' : '信息变更'}</Text>
      </View>
      <Text className="yh-muted">
        {item.communityName} · 提交于 {when(change?.submittedAt ?? item.createdAt)}
      </Text>
      {item.contentFlag ? <Text className="pkg-place__flag">内容安全检查提示需人工复核，请仔细查看文字内容</Text> : null}
      {change?.name ? <Row k="名称" v={item.name} changed={change.name} /> : null}
      <Row k="地址" v={item.address} changed={change?.address} />
      <Row k="所属" v={area || item.communityName} />
      {change?.location ? <Text className="pkg-place__changed pkg-place__line">位置已移动，下图为新位置</Text> : null}
      <Row k="电话" v={item.phone} />
      {item.applicant ? <Row k="申请人" v={`${item.applicant.name || '未填写姓名'} ${item.applicant.phone}`} /> : null}
      <Row k="营业时间" v={`${WEEKDAYS[item.today]} ${dayHoursText(item.hours, item.today)}${item.hours.is24h ? '' : ' 等'}`} />
      <View className="pkg-place__kv">
        <Text className="pkg-place__k">服务</Text>
      </View>
      <ServiceChips codes={item.services} compact />
      {(change?.offers ?? item.offers).length ? (
        <View className="pkg-place__kv">
          <Text className="pkg-place__k">{change?.offers ? '新优惠' : '优惠'}</Text>
          <Text className={`pkg-place__v${change?.offers ? ' pkg-place__changed' : ''}`}>
            {(change?.offers ?? item.offers).map((o) => `${o.title}${o.workerDiscount ? `（${o.workerDiscount}）` : ''}${o.detail ? `：${o.detail}` : ''}`).join('；')}
          </Text>
        </View>
      ) : null}
      {/* Where it is, as a report's detail shows it: the spot on the map (H5: the schematic) with the places around. */}
      <LocationPreview
        location={location}
        label={change?.address ?? item.address}
        area={area}
        title={change?.location ? '新位置' : '位置'}
        centerLabel="申请位置"
        excludeId={item.id}
        testId="review-map"
        inline
      />
      {licence ? (
        <View>
          <Text className="pkg-place__line">{change?.licencePhoto ? '新营业执照（点击放大）' : '营业执照（点击放大）'}</Text>
          <Image className="pkg-place__licence" mode="aspectFit" src={licence.url || licence.fileID} data-testid="review-licence" onClick={() => void Taro.previewImage({ urls: [licence.url || licence.fileID] })} />
        </View>
      ) : null}

      <View className="pkg-place__buttons">
        {item.applicant?.phone ? (
          <Button className="yh-btn yh-btn--ghost pkg-place__button" onClick={() => callPhone(item.applicant!.phone)}>
            联系申请人
          </Button>
        ) : null}
      </View>
      {rejecting ? (
        <View>
          <Input className="pkg-place__input" data-testid="review-reason" placeholder="不通过的原因（申请人会看到）" value={reason} maxlength={-1} onInput={(e) => setReason(e.detail.value)} />
          <LengthCount text={reason} max={REASON_MAX} />
          <View className="pkg-place__reasons">
            {QUICK_REASONS.map((r) => (
              <Text key={r} className="pkg-place__reason" onClick={() => setReason(r)}>
                {r}
              </Text>
            ))}
          </View>
          <View className="pkg-place__buttons">
            <Button className="yh-btn yh-btn--ghost pkg-place__button" onClick={() => setRejecting(false)}>
              取消
            </Button>
            <Button className="yh-btn yh-btn--primary pkg-place__button" data-testid="review-reject-confirm" onClick={() => void decide('reject')}>
              确认不通过
            </Button>
          </View>
        </View>
      ) : (
        <View className="pkg-place__buttons">
          <Button className="yh-btn yh-btn--ghost pkg-place__button" data-testid="review-reject" onClick={() => setRejecting(true)}>
            不通过
          </Button>
          <Button className={`yh-btn yh-btn--primary pkg-place__button${busy ? ' yh-btn--disabled' : ''}`} data-testid="review-approve" onClick={() => void decide('approve')}>
            {busy ? '处理中…' : '通过'}
          </Button>
        </View>
      )}
    </View>
  );
}

const fetchQueue = (cursor?: string) => queue(cursor ? { cursor } : {}, { silent: true });

function ReviewQueue() {
  const list = usePaged(fetchQueue, 'queue');
  const done = (id: string, message: string) => {
    list.setItems((prev) => prev.filter((p) => p.id !== id));
    Taro.showToast({ title: message, icon: 'success' });
  };
  return (
    <View>
      {list.items.map((it) => (
        <ReviewCard key={it.id} item={it} onDone={done} />
      ))}
      <ListFooter list={list} glyph="✓" emptyTitle="没有待审核的申请" emptyText="新的入驻申请和信息变更会出现在这里" />
    </View>
  );
}

/** Staff review merchant applications and changes of their communities, oldest first. */
export default function ReviewPage() {
  return (
    <PageShell requireUser>
      {(user) =>
        user.roles.includes('staff') || user.roles.includes('admin') ? <ReviewQueue /> : <EmptyState glyph="!" title="没有权限" description="仅社区工作人员可以审核商户申请" />
      }
    </PageShell>
  );
}
