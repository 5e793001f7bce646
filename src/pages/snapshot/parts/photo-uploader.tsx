import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { pickPhotos, uploadPhoto, type DraftPhoto, type PickedPhoto } from '../../../services/snapshot';
import './parts.css';

interface Uploading {
  key: string;
  photo: PickedPhoto;
  percent: number;
  failed: boolean;
}

export interface PhotoUploaderProps {
  photos: DraftPhoto[];
  onChange: (photos: DraftPhoto[]) => void;
  max?: number;
  /** Told whenever uploads start or all finish, so the form can hold its submit button. */
  onBusyChange?: (busy: boolean) => void;
  testId?: string;
}

let seq = 0;

/**
 * What a saved draft shows for an uploaded photo: weapp displays cloud:// fileIDs itself; in the
 * browser a blob: URL dies with the page, so small photos are kept as data URLs for the draft.
 */
async function previewFor(photo: PickedPhoto, fileID: string): Promise<string> {
  if (process.env.TARO_ENV === 'weapp') return fileID;
  if (!photo.file || (photo.size ?? photo.file.size) > 400 * 1024 || typeof FileReader === 'undefined') return photo.path;
  return new Promise((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : photo.path);
    reader.onerror = () => resolve(photo.path);
    reader.readAsDataURL(photo.file!);
  });
}

/**
 * Photos go to storage as soon as they are picked, each with its own progress, so the report itself
 * is a small call; a failed upload stays in the grid with 重试.
 */
export default function PhotoUploader({ photos, onChange, max = 9, onBusyChange, testId = 'photos' }: PhotoUploaderProps) {
  const [uploading, setUploading] = useState<Uploading[]>([]);
  // Uploads finish after renders: always append to the newest list.
  const latest = useRef(photos);
  latest.current = photos;

  useEffect(() => {
    onBusyChange?.(uploading.some((u) => !u.failed));
  }, [uploading, onBusyChange]);

  const start = (item: Uploading) => {
    uploadPhoto(item.photo, (percent) => setUploading((list) => list.map((u) => (u.key === item.key ? { ...u, percent } : u))))
      .then(async (fileID) => {
        const preview = await previewFor(item.photo, fileID);
        setUploading((list) => list.filter((u) => u.key !== item.key));
        onChange([...latest.current, { fileID, preview }]);
      })
      .catch(() => {
        setUploading((list) => list.map((u) => (u.key === item.key ? { ...u, failed: true } : u)));
      });
  };

  const add = async () => {
    const room = max - photos.length - uploading.length;
    if (room <= 0) {
      void Taro.showToast({ title: `最多 ${max} 张照片`, icon: 'none' });
      return;
    }
    let picked: PickedPhoto[];
    try {
      picked = await pickPhotos(room);
    } catch {
      return; // cancelled
    }
    const items = picked.slice(0, room).map((photo) => ({ key: `u${++seq}`, photo, percent: 0, failed: false }));
    setUploading((list) => [...list, ...items]);
    items.forEach(start);
  };

  const retry = (item: Uploading) => {
    const again = { ...item, failed: false, percent: 0 };
    setUploading((list) => list.map((u) => (u.key === item.key ? again : u)));
    start(again);
  };

  const remove = (fileID: string) => onChange(photos.filter((p) => p.fileID !== fileID));
  // A failed upload can be dropped as well as retried: the photo may be the wrong one.
  const drop = (key: string) => setUploading((list) => list.filter((u) => u.key !== key));

  return (
    <View className="photo-grid" data-testid={testId}>
      {photos.map((p) => (
        <View key={p.fileID} className="photo-grid__cell" data-testid={`${testId}-done`}>
          <Image className="photo-grid__img" src={p.preview} mode="aspectFill" />
          <View className="photo-grid__remove" onClick={() => remove(p.fileID)} aria-label="删除照片" data-testid={`${testId}-remove`}>
            <Text>×</Text>
          </View>
        </View>
      ))}
      {uploading.map((u) => (
        <View key={u.key} className="photo-grid__cell" data-testid={`${testId}-uploading`} onClick={u.failed ? () => retry(u) : undefined}>
          <Image className="photo-grid__img photo-grid__img--dim" src={u.photo.path} mode="aspectFill" />
          <View className="photo-grid__progress">
            {u.failed ? (
              <Text className="photo-grid__progress-text">上传失败{'\n'}点击重试</Text>
            ) : (
              <>
                <Text className="photo-grid__progress-text">{u.percent}%</Text>
                <View className="photo-grid__bar">
                  <View className="photo-grid__bar-fill" style={{ width: `${u.percent}%` }} />
                </View>
              </>
            )}
          </View>
          {u.failed ? (
            <View
              className="photo-grid__remove"
              aria-label="删除这张照片"
              data-testid={`${testId}-drop`}
              onClick={(e) => {
                e.stopPropagation();
                drop(u.key);
              }}
            >
              <Text>×</Text>
            </View>
          ) : null}
        </View>
      ))}
      {photos.length + uploading.length < max ? (
        <View className="photo-grid__cell photo-grid__add" onClick={() => void add()} data-testid={`${testId}-add`}>
          <Text className="photo-grid__plus">＋</Text>
          <Text className="photo-grid__add-text">拍照/相册</Text>
        </View>
      ) : null}
    </View>
  );
}
