import { useEffect, useRef, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ApiCallError } from '../../services/errors';
import { openProfileEdit } from '../../pages/me/open-edit';
import * as points from '../../services/points';
import type { LeaderboardView } from '../../services/points';
import './index.css';

function Board() {
  const [board, setBoard] = useState<LeaderboardView | null>(null);
  const [error, setError] = useState('');
  const load = async () => {
    try {
      setBoard(await points.leaderboard(undefined, { silent: true }));
      setError('');
    } catch (err) {
      setError(err instanceof ApiCallError ? err.message : '没有加载成功');
    }
  };
  useEffect(() => void load(), []);
  // Back from 我的 (a community just chosen) or from earning points: the board has moved.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void load();
    shown.current = true;
  });

  if (!board) {
    return error ? (
      <EmptyState glyph="!" title="没有加载成功" description={error} action={<Button className="yh-btn yh-btn--primary yh-btn--block" onClick={() => void load()}>重试</Button>} />
    ) : (
      <EmptyState glyph="…" title="正在加载" />
    );
  }
  if (!board.communityId) {
    return (
      <EmptyState
        glyph="榜"
        title="还没有选择所在社区"
        description="到「我的 → 编辑资料」选择社区后，就能看到社区排行。"
        action={
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="board-choose-community" onClick={() => openProfileEdit('community')}>
            去选择社区
          </Button>
        }
      />
    );
  }

  const [year, month] = board.month.split('-');
  return (
    <View data-testid="board">
      <View className="board__me" data-testid="board-me">
        <Text className="board__me-label">
          {board.communityName} · {year}年{Number(month)}月
        </Text>
        <Text className="board__me-rank">{board.me.rank ? `第 ${board.me.rank} 名` : '暂未上榜'}</Text>
        <Text className="board__me-label">本月获得 {board.me.earned} 分</Text>
      </View>
      <View className="yh-card">
        {board.items.length === 0 ? <EmptyState glyph="榜" title="本月还没有人获得积分" description="上报问题、参加志愿服务，争当第一名！" /> : null}
        {board.items.map((it, i) => (
          <View key={i} className={`board__row${it.me ? ' board__row--me' : ''}`}>
            <Text className={`board__rank${it.rank <= 3 ? ' board__rank--top' : ''}`}>{it.rank}</Text>
            <Text className="board__name">
              {it.name}
              {it.me ? '（我）' : ''}
            </Text>
            <Text className="board__points">{it.earned} 分</Text>
          </View>
        ))}
      </View>
      <Text className="board__note">按本月获得的积分排名，姓名已隐去，只显示前 20 名。</Text>
    </View>
  );
}

export default function LeaderboardPage() {
  return <PageShell requireUser>{() => <Board />}</PageShell>;
}
