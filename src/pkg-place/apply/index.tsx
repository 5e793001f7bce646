import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { PlaceOwnView } from '../../../cloudfunctions/shared/contracts/place';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import PlaceForm, { changesOf, emptyPlaceForm, formFromPlace, offersOf, type PlaceFormValues } from '../../components/place-form';
import { ApiCallError } from '../../services/errors';
import { apply, getPlace, isOwnView, newRequestId, update } from '../../services/place';

function NewApplication() {
  // One id per application: a retry after a lost reply cannot file it twice.
  const [requestId] = useState(newRequestId);
  const submit = async (v: PlaceFormValues) => {
    await apply(
      {
        name: v.name.trim(),
        address: v.address.trim(),
        phone: v.phone.trim(),
        location: v.location!,
        services: v.services,
        offers: offersOf(v),
        hours: v.hours,
        photos: v.photos.map((p) => p.fileID),
        licencePhoto: v.licence!.fileID,
        requestId,
      },
      { silent: true },
    );
    Taro.showToast({ title: '已提交，等待社区审核', icon: 'success' });
    void Taro.redirectTo({ url: '/pkg-place/mine/index' });
  };
  return (
    <View>
      <View className="yh-card">
        <Text className="yh-card__title">成为友好商户</Text>
        <Text className="yh-muted">为骑手、快递员、网约车司机提供饮水、充电、歇脚或优惠。提交后由所在社区工作人员审核，通过后会出现在友好地图上。</Text>
      </View>
      <PlaceForm mode="merchant" initial={emptyPlaceForm()} submitLabel="提交申请" onSubmit={submit} />
    </View>
  );
}

function EditPlace({ id }: { id: string }) {
  const [place, setPlace] = useState<PlaceOwnView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    getPlace(id, undefined, { silent: true })
      .then((p) => {
        if (!isOwnView(p) || !p.isOwner) setError('只能修改自己的店铺');
        else setPlace(p);
      })
      .catch((err: unknown) => setError(err instanceof ApiCallError ? err.message : '加载失败，请稍后重试'));
  }, [id]);

  if (error) return <EmptyState glyph="!" title={error} action={<Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void Taro.navigateBack()}>返回</Button>} />;
  if (!place) return <EmptyState glyph="…" title="正在加载" />;

  const initial = formFromPlace(place);
  const live = place.status === 'approved' || place.status === 'suspended';
  const submit = async (v: PlaceFormValues) => {
    const payload = changesOf(id, initial, v);
    if (Object.keys(payload).length === 1) {
      Taro.showToast({ title: '没有需要保存的修改', icon: 'none' });
      return;
    }
    const saved = await update(payload, { silent: true });
    Taro.showToast({ title: saved.reviewQueue ? '已提交，部分修改待审核' : '已保存', icon: 'success' });
    void Taro.navigateBack().catch(() => Taro.redirectTo({ url: '/pkg-place/mine/index' }));
  };
  return (
    <PlaceForm
      mode="merchant"
      initial={initial}
      requireLicence={!!place.licencePhoto || place.status !== 'approved'}
      submitLabel={place.status === 'rejected' ? '修改后重新提交' : '保存修改'}
      note={live ? '电话、服务、优惠和营业时间保存后立即生效；名称、地址、位置、照片和营业执照的修改需社区审核后生效。' : undefined}
      onSubmit={submit}
    />
  );
}

/** Apply as a friendly merchant, or (with ?id=) edit one's own place. */
export default function ApplyPage() {
  const { params } = useRouter();
  return <PageShell requireUser>{() => (params.id ? <EditPlace id={decodeURIComponent(params.id)} /> : <NewApplication />)}</PageShell>;
}
