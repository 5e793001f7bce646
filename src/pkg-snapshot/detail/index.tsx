import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Button, Image, Input, Text, Textarea, View } from '@tarojs/components';
import type { UserView } from '../../../cloudfunctions/shared/contracts';
import type { AssigneeView, NearbyItem, ReportPhoto, ReportView } from '../../../cloudfunctions/shared/contracts/snapshot';
import PageShell from '../../components/page-shell';
import EmptyState from '../../components/empty-state';
import { ACTION_LABELS, dueText, formatTime, MAX_DESCRIPTION, ROLE_NAMES } from '../../constants/snapshot';
import { distanceText } from '../../../cloudfunctions/shared/isomorphic/geo';
import { ApiCallError } from '../../services/errors';
import { setUser } from '../../services/session';
import { assignees as loadAssignees, dispatch, draftHasContent, getReport, loadDraft, nearby, rate, resolve, review, startResubmit, type DraftPhoto } from '../../services/snapshot';
import { me } from '../../services/user';
import PhotoUploader from '../../pages/snapshot/parts/photo-uploader';
import ReportMap from '../components/report-map';
import StatusChip, { LateChip } from '../../pages/snapshot/parts/status-chip';
import { busyProps, disabledProps } from '../../components/button-props';
import { LengthCount, tooLong } from '../../components/form-field';
import './index.css';

/** Only set loading/disabled when true: Taro H5 renders disabled="false" as an attribute, which its CSS treats as disabled. */

type Done = (next: ReportView, toast: string) => void;

// The contract's limits (contracts/snapshot.ts): counted as typed, refused with the count, never cut.
const REASON_MAX = 200;
const NOTE_MAX = 200;
const COMMENT_MAX = 300;

/** Runs one action with a busy flag; errors are toasted by call(). */
function useAction() {
  const [busy, setBusy] = useState(false);
  const run = async (fn: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await fn();
    } catch {
      // toasted
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

function Photos({ photos, hidden, testId }: { photos: ReportPhoto[]; hidden: number; testId: string }) {
  const urls = photos.map((p) => p.url).filter(Boolean);
  return (
    <View>
      <View className="rd-photos" data-testid={testId}>
        {photos.map((p) => (
          <View key={p.fileID} className="rd-photos__cell" onClick={() => p.url && void Taro.previewImage({ current: p.url, urls })}>
            <Image className="rd-photos__img" src={p.url} mode="aspectFill" />
            {p.check !== 'approved' ? <Text className={`rd-photos__tag rd-photos__tag--${p.check}`}>{p.check === 'pending' ? '审核中' : '未通过审核'}</Text> : null}
          </View>
        ))}
      </View>
      {hidden > 0 ? <Text className="yh-muted rd-note">另有 {hidden} 张照片正在审核或未通过审核，暂不显示。</Text> : null}
    </View>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <View className="rd-row">
      <Text className="rd-row__label">{label}</Text>
      <View className="rd-row__value">{children}</View>
    </View>
  );
}

function Timeline({ report }: { report: ReportView }) {
  return (
    <View className="yh-card">
      <Text className="yh-card__title">处理进度</Text>
      {[...report.timeline].reverse().map((t, i) => (
        <View key={`${t.at}-${i}`} className={`rd-tl${i === 0 ? ' rd-tl--last' : ''}`} data-testid="timeline-item">
          <View className="rd-tl__dot" />
          <View className="rd-tl__body">
            <Text className="rd-tl__title">{ACTION_LABELS[t.action]}</Text>
            <Text className="rd-tl__who">
              {t.actor.name}
              {ROLE_NAMES[t.actor.role] ? `（${ROLE_NAMES[t.actor.role]}）` : ''} · {formatTime(t.at)}
            </Text>
            {t.note ? <Text className="rd-tl__note">{t.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}

function ReviewPanel({ report, onDone }: { report: ReportView; onDone: Done }) {
  const { busy, run } = useAction();
  const [mode, setMode] = useState<'' | 'reject' | 'duplicate'>('');
  const [reason, setReason] = useState('');
  const [candidates, setCandidates] = useState<NearbyItem[] | null>(null);
  const [original, setOriginal] = useState('');
  const volunteer = report.kind === 'volunteer';

  useEffect(() => {
    if (mode !== 'duplicate' || candidates) return;
    nearby({ location: report.location, category: report.category, radius: 500 }, { silent: true })
      .then((items) => setCandidates(items.filter((i) => i.id !== report.id)))
      .catch(() => setCandidates([]));
  }, [mode, candidates, report]);

  const accept = () =>
    run(async () => {
      const next = await review({ id: report.id, decision: 'accept' });
      onDone(next, volunteer ? `已认定，奖励 ${next.points} 积分` : `已受理，奖励 ${next.points} 积分`);
    });
  const reject = () =>
    run(async () => {
      if (reason.trim().length < 2) {
        void Taro.showToast({ title: '请填写原因，上报人会看到', icon: 'none' });
        return;
      }
      const over = tooLong('原因', reason, REASON_MAX);
      if (over) {
        void Taro.showToast({ title: over, icon: 'none' });
        return;
      }
      onDone(await review({ id: report.id, decision: 'reject', reason: reason.trim() }), '已处理');
    });
  const duplicate = () =>
    run(async () => {
      if (!original) {
        void Taro.showToast({ title: '请选择原上报', icon: 'none' });
        return;
      }
      const over = tooLong('补充说明', reason, REASON_MAX);
      if (over) {
        void Taro.showToast({ title: over, icon: 'none' });
        return;
      }
      onDone(await review({ id: report.id, decision: 'duplicate', duplicateOf: original, reason: reason.trim() || undefined }), '已标记为重复');
    });

  return (
    <View className="yh-card rd-panel" data-testid="review-panel">
      <Text className="yh-card__title">{volunteer ? '认定志愿服务' : '审核上报'}</Text>
      {mode === '' ? (
        <View>
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="detail-accept" {...busyProps(busy)} onClick={() => void accept()}>
            {volunteer ? `认定 ${report.hours} 小时` : '受理'}
          </Button>
          <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="detail-reject" onClick={() => setMode('reject')}>
            {volunteer ? '不予认定' : '不予受理'}
          </Button>
          {!volunteer ? (
            <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="detail-duplicate" onClick={() => setMode('duplicate')}>
              与已有上报重复
            </Button>
          ) : null}
        </View>
      ) : (
        <View>
          {mode === 'duplicate' ? (
            <View>
              <Text className="rd-label">选择原上报（附近 500 米内同类问题）</Text>
              {!candidates ? (
                <Text className="yh-muted">正在查找…</Text>
              ) : candidates.length === 0 ? (
                <Text className="yh-muted">附近没有同类的未办结上报。</Text>
              ) : (
                candidates.map((c) => (
                  <View key={c.id} className={`rd-choice${original === c.id ? ' rd-choice--on' : ''}`} onClick={() => setOriginal(c.id)}>
                    <Text className="rd-choice__name">{c.description}</Text>
                    <Text className="yh-muted">
                      {distanceText(c.distance)} · {formatTime(c.createdAt)}
                    </Text>
                  </View>
                ))
              )}
            </View>
          ) : null}
          <Text className="rd-label">{mode === 'reject' ? '原因（上报人会看到）' : '补充说明（选填）'}</Text>
          <Textarea className="rd-textarea" data-testid="detail-reason" value={reason} maxlength={-1} placeholder={mode === 'reject' ? '例如：照片看不清问题所在，请补拍' : ''} onInput={(e) => setReason(e.detail.value)} />
          <LengthCount text={reason} max={REASON_MAX} />
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="detail-confirm" {...busyProps(busy)} onClick={() => void (mode === 'reject' ? reject() : duplicate())}>
            确定
          </Button>
          <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => setMode('')}>
            返回
          </Button>
        </View>
      )}
    </View>
  );
}

function DispatchPanel({ report, onDone }: { report: ReportView; onDone: Done }) {
  const [open, setOpen] = useState(report.status === 'accepted');
  useEffect(() => setOpen(report.status === 'accepted'), [report.status]);
  if (!open) {
    return (
      <Button className="yh-btn yh-btn--ghost yh-btn--block" data-testid="detail-redispatch" onClick={() => setOpen(true)}>
        {report.status === 'reopened' ? '上报人反馈未解决，改派其他网格员' : '改派其他网格员'}
      </Button>
    );
  }
  return <DispatchForm report={report} onDone={onDone} />;
}

function DispatchForm({ report, onDone }: { report: ReportView; onDone: Done }) {
  const { busy, run } = useAction();
  const [people, setPeople] = useState<AssigneeView[] | null>(null);
  const [error, setError] = useState('');
  const [chosen, setChosen] = useState('');
  const [note, setNote] = useState('');

  useEffect(() => {
    loadAssignees(report.id, { silent: true })
      .then((list) => {
        setPeople(list);
        if (list.length === 1) setChosen(list[0].openid);
      })
      .catch((e: unknown) => setError(e instanceof ApiCallError ? e.message : '网格员名单加载失败'));
  }, [report.id]);

  const go = () =>
    run(async () => {
      if (!chosen) {
        void Taro.showToast({ title: '请选择网格员', icon: 'none' });
        return;
      }
      const over = tooLong('派单说明', note, NOTE_MAX);
      if (over) {
        void Taro.showToast({ title: over, icon: 'none' });
        return;
      }
      const next = await dispatch({ id: report.id, assignee: chosen, note: note.trim() || undefined });
      onDone(next, `已派给${next.assigneeName}`);
    });

  return (
    <View className="yh-card rd-panel" data-testid="dispatch-panel">
      <Text className="yh-card__title">{report.status === 'accepted' ? '派单给网格员' : '改派网格员'}</Text>
      {error ? (
        <Text className="yh-text-danger">{error}</Text>
      ) : !people ? (
        <Text className="yh-muted">正在加载网格员…</Text>
      ) : people.length === 0 ? (
        <Text className="yh-muted" data-testid="dispatch-nobody">
          {report.region.gridName || report.region.communityName || '这里'}还没有网格员，请联系区管理员在「人员与角色」中设置，设置后再来派单。
        </Text>
      ) : (
        people.map((p) => (
          <View key={p.openid} className={`rd-choice${chosen === p.openid ? ' rd-choice--on' : ''}`} data-testid={`detail-assignee-${p.openid}`} onClick={() => setChosen(p.openid)}>
            <Text className="rd-choice__name">
              {p.name}
              {report.assigneeName === p.name && report.status !== 'accepted' ? '（当前）' : ''}
            </Text>
            <Text className="yh-muted">
              {p.grids.join('、')} · 手上 {p.openTasks} 单
            </Text>
          </View>
        ))
      )}
      <Input className="rd-input" value={note} maxlength={-1} placeholder="派单说明（选填），如：请今天下班前处理" onInput={(e) => setNote(e.detail.value)} />
      <LengthCount text={note} max={NOTE_MAX} />
      <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="detail-dispatch" {...busyProps(busy)} {...disabledProps(people?.length === 0)} onClick={() => void go()}>
        派单
      </Button>
    </View>
  );
}

function ResolvePanel({ report, onDone }: { report: ReportView; onDone: Done }) {
  const { busy, run } = useAction();
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [uploading, setUploading] = useState(false);
  const go = () =>
    run(async () => {
      if (uploading) {
        void Taro.showToast({ title: '照片还在上传，请稍候', icon: 'none' });
        return;
      }
      if (photos.length === 0) {
        void Taro.showToast({ title: '请拍一张处理后的照片', icon: 'none' });
        return;
      }
      if (note.trim().length < 2) {
        void Taro.showToast({ title: '请填写处理情况', icon: 'none' });
        return;
      }
      onDone(await resolve({ id: report.id, note: note.trim(), photos: photos.map((p) => p.fileID) }), '已提交处理结果');
    });
  return (
    <View className="yh-card rd-panel" data-testid="resolve-panel">
      <Text className="yh-card__title">{report.status === 'reopened' ? '上报人反馈未解决，请再次处理' : '处理完成后拍照回复'}</Text>
      <Text className="rd-label">处理后的照片（至少 1 张）</Text>
      <PhotoUploader photos={photos} onChange={setPhotos} onBusyChange={setUploading} testId="resolve-photos" />
      <Text className="rd-label">处理情况</Text>
      <Textarea className="rd-textarea" data-testid="resolve-note" value={note} maxlength={MAX_DESCRIPTION} placeholder="例如：已联系市政填补坑洞，并设置警示标志" onInput={(e) => setNote(e.detail.value)} />
      <Button className={`yh-btn yh-btn--primary yh-btn--block${uploading ? ' yh-btn--disabled' : ''}`} data-testid="detail-resolve" {...busyProps(busy)} onClick={() => void go()}>
        {uploading ? '照片上传中…' : '提交处理结果'}
      </Button>
    </View>
  );
}

function RatePanel({ report, onDone }: { report: ReportView; onDone: Done }) {
  const { busy, run } = useAction();
  const [score, setScore] = useState(0);
  const [fixed, setFixed] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const go = () =>
    run(async () => {
      if (fixed === null) {
        void Taro.showToast({ title: '请选择问题是否已解决', icon: 'none' });
        return;
      }
      if (!score) {
        void Taro.showToast({ title: '请打个分', icon: 'none' });
        return;
      }
      const over = tooLong('评价', comment, COMMENT_MAX);
      if (over) {
        void Taro.showToast({ title: over, icon: 'none' });
        return;
      }
      const next = await rate({ id: report.id, score, fixed, comment: comment.trim() || undefined });
      onDone(next, fixed ? (next.points > 0 ? `感谢评价！这条上报为你赢得 ${next.points} 积分` : '感谢评价！') : '已退回网格员重新处理');
    });
  return (
    <View className="yh-card rd-panel" id="rate-panel" data-testid="rate-panel">
      <Text className="yh-card__title">处理得怎么样？</Text>
      <View className="rd-fixed">
        <View className={`rd-fixed__item${fixed === true ? ' rd-fixed__item--yes' : ''}`} data-testid="rate-fixed" onClick={() => setFixed(true)}>
          <Text>已解决</Text>
        </View>
        <View className={`rd-fixed__item${fixed === false ? ' rd-fixed__item--no' : ''}`} data-testid="rate-unfixed" onClick={() => setFixed(false)}>
          <Text>未解决</Text>
        </View>
      </View>
      <View className="rd-stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <Text key={n} className={`rd-stars__star${n <= score ? ' rd-stars__star--on' : ''}`} data-testid={`rate-star-${n}`} onClick={() => setScore(n)}>
            {n <= score ? '★' : '☆'}
          </Text>
        ))}
      </View>
      {fixed === false ? <Text className="yh-muted rd-note">选择「未解决」会退回网格员重新处理。</Text> : null}
      <Textarea className="rd-textarea" data-testid="rate-comment" value={comment} maxlength={-1} placeholder="说说处理得怎么样（选填）" onInput={(e) => setComment(e.detail.value)} />
      <LengthCount text={comment} max={COMMENT_MAX} testId="rate-comment-count" />
      <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="rate-submit" {...busyProps(busy)} onClick={() => void go()}>
        提交评价
      </Button>
    </View>
  );
}

function Detail({ id, user, focus }: { id: string; user: UserView; focus?: string }) {
  const [report, setReport] = useState<ReportView | null>(null);
  const [error, setError] = useState('');

  const load = useCallback(() => {
    setError('');
    getReport(id, { silent: true })
      .then(setReport)
      .catch((e: unknown) => setError(e instanceof ApiCallError ? e.message : '加载失败，请稍后重试'));
  }, [id]);
  useEffect(load, [load]);

  // Opened from the home's 待评价: bring the rating into view once it is there.
  const canRate = !!report?.can.includes('close');
  useEffect(() => {
    if (focus === 'rate' && canRate) setTimeout(() => void Taro.pageScrollTo({ selector: '#rate-panel', duration: 300 }).catch(() => undefined), 300);
  }, [focus, canRate]);

  const done: Done = (next, toast) => {
    // Action replies skip the reporter's contact details (one read fewer); keep what the page had.
    setReport((prev) => ({ ...next, reporter: next.reporter ?? prev?.reporter ?? null }));
    void Taro.showToast({ title: toast, icon: 'none' });
    // Points may have moved: refresh the session user so 首页/我的 show the new balance.
    if (next.mine) me({ silent: true }).then(setUser).catch(() => undefined);
  };

  if (error) {
    return <EmptyState glyph="!" title="打不开这条上报" description={error} action={<Button className="yh-btn yh-btn--primary yh-btn--block" onClick={load}>重试</Button>} />;
  }
  if (!report) return <EmptyState glyph="…" title="正在加载" description="请稍候" />;

  const can = (a: string) => report.can.includes(a as never);
  const open = ['submitted', 'accepted', 'dispatched', 'reopened'].includes(report.status);
  const where = [report.region.communityName, report.region.gridName].filter(Boolean).join(' · ') || (report.region.level === 'district' ? '区级待分派' : '');
  // Staff and grid workers go to the spot: they get the map preview.
  const worksOnSite = user.roles.some((r) => r === 'staff' || r === 'admin' || r === 'gridworker');
  // A rating of 未解决 reopens the report; once it is resolved again, that rating was about the
  // earlier fix and must not read as the verdict on the new one.
  const earlierRating = report.rating && report.resolution && Date.parse(report.rating.at) < Date.parse(report.resolution.at) ? report.rating : null;

  return (
    <View data-testid="detail-page">
      <View className="yh-card">
        <View className="rd-head">
          <Text className="rd-head__title">{report.kind === 'volunteer' ? `志愿服务 · ${report.activity}` : report.categoryName}</Text>
          <View data-testid="detail-status">
            <StatusChip status={report.status} kind={report.kind} />
          </View>
        </View>
        {/* Overdue is said once, in the red chip with how long; otherwise the time left. */}
        <Text className="yh-muted">
          {formatTime(report.createdAt)}
          {open && !report.overdue ? ` · ${dueText(report.dueAt)}` : ''}
        </Text>
        {report.overdue ? <LateChip text={open ? dueText(report.dueAt) : undefined} /> : null}
        {report.points > 0 ? (
          <View className="rd-points" data-testid="detail-points">
            <Text>{report.kind === 'volunteer' ? '认定奖励' : '受理奖励'}</Text>
            <Text className="rd-points__num">+{report.points} 积分</Text>
          </View>
        ) : null}
        {report.status === 'rejected' && report.rejectReason ? <Text className="rd-reason">未通过原因：{report.rejectReason}</Text> : null}
        {report.status === 'rejected' && report.mine ? (
          <Button className="yh-btn yh-btn--primary yh-btn--block" data-testid="detail-resubmit" onClick={() => void resubmit(report)}>
            重新上报
          </Button>
        ) : null}
        {report.status === 'duplicate' ? <Text className="rd-reason">这个问题已有人上报，社区会一并处理。</Text> : null}
      </View>

      <View className="yh-card">
        {report.photos.length || report.hiddenPhotos ? <Photos photos={report.photos} hidden={report.hiddenPhotos} testId="detail-photos" /> : null}
        <Text className="rd-desc" data-testid="detail-description">
          {report.description}
        </Text>
        {report.textUnderReview ? <Text className="yh-muted rd-note">描述正在人工复核，复核前只有你和工作人员能看到。</Text> : null}
        {report.kind === 'volunteer' ? <Row label="服务时长">{<Text>{report.hours} 小时</Text>}</Row> : null}
        {report.address ? <Row label="地址">{<Text>{report.address}</Text>}</Row> : null}
        {where ? <Row label="所属">{<Text>{where}</Text>}</Row> : null}
        {report.place ? <Row label="反馈对象">{<Text>{report.place.name}</Text>}</Row> : null}
        {report.assigneeName ? <Row label="网格员">{<Text>{report.assigneeName}</Text>}</Row> : null}
        {report.meTooCount > 0 ? <Row label="附议">{<Text>我也遇到了 ×{report.meTooCount}</Text>}</Row> : null}
        {report.sourceLabel ? <Row label="来源">{<Text data-testid="report-source">{report.sourceLabel.replace(/^来源：/, '')}</Text>}</Row> : null}
        {report.reporter ? (
          <Row label="上报人">
            <Text>
              {report.reporter.name} {report.reporter.phone}
            </Text>
          </Row>
        ) : null}
        {!worksOnSite && process.env.TARO_ENV === 'weapp' ? (
          <Button className="yh-btn yh-btn--ghost yh-btn--block" onClick={() => void Taro.openLocation({ latitude: report.location.lat, longitude: report.location.lng, name: report.address || report.categoryName, address: where })}>
            在地图上查看
          </Button>
        ) : null}
      </View>

      {worksOnSite ? <ReportMap report={report} /> : null}

      {earlierRating ? <RatingCard rating={earlierRating} title="上次处理的评价" note="评价后已退回网格员重新处理，下面是新的处理结果" /> : null}

      {report.resolution ? (
        <View className="yh-card" data-testid="detail-resolution">
          <Text className="yh-card__title">处理结果</Text>
          <Photos photos={report.resolution.photos} hidden={report.resolution.hiddenPhotos} testId="resolution-photos" />
          <Text className="rd-desc">{report.resolution.note}</Text>
          <Text className="yh-muted">
            网格员 {report.resolution.byName} · {formatTime(report.resolution.at)}
          </Text>
        </View>
      ) : null}

      {report.rating && !earlierRating ? <RatingCard rating={report.rating} title="评价" /> : null}

      {can('accept') || can('verify') || can('reject') || can('duplicate') ? <ReviewPanel report={report} onDone={done} /> : null}
      {can('dispatch') ? <DispatchPanel report={report} onDone={done} /> : null}
      {can('resolve') ? <ResolvePanel report={report} onDone={done} /> : null}
      {can('close') ? <RatePanel report={report} onDone={done} /> : null}

      <Timeline report={report} />
    </View>
  );
}

/** 重新上报: the form filled from this report; an unsent draft is replaced only if the person agrees. */
async function resubmit(report: ReportView): Promise<void> {
  const pending = loadDraft();
  if (pending && draftHasContent(pending)) {
    const r = await Taro.showModal({ title: '替换未提交的草稿？', content: '随手拍里还有一份没提交的草稿，重新上报会用这条上报的内容替换它。', confirmText: '替换', cancelText: '取消' });
    if (!r.confirm) return;
  }
  await startResubmit(report);
}

function RatingCard({ rating, title, note }: { rating: NonNullable<ReportView['rating']>; title: string; note?: string }) {
  return (
    <View className="yh-card" data-testid="detail-rating">
      <Text className="yh-card__title">{title}</Text>
      <Text className="rd-stars__static">{'★'.repeat(rating.score) + '☆'.repeat(5 - rating.score)}</Text>
      <Text className="rd-desc">
        {rating.fixed ? '已解决' : '未解决'}
        {rating.comment ? `：${rating.comment}` : ''}
      </Text>
      <Text className="yh-muted">
        {formatTime(rating.at)}
        {note ? ` · ${note}` : ''}
      </Text>
    </View>
  );
}

export default function DetailPage() {
  const router = useRouter();
  const id = router.params.id ?? '';
  return <PageShell requireUser>{(user) => (id ? <Detail id={id} user={user} focus={router.params.focus} /> : <EmptyState glyph="!" title="缺少上报编号" />)}</PageShell>;
}
