import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import Icon from '../../components/icon';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import { busyProps, disabledProps, loadingProps } from '../../components/button-props';
import { formatTime } from '../../constants/snapshot';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import * as points from '../../services/points';
import type { LedgerEntryView, RedemptionView, RewardView, SummaryView } from '../../services/points';
import { ApiCallError } from '../../services/errors';
import { usePaged, type Paged } from './use-paged';
import './index.css';

type Tab = 'rewards' | 'ledger' | 'redemptions';
const TABS: Array<{ key: Tab; label: string }> = [
  { key: 'rewards', label: '兑换奖励' },
  { key: 'ledger', label: '积分明细' },
  { key: 'redemptions', label: '我的兑换' },
];

const go = (url: string) => void Taro.navigateTo({ url });

function Header({ user, summary, error, onRetry }: { user: UserView; summary: SummaryView | null; error: string; onRetry: () => void }) {
  const level = summary?.level;
  return (
    <View className="points__hero">
      <Text className="points__hero-label">当前积分</Text>
      <Text className="points__value" data-testid="points-balance">
        {summary ? summary.balance : user.points.balance}
      </Text>
      {level ? (
        <View className="points__level" data-testid="points-level">
          <Text className="points__stars">{points.stars(level.stars)}</Text>
          <Text className="points__level-title">{level.title}</Text>
        </View>
      ) : null}
      {summary ? (
        <View className="points__totals">
          <View className="points__total">
            <Text className="points__total-num">{summary.monthEarned}</Text>
            <Text className="points__total-label">本月获得</Text>
          </View>
          <View className="points__total">
            <Text className="points__total-num">{summary.earned}</Text>
            <Text className="points__total-label">累计获得</Text>
          </View>
          <View className="points__total">
            <Text className="points__total-num">{summary.spent}</Text>
            <Text className="points__total-label">累计兑换</Text>
          </View>
        </View>
      ) : null}
      {level && level.nextAt !== null ? <Text className="points__next">再获得 {level.nextAt - level.earned} 分升到 {level.stars + 1} 星</Text> : null}
      {summary?.expiring ? (
        <Text className="points__expiring" data-testid="points-expiring">
          有 {summary.expiring.amount} 分将在 {formatTime(summary.expiring.before)} 前过期，记得兑换
        </Text>
      ) : null}
      {error ? (
        <Text className="points__hero-error" onClick={onRetry}>
          {error}，点此重试
        </Text>
      ) : null}
    </View>
  );
}

function Shortcuts({ user }: { user: UserView }) {
  const roles = user.roles;
  const canFulfil = roles.includes('merchant') || roles.includes('staff') || roles.includes('admin');
  return (
    <View className="points__shortcuts">
      {canFulfil ? (
        <View className="points__shortcut points__shortcut--primary" data-testid="points-go-fulfil" onClick={() => go('/pkg-points/fulfil/index')}>
          <View className="points__shortcut-glyph">
            <Icon name="scan" size="sm" />
          </View>
          <Text>核销兑换码</Text>
        </View>
      ) : null}
      {canFulfil ? (
        <View className="points__shortcut" data-testid="points-go-manage" onClick={() => go('/pkg-points/rewards/index')}>
          <View className="points__shortcut-glyph">
            <Icon name="gift" size="sm" />
          </View>
          <Text>奖励管理</Text>
        </View>
      ) : null}
      <View className="points__shortcut" data-testid="points-go-leaderboard" onClick={() => go('/pkg-points/leaderboard/index')}>
        <View className="points__shortcut-glyph">
            <Icon name="trophy" size="sm" />
          </View>
        <Text>本月排行</Text>
      </View>
      <View className="points__shortcut" data-testid="points-go-rules" onClick={() => go('/pkg-points/rules/index')}>
        <View className="points__shortcut-glyph">
            <Icon name="book" size="sm" />
          </View>
        <Text>积分规则</Text>
      </View>
    </View>
  );
}

function ListFooter<T>({ list, empty }: { list: Paged<T>; empty: { glyph: string; title: string; description: string } }) {
  if (list.error) {
    return (
      <EmptyState
        glyph="!"
        title="没有加载成功"
        description={list.error}
        action={
          <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void (list.items.length ? list.loadMore() : list.reload())}>
            重试
          </Button>
        }
      />
    );
  }
  if (!list.loaded) return <EmptyState glyph="…" title="正在加载" />;
  if (list.items.length === 0) return <EmptyState {...empty} />;
  if (list.hasMore) {
    return (
      <Button className="yh-btn yh-btn--ghost yh-btn--block" {...loadingProps(list.loading)} onClick={() => void list.loadMore()}>
        加载更多
      </Button>
    );
  }
  return <Text className="points__end">没有更多了</Text>;
}

function RewardCard({ reward, busy, onRedeem }: { reward: RewardView; busy: boolean; onRedeem: (r: RewardView) => Promise<boolean> }) {
  const [confirming, setConfirming] = useState(false);
  const blocked = !!reward.blockedReason;
  return (
    <View className="yh-card points__reward" data-testid={`reward-${reward.id}`}>
      {reward.image?.url ? <Image className="points__reward-img" src={reward.image.url} mode="aspectFill" lazyLoad /> : null}
      <View className="points__reward-head">
        <Text className="points__reward-title">{reward.title}</Text>
        <Text className="points__reward-cost">{reward.cost} 分</Text>
      </View>
      {reward.description ? <Text className="points__reward-desc">{reward.description}</Text> : null}
      <View className="points__reward-meta">
        <Text className="yh-chip">{reward.fulfilAt}</Text>
        <Text className="points__meta-text">剩余 {reward.stock}</Text>
        {reward.perUserLimit > 0 ? (
          <Text className="points__meta-text">
            每月限兑 {reward.perUserLimit} 次{reward.myMonthCount > 0 ? `（已兑 ${reward.myMonthCount}）` : ''}
          </Text>
        ) : null}
      </View>
      {confirming ? (
        <View className="points__confirm">
          <Text className="points__confirm-text">
            使用 {reward.cost} 积分兑换「{reward.title}」？兑换码 {reward.validDays} 天内有效，请到「{reward.fulfilAt}」出示。
          </Text>
          <View className="points__confirm-actions">
            <Button className="yh-btn yh-btn--ghost points__confirm-btn" onClick={() => setConfirming(false)}>
              再想想
            </Button>
            <Button
              className="yh-btn yh-btn--primary points__confirm-btn"
              data-testid="reward-confirm"
              {...busyProps(busy)}
              onClick={async () => {
                if (await onRedeem(reward)) setConfirming(false);
              }}
            >
              确认兑换
            </Button>
          </View>
        </View>
      ) : (
        <Button
          className={`yh-btn yh-btn--block ${blocked ? 'yh-btn--disabled points__btn-blocked' : 'yh-btn--primary'}`}
          data-testid="reward-redeem"
          {...disabledProps(blocked)}
          onClick={() => setConfirming(true)}
        >
          {blocked ? reward.blockedReason : '兑换'}
        </Button>
      )}
    </View>
  );
}

function LedgerRow({ e }: { e: LedgerEntryView }) {
  const plus = e.delta > 0;
  return (
    <View className="points__entry" data-testid="ledger-entry">
      <View className="points__entry-main">
        <Text className="points__entry-reason">{e.reason}</Text>
        <View className="points__entry-meta">
          <Text className={`yh-chip${e.kind === 'expire' || e.kind === 'redeem' ? ' yh-chip--accent' : ''}`}>{e.kindLabel}</Text>
          <Text className="points__meta-text">{formatTime(e.at)}</Text>
        </View>
      </View>
      <View className="points__entry-side">
        <Text className={`points__delta ${plus ? 'points__delta--plus' : 'points__delta--minus'}`}>
          {plus ? `+${e.delta}` : e.delta === 0 ? '0' : `−${-e.delta}`}
        </Text>
        <Text className="points__meta-text">余 {e.balanceAfter}</Text>
      </View>
    </View>
  );
}

const STATUS_CLASS: Record<RedemptionView['status'], string> = {
  issued: 'points__status--issued',
  fulfilled: 'points__status--done',
  cancelled: 'points__status--off',
  expired: 'points__status--off',
};

function RedemptionRow({ r }: { r: RedemptionView }) {
  return (
    <View className="yh-card points__redemption" data-testid={`redemption-${r.id}`} onClick={() => go(`/pkg-points/redemption/index?id=${r.id}`)}>
      <View className="points__reward-head">
        <Text className="points__reward-title">{r.title}</Text>
        <Text className={`points__status ${STATUS_CLASS[r.status]}`} data-testid="redemption-status">
          {r.statusLabel}
        </Text>
      </View>
      <Text className="points__meta-text">
        {r.cost} 分 · {r.fulfilAt} · {formatTime(r.createdAt)} 兑换
      </Text>
      {r.status === 'issued' ? (
        <View className="points__show-code">
          <Text>出示兑换码 ›</Text>
          <Text className="points__meta-text">{formatTime(r.expiresAt)} 前有效</Text>
        </View>
      ) : null}
    </View>
  );
}

function Points({ user }: { user: UserView }) {
  const [tab, setTab] = useState<Tab>('rewards');
  const [summary, setSummary] = useState<SummaryView | null>(null);
  const [summaryError, setSummaryError] = useState('');
  const [redeeming, setRedeeming] = useState('');
  // One idempotency key per reward until the redeem is answered: a retry after a network failure can't pay twice.
  const pending = useRef<Record<string, string>>({});

  const rewardList = usePaged<RewardView>(useCallback((c?: string) => points.rewards(c, { silent: true }), []));
  const ledgerList = usePaged<LedgerEntryView>(useCallback((c?: string) => points.ledger(c, { silent: true }), []));
  const redemptionList = usePaged<RedemptionView>(useCallback((c?: string) => points.myRedemptions(c ? { cursor: c } : {}, { silent: true }), []));
  const lists: Record<Tab, Paged<unknown>> = { rewards: rewardList, ledger: ledgerList, redemptions: redemptionList };

  const loadSummary = useCallback(async () => {
    try {
      setSummary(await points.summary({ silent: true }));
      setSummaryError('');
    } catch (err) {
      setSummaryError(err instanceof ApiCallError ? err.message : '积分没有加载成功');
    }
  }, []);

  const refresh = () => {
    void loadSummary();
    void lists[tab].reload();
  };
  useEffect(refresh, [tab]);
  // Back from a redemption (used, cancelled): show the new state.
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) refresh();
    shown.current = true;
  });

  const onRedeem = async (reward: RewardView): Promise<boolean> => {
    const requestId = (pending.current[reward.id] ??= points.newRequestId());
    setRedeeming(reward.id);
    try {
      const r = await points.redeem(reward.id, requestId);
      delete pending.current[reward.id];
      void loadSummary();
      void rewardList.reload();
      go(`/pkg-points/redemption/index?id=${r.id}`);
      return true;
    } catch (err) {
      // Keep the key only when we don't know whether it went through.
      if (!(err instanceof ApiCallError && err.code === 'NETWORK')) delete pending.current[reward.id];
      if (err instanceof ApiCallError && err.code !== 'NETWORK') void rewardList.reload();
      return false;
    } finally {
      setRedeeming('');
    }
  };

  return (
    <View>
      <Header user={user} summary={summary} error={summaryError} onRetry={() => void loadSummary()} />
      <Shortcuts user={user} />
      <View className="points__tabs">
        {TABS.map((t) => (
          <View key={t.key} className={`points__tab${tab === t.key ? ' points__tab--on' : ''}`} data-testid={`points-tab-${t.key}`} onClick={() => setTab(t.key)}>
            <Text>{t.label}</Text>
          </View>
        ))}
      </View>

      {tab === 'rewards' ? (
        <View>
          {rewardList.items.map((r) => (
            <RewardCard key={r.id} reward={r} busy={redeeming === r.id} onRedeem={onRedeem} />
          ))}
          <ListFooter list={rewardList} empty={{ glyph: '奖', title: '暂时没有可兑换的奖励', description: '社区和友好商户上新奖励后会出现在这里。' }} />
        </View>
      ) : null}
      {tab === 'ledger' ? (
        <View className={ledgerList.items.length ? 'yh-card points__ledger' : ''}>
          {ledgerList.items.map((e) => (
            <LedgerRow key={e.id} e={e} />
          ))}
          <ListFooter list={ledgerList} empty={{ glyph: '分', title: '还没有积分记录', description: '随手拍上报被采纳、志愿服务核实后会获得积分。' }} />
        </View>
      ) : null}
      {tab === 'redemptions' ? (
        <View>
          {redemptionList.items.map((r) => (
            <RedemptionRow key={r.id} r={r} />
          ))}
          <ListFooter list={redemptionList} empty={{ glyph: '兑', title: '还没有兑换记录', description: '在「兑换奖励」里挑一个喜欢的吧。' }} />
        </View>
      ) : null}
    </View>
  );
}

export default function PointsPage() {
  return <PageShell requireUser>{(user) => <Points user={user} />}</PageShell>;
}
