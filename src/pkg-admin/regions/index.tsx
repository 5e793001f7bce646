import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { busyProps } from '../../components/button-props';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { importRegions, type RegionView } from '../../services/admin';
import { ApiCallError } from '../../services/errors';
import { buildTree, cachedRegions, forgetRegions, type RegionNode } from '../common/regions';
import { LEVEL_LABELS, levelSummary, parseRegionFile } from './parse';
import '../common/admin.css';
import './index.css';

/** Reads a picked file as text: a file input on H5, a chat file + FileSystemManager on weapp. */
function pickFile(): Promise<{ name: string; text: string } | null> {
  if (process.env.TARO_ENV === 'h5') {
    return new Promise((resolve, reject) => {
      const input = document.createElement('input');
      input.type = 'file';
      input.accept = '.geojson,.json,application/geo+json,application/json';
      input.style.display = 'none';
      input.onchange = () => {
        const file = input.files?.[0];
        input.remove();
        if (!file) return resolve(null);
        const reader = new FileReader();
        reader.onload = () => resolve({ name: file.name, text: String(reader.result ?? '') });
        reader.onerror = () => reject(new Error('read failed'));
        reader.readAsText(file, 'utf-8');
      };
      document.body.appendChild(input);
      input.click();
    });
  }
  return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['geojson', 'json'] }).then(
    (res) => {
      const f = res.tempFiles[0];
      if (!f) return null;
      return new Promise((resolve, reject) => {
        Taro.getFileSystemManager().readFile({
          filePath: f.path,
          encoding: 'utf8',
          success: (r) => resolve({ name: f.name, text: String(r.data) }),
          fail: () => reject(new Error('read failed')),
        });
      });
    },
    () => null, // cancelled
  );
}

function Node({ node, depth }: { node: RegionNode; depth: number }) {
  const [open, setOpen] = useState(depth < 2);
  const has = node.children.length > 0;
  const childLevel = node.children[0]?.level;
  return (
    <View className="reg-node" data-testid={`region-${node.id}`}>
      <View className={`reg-node__row reg-node__row--${node.level} reg-node__row--d${Math.min(depth, 3)}`} onClick={() => has && setOpen((o) => !o)}>
        <Text className="reg-node__toggle">{has ? (open ? '▾' : '▸') : '·'}</Text>
        <Text className="reg-node__name">{node.name}</Text>
        <Text className="reg-node__level">{LEVEL_LABELS[node.level]}</Text>
        {has ? (
          <Text className="reg-node__count">
            {node.children.length} 个{LEVEL_LABELS[childLevel ?? ''] ?? ''}
          </Text>
        ) : null}
      </View>
      {open ? node.children.map((c) => <Node key={c.id} node={c} depth={depth + 1} />) : null}
    </View>
  );
}

export function ImportCard({ onImported }: { onImported: () => void }) {
  const [source, setSource] = useState<{ name: string; text: string } | null>(null);
  const [paste, setPaste] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');

  const text = source?.text ?? paste;
  const parsed = text.trim() ? parseRegionFile(text) : null;

  const choose = async () => {
    setError('');
    setDone('');
    try {
      const f = await pickFile();
      if (f) setSource(f);
    } catch {
      setError('文件没有读取成功，请重试');
    }
  };

  const submit = async () => {
    if (!parsed) {
      setError('请先选择文件或粘贴 GeoJSON 内容');
      return;
    }
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setBusy(true);
    setError('');
    setDone('');
    try {
      const r = await importRegions({ geojson: parsed.geojson }, { silent: true });
      setDone(`已导入 ${r.imported} 个区域（${levelSummary(r.byLevel)}）`);
      setSource(null);
      setPaste('');
      onImported();
    } catch (e) {
      setError(`${e instanceof ApiCallError ? e.message : '导入没有成功，请稍后重试'}。整个文件都没有导入，请修改后重新导入。`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="yh-card" data-testid="region-import">
      <Text className="yh-card__title">导入区域网格</Text>
      <Text className="adm-note">
        GeoJSON FeatureCollection：每个要素的 properties 写 id、level（district / street / community / grid）、name 和上级 parentId；社区和网格带 Polygon 边界，网格须在所属社区之内。同 id 的区域会被更新。文件有任何一处错误，整个文件都不导入。
      </Text>
      <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void choose()} data-testid="region-pick">
        {process.env.TARO_ENV === 'h5' ? '选择文件' : '从聊天记录选择文件'}
      </Button>
      {source ? (
        <View className="reg-file">
          <Text className="reg-file__name" data-testid="region-file-name">
            {source.name}
          </Text>
          <Text className="reg-file__clear" onClick={() => setSource(null)}>
            移除
          </Text>
        </View>
      ) : (
        <Textarea
          className="reg-paste"
          value={paste}
          maxlength={-1}
          placeholder="或者把 GeoJSON 内容粘贴到这里"
          onInput={(e) => {
            setPaste(e.detail.value);
            setError('');
            setDone('');
          }}
          data-testid="region-paste"
        />
      )}
      {parsed?.ok ? (
        <Text className="adm-note" data-testid="region-preview">
          共 {parsed.geojson.features.length} 个区域：{levelSummary(parsed.byLevel)}
        </Text>
      ) : null}
      {parsed && !parsed.ok && !error ? (
        <Text className="adm-error" data-testid="region-parse-error">
          {parsed.message}
        </Text>
      ) : null}
      <Button className="yh-btn yh-btn--primary yh-btn--block" {...busyProps(busy)} onClick={() => void submit()} data-testid="region-import-submit">
        校验并导入
      </Button>
      {error ? (
        <Text className="adm-error" data-testid="region-import-error">
          {error}
        </Text>
      ) : null}
      {done ? (
        <Text className="adm-ok" data-testid="region-import-done">
          {done}
        </Text>
      ) : null}
    </View>
  );
}

function Regions({ user }: { user: UserView }) {
  const isAdmin = user.roles.includes('admin');
  const [regions, setRegions] = useState<RegionView[] | null>(null);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);

  useEffect(() => {
    setError('');
    cachedRegions().then(setRegions, (e: unknown) => setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试'));
  }, [tick]);

  const reload = () => {
    forgetRegions();
    setTick((t) => t + 1);
  };
  const tree = regions ? buildTree(regions) : [];
  const count = (level: string) => regions?.filter((r) => r.level === level).length ?? 0;

  return (
    <View data-testid="regions-page">
      {isAdmin ? <ImportCard onImported={reload} /> : null}
      <View className="yh-card">
        <Text className="yh-card__title">辖区</Text>
        {regions ? (
          <Text className="adm-note" data-testid="region-summary">
            街道 {count('street')} 个 · 社区 {count('community')} 个 · 网格 {count('grid')} 个。随手拍按位置落入网格派给网格员，不在网格内的派给最近的社区。
          </Text>
        ) : null}
        {error ? (
          <EmptyState
            glyph="!"
            title="没有加载成功"
            description={error}
            action={
              <Button className="yh-btn yh-btn--primary yh-btn--block" onClick={reload}>
                重试
              </Button>
            }
          />
        ) : null}
        {!regions && !error ? <EmptyState glyph="…" title="正在加载" /> : null}
        {regions && tree.length === 0 ? <EmptyState glyph="空" title="还没有区域" description={isAdmin ? '请先导入区域网格文件。' : '请联系区管理员导入。'} /> : null}
        <View className="reg-tree">
          {tree.map((n) => (
            <Node key={n.id} node={n} depth={0} />
          ))}
        </View>
      </View>
    </View>
  );
}

export default function RegionsPage() {
  return <PageShell requireUser>{(user) => <Regions user={user} />}</PageShell>;
}
