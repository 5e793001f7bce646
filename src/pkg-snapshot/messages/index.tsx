import { useState } from 'react';
import Taro, { useReachBottom } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { MessageView } from '../../../cloudfunctions/shared/contracts/snapshot';
import PageShell from '../../components/page-shell';
import { formatTime } from '../../constants/snapshot';
import { markRead, messages } from '../../services/snapshot';
import { ListFooter } from '../../components/paged-list';
import { usePaged } from '../../components/paged-list';
import './index.css';

function Messages() {
  const [unread, setUnread] = useState(0);
  const list = usePaged(
    (cursor) =>
      messages({ cursor }, { silent: true }).then((r) => {
        setUnread(r.unread);
        return r;
      }),
    'all',
  );
  useReachBottom(list.loadMore);

  const open = (m: MessageView) => {
    if (!m.read) {
      list.setItems((items) => items.map((x) => (x.id === m.id ? { ...x, read: true } : x)));
      setUnread((n) => Math.max(0, n - 1));
      markRead([m.id], { silent: true }).catch(() => undefined);
    }
    if (m.reportId) void Taro.navigateTo({ url: `/pkg-snapshot/detail/index?id=${m.reportId}` });
  };

  const readAll = async () => {
    const r = await markRead();
    setUnread(r.unread);
    list.setItems((items) => items.map((x) => ({ ...x, read: true })));
  };

  return (
    <View data-testid="messages-page">
      <View className="msg-head">
        <Text className="msg-head__count" data-testid="messages-unread">
          {unread > 0 ? `${unread} 条未读` : '全部已读'}
        </Text>
        {unread > 0 ? (
          <Button className="yh-btn yh-btn--ghost msg-head__btn" data-testid="messages-read-all" onClick={() => void readAll()}>
            全部已读
          </Button>
        ) : null}
      </View>
      {list.items.map((m) => (
        <View key={m.id} className={`msg${m.read ? '' : ' msg--unread'}`} data-testid="message" onClick={() => open(m)}>
          <View className="msg__top">
            {!m.read ? <View className="msg__dot" /> : null}
            <Text className="msg__title">{m.title}</Text>
          </View>
          <Text className="msg__body">{m.body}</Text>
          <Text className="msg__time">{formatTime(m.createdAt)}</Text>
        </View>
      ))}
      <ListFooter list={list} glyph="信" emptyTitle="暂无消息" emptyText="上报被受理、派单、处理完成时，会在这里通知你。" />
    </View>
  );
}

export default function MessagesPage() {
  return <PageShell requireUser>{() => <Messages />}</PageShell>;
}
