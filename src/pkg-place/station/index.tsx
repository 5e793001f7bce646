import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { PlaceOwnView } from '../../../cloudfunctions/shared/contracts/place';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import PlaceForm, { emptyPlaceForm, formFromPlace, offersOf, type PlaceFormValues } from '../../components/place-form';
import { ApiCallError } from '../../services/errors';
import { getPlace, isOwnView, newRequestId, upsertStation } from '../../services/place';

function StationEditor({ id }: { id?: string }) {
  const [place, setPlace] = useState<PlaceOwnView | null>(null);
  const [error, setError] = useState('');
  const [requestId] = useState(newRequestId);
  useEffect(() => {
    if (!id) return;
    getPlace(id, undefined, { silent: true })
      .then((p) => {
        if (!isOwnView(p) || !p.canManage || p.type !== 'station') setError('只能编辑本社区的服务站');
        else setPlace(p);
      })
      .catch((err: unknown) => setError(err instanceof ApiCallError ? err.message : '加载失败，请稍后重试'));
  }, [id]);

  if (error) return <EmptyState glyph="!" title={error} action={<Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void Taro.navigateBack()}>返回</Button>} />;
  if (id && !place) return <EmptyState glyph="…" title="正在加载" />;

  const submit = async (v: PlaceFormValues) => {
    const saved = await upsertStation(
      {
        ...(id ? { id } : { requestId }),
        name: v.name.trim(),
        address: v.address.trim(),
        ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
        location: v.location!,
        services: v.services,
        offers: offersOf(v),
        hours: v.hours,
        photos: v.photos.map((p) => p.fileID),
      },
      { silent: true },
    );
    Taro.showToast({ title: '已保存', icon: 'success' });
    void Taro.redirectTo({ url: `/pkg-place/detail/index?id=${encodeURIComponent(saved.id)}` });
  };

  return (
    <View>
      {!id ? (
        <View className="yh-card">
          <Text className="yh-card__title">新建服务站</Text>
          <Text className="yh-muted">党群服务站、驿站由社区直接发布，保存后立即出现在友好地图上。</Text>
        </View>
      ) : null}
      <PlaceForm mode="station" initial={place ? formFromPlace(place) : emptyPlaceForm()} submitLabel={id ? '保存修改' : '发布服务站'} onSubmit={submit} />
    </View>
  );
}

/** Staff create (or with ?id= edit) a service station of their community. */
export default function StationPage() {
  const { params } = useRouter();
  return <PageShell requireUser>{() => <StationEditor id={params.id ? decodeURIComponent(params.id) : undefined} />}</PageShell>;
}
